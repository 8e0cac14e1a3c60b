"""The lot list: one row per live lot with what the list shows, searched, filtered, sorted and
paged in SQL. Rows are written by LotRepository in the same transaction as the lot.

Search: terms of three characters or more go through the trigram FTS index (integer row ids,
no join); shorter ones (a Chinese given name, "ge") test the folded text of each row, which is
cheap because the row is already the one being read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from microlot_desk.domain.lot_query import UNASSESSED, LotQuery, LotSort
from microlot_desk.domain.lots import Lot, LotSummary
from microlot_desk.domain.size_classes import SizeClass
from microlot_desk.domain.text_folding import fold
from microlot_desk.storage.database import OpenDatabase, damage_reported

_SORT_SQL = {
    LotSort.CODE: "code",
    LotSort.NAME: "name COLLATE NOCASE",
    LotSort.PRODUCER: "producer COLLATE NOCASE",
    LotSort.COUNTRY: "country",
    LotSort.PROCESS: "process",
    LotSort.GREEN_KG: "weight",
    LotSort.STATUS: "status",
    LotSort.UPDATED: "updated_at",
    LotSort.VERDICT: "verdict",
}
_COLUMNS = "lot_id, code, name, producer, country, region, process, varieties, green_kg, status, "
_COLUMNS += "updated_at, verdict, verdict_met"
_TRIGRAM = 3


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", term) + "%"


def _where(query: LotQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    terms = fold(query.search).split()
    long_terms = [t for t in terms if len(t) >= _TRIGRAM]
    if long_terms:
        clauses.append("id IN (SELECT rowid FROM lot_search WHERE lot_search MATCH ?)")
        params.append(" AND ".join(_fts_phrase(t) for t in long_terms))
    for term in terms:
        if len(term) < _TRIGRAM:
            clauses.append("folded LIKE ? ESCAPE '\\'")
            params.append(like_pattern(term))
    if query.country:
        clauses.append("country = ?")
        params.append(query.country)
    if query.process:
        clauses.append("process = ?")
        params.append(query.process)
    if query.variety:
        clauses.append("lot_id IN (SELECT lot_id FROM lot_varieties WHERE variety_key = ?)")
        params.append(fold(query.variety))
    if query.size_class is not None:
        clauses.append(_size_clause(query, params))
    if query.verdict == UNASSESSED:
        clauses.append("verdict IS NULL")
    elif query.verdict:
        clauses.append("verdict = ?")
        params.append(query.verdict)
    return (" AND ".join(clauses) or "1"), params


def _size_clause(query: LotQuery, params: list[Any]) -> str:
    t = query.thresholds
    if query.size_class is SizeClass.REGULAR:
        params.append(float(t.micro_to))
        return "weight > ?"
    low, high, inclusive = t.bounds(query.size_class or SizeClass.MICRO)
    parts = ["weight IS NOT NULL"]
    if low is not None:
        parts.append("weight >= ?")
        params.append(float(low))
    if high is not None:
        parts.append(f"weight {'<=' if inclusive else '<'} ?")
        params.append(float(high))
    return "(" + " AND ".join(parts) + ")"


def _summary(row: tuple[Any, ...]) -> LotSummary:
    return LotSummary(
        id=row[0],
        code=row[1],
        name=row[2],
        producer=row[3],
        country=row[4],
        region=row[5],
        process=row[6],
        varieties=row[7],
        green_kg=Decimal(row[8]) if row[8] else None,
        status=row[9],
        updated_at=row[10],
        verdict=row[11],
        verdict_met=row[12],
    )


class LotList:
    def __init__(self, database: OpenDatabase) -> None:
        self._conn = database.conn
        self._path = database.path

    # The list is what the window reads most, page after page while scrolling: a damaged page
    # met there is told as DatabaseDamaged with the backup to restore.

    def count(self, query: LotQuery) -> int:
        where, params = _where(query)
        sql = f"SELECT count(*) FROM lot_list WHERE {where}"
        with damage_reported(self._path):
            return int(self._conn.execute(sql, params).fetchone()[0])

    def page(self, query: LotQuery, offset: int, limit: int) -> list[LotSummary]:
        where, params = _where(query)
        direction = "DESC" if query.descending else "ASC"
        order = f"{_SORT_SQL[query.sort]} {direction}, code {direction}"
        sql = f"SELECT {_COLUMNS} FROM lot_list WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        with damage_reported(self._path):
            return [_summary(row) for row in self._conn.execute(sql, [*params, limit, offset])]

    def distinct(self, column: str) -> list[str]:
        """Values present in the data, for filter menus (country, process, variety)."""
        if column == "variety":
            sql = "SELECT DISTINCT variety_key FROM lot_varieties ORDER BY 1"
        elif column in ("country", "process"):
            sql = f"SELECT DISTINCT {column} FROM lot_list WHERE {column} != '' ORDER BY 1"
        else:
            raise ValueError(column)
        return [row[0] for row in self._conn.execute(sql)]

    def total(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM lot_list").fetchone()[0])

    def write_verdict(self, lot_id: str, overall: str, met: int) -> None:
        """Store the lot's verdict summary (inside OpenDatabase.write()); the FTS index is not
        touched (its trigger fires on `folded` only)."""
        self._conn.execute(
            "UPDATE lot_list SET verdict = ?, verdict_met = ? WHERE lot_id = ?",
            [overall, met, lot_id],
        )

    def unassessed(self, limit: int) -> list[str]:
        """Ids of lots whose verdict was never computed (lots from before m0005)."""
        rows = self._conn.execute(
            "SELECT lot_id FROM lot_list WHERE verdict IS NULL ORDER BY id LIMIT ?", [limit]
        ).fetchall()
        return [row[0] for row in rows]

    def all_ids(self) -> list[str]:
        return [row[0] for row in self._conn.execute("SELECT lot_id FROM lot_list ORDER BY id")]

    def write_verdicts(self, verdicts: Iterable[tuple[str, str, int]]) -> None:
        """Store many verdict summaries, each (lot id, overall, met), in one statement."""
        self._conn.executemany(
            "UPDATE lot_list SET verdict = ?, verdict_met = ? WHERE lot_id = ?",
            ((overall, met, lot_id) for lot_id, overall, met in verdicts),
        )

    def write(self, lot: Lot, folded: str) -> None:
        """Upsert the lot's row (inside OpenDatabase.write()); triggers update the FTS index."""
        self.write_many([(lot, folded)])

    def write_many(self, lots: Iterable[tuple[Lot, str]]) -> None:
        """Upsert the rows of many lots, each (lot, folded search text), in one statement.

        One statement, not executemany: the full-text index flushes what it has gathered at
        the end of every statement, so a statement per row wrote ten thousand tiny index
        segments and merged them (1.5 s for 10,000 lots here, 0.4 s as one statement)."""
        rows = [_list_row(lot, folded) for lot, folded in lots]
        if rows:
            self._conn.execute(_UPSERT, [json.dumps(rows, ensure_ascii=False)])


