"""The rows a lot bundle carries: the chosen lots and everything that hangs off them, table by
table, in an order where every row's references come before it.

Every column of each table travels as stored (text, integers, null), so nothing is lost and a
column added by a later migration is noticed (the records schema refuses what it does not
know). Not carried: what the receiver derives (custody heads, the search index, the list
cache), the station's settings, and cupping sessions that are still blind and not revealed —
their samples would tie blind codes to lots before the panel has seen the result.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from microlot_desk.storage.database import OpenDatabase


@dataclass(frozen=True)
class BundleTable:
    name: str
    where: str  # an SQL condition on the table's rows, given the chosen lot ids as :lots


_SAMPLES = (
    "SELECT s.id FROM cupping_samples s JOIN cupping_sessions c ON c.id = s.session_id"
    " WHERE s.lot_id IN (SELECT value FROM json_each(:lots))"
    " AND (c.blind = 0 OR EXISTS (SELECT 1 FROM session_reveals r WHERE r.session_id = c.id))"
)
_SESSIONS = f"SELECT session_id FROM cupping_samples WHERE id IN ({_SAMPLES})"
_SHEETS = f"SELECT id FROM cupping_sheets WHERE sample_id IN ({_SAMPLES})"
_LOTS = "SELECT value FROM json_each(:lots)"
_PLOTS = f"SELECT plot_id FROM lot_plots WHERE lot_id IN ({_LOTS})"
_PRODUCERS = (
    f"SELECT producer_id FROM lots WHERE id IN ({_LOTS})"
    f" UNION SELECT producer_id FROM plots WHERE id IN ({_PLOTS})"
)
_EVENTS = f"SELECT id FROM custody_events WHERE lot_id IN ({_LOTS})"
_ATTACHMENTS = (
    f"(target_type = 'lot' AND target_id IN ({_LOTS}))"
    f" OR (target_type = 'producer' AND target_id IN ({_PRODUCERS}))"
    f" OR (target_type = 'plot' AND target_id IN ({_PLOTS}))"
    f" OR (target_type = 'event' AND target_id IN ({_EVENTS}))"
)
_CUPPERS = (
    f"SELECT cupper_id FROM session_cuppers WHERE session_id IN ({_SESSIONS})"
    f" UNION SELECT cupper_id FROM cupping_sheets WHERE id IN ({_SHEETS})"
)

TABLES: tuple[BundleTable, ...] = (
    BundleTable("producers", f"id IN ({_PRODUCERS})"),
    BundleTable("plots", f"id IN ({_PLOTS})"),
    BundleTable("lots", f"id IN ({_LOTS})"),
    BundleTable("lot_plots", f"lot_id IN ({_LOTS})"),
    BundleTable("lot_varieties", f"lot_id IN ({_LOTS})"),
    BundleTable("custody_events", f"lot_id IN ({_LOTS})"),
    BundleTable(
        "evidence_files", f"sha256 IN (SELECT sha256 FROM attachments WHERE {_ATTACHMENTS})"
    ),
    BundleTable("attachments", _ATTACHMENTS),
    BundleTable("cuppers", f"id IN ({_CUPPERS})"),
    BundleTable("cupping_sessions", f"id IN ({_SESSIONS})"),
    BundleTable("session_cuppers", f"session_id IN ({_SESSIONS})"),
    BundleTable("cupping_samples", f"id IN ({_SAMPLES})"),
    BundleTable("cupping_sheets", f"id IN ({_SHEETS})"),
    BundleTable("sheet_values", f"sheet_id IN ({_SHEETS})"),
    BundleTable("sheet_notes", f"sheet_id IN ({_SHEETS})"),
    BundleTable("sheet_exclusions", f"sheet_id IN ({_SHEETS})"),
    BundleTable("session_reveals", f"session_id IN ({_SESSIONS})"),
    BundleTable("imported_results", f"sample_id IN ({_SAMPLES})"),
    BundleTable("import_keys", f"sample_id IN ({_SAMPLES})"),
)
TABLE_NAMES = tuple(t.name for t in TABLES)


@contextlib.contextmanager
def one_moment(database: OpenDatabase) -> Iterator[None]:
    """Every read inside sees the database as it was at the first one (a read transaction):
    a bundle written while the app goes on writing is still one consistent moment."""
    conn = database.conn
    if conn.in_transaction:  # already inside one (a write): it is consistent by itself
        yield
        return
    conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # nothing was written: only the snapshot ends


def lot_ids(database: OpenDatabase, codes: list[str] | None) -> list[str]:
    """The ids of the live lots with these codes (every lot, tombstones too, for None), in code
    order; a code that matches no live lot is left out (the caller names it)."""
    if codes is None:
        return [r["id"] for r in database.rows("SELECT id FROM lots ORDER BY code, id")]
    return [
        r["id"]
        for r in database.rows(
            "SELECT id FROM lots WHERE deleted_at IS NULL AND code IN (SELECT value FROM"
            " json_each(?)) ORDER BY code",
            [json.dumps(codes)],
        )
    ]


def lot_codes(database: OpenDatabase, ids: list[str]) -> list[dict[str, str]]:
    """Each of these lots' id and code, in code order."""
    found = database.rows(
        "SELECT id, code FROM lots WHERE id IN (SELECT value FROM json_each(?)) ORDER BY code",
        [json.dumps(ids)],
    )
    return [{"id": str(r["id"]), "code": str(r["code"])} for r in found]


def columns(database: OpenDatabase, table: str) -> list[str]:
    return [str(r[1]) for r in database.conn.execute(f"PRAGMA table_info({table})")]


def bundle_rows(
    database: OpenDatabase, table: BundleTable, ids: list[str]
) -> Iterator[dict[str, Any]]:
    """The table's rows for these lots, one at a time (a cursor: memory stays flat)."""
    names = columns(database, table.name)
    listed = ", ".join(f'"{n}"' for n in names)
    order = (
        "lot_id, seq" if table.name == "custody_events" else "rowid" if _has_rowid(table) else "1"
    )
    cursor = database.conn.execute(
        f'SELECT {listed} FROM "{table.name}" WHERE {table.where} ORDER BY {order}',
        {"lots": json.dumps(ids)},
    )
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _has_rowid(table: BundleTable) -> bool:
    return table.name not in ("sheet_values", "sheet_notes")  # WITHOUT ROWID tables


def chain_heads(database: OpenDatabase, ids: list[str]) -> list[dict[str, Any]]:
    """Each lot's custody chain as the sender holds it: events and the last event's hash."""
    found = database.rows(
        "SELECT lot_id, max(seq) AS events, (SELECT content_hash FROM custody_events l WHERE"
        " l.lot_id = e.lot_id ORDER BY seq DESC LIMIT 1) AS head FROM custody_events e"
        " WHERE lot_id IN (SELECT value FROM json_each(?)) GROUP BY lot_id ORDER BY lot_id",
        [json.dumps(ids)],
    )
    return [{"lot": r["lot_id"], "events": r["events"], "head": r["head"]} for r in found]