_WRITTEN = (
    "lot_id, code, name, producer, country, region, process, varieties, green_kg, weight,"
    " status, updated_at, folded"
)
# Each row is a JSON array; json_extract, not ->>, which SQLite before 3.38 lacks.
_VALUES = ", ".join(f"json_extract(value, '$[{n}]')" for n in range(len(_WRITTEN.split(","))))
# "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
_UPSERT = (
    f"INSERT INTO lot_list ({_WRITTEN}) SELECT {_VALUES} FROM json_each(?) WHERE true"
    " ON CONFLICT(lot_id) DO UPDATE SET code = excluded.code, name = excluded.name,"
    " producer = excluded.producer, country = excluded.country,"
    " region = excluded.region, process = excluded.process,"
    " varieties = excluded.varieties, green_kg = excluded.green_kg,"
    " weight = excluded.weight, status = excluded.status,"
    " updated_at = excluded.updated_at, folded = excluded.folded"
)


def _list_row(lot: Lot, folded: str) -> list[Any]:
    return [
        lot.id,
        lot.code,
        lot.name,
        lot.producer_name,
        lot.country,
        lot.region,
        lot.process,
        ", ".join(v.name for v in lot.varieties),
        format(lot.green_kg, "f") if lot.green_kg is not None else None,
        float(lot.green_kg) if lot.green_kg is not None else None,
        lot.status.value,
        lot.updated_at,
        folded,
    ]
