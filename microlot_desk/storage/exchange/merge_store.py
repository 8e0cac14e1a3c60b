"""Reading and writing the records a bundle merges into, table by table, by identity.

Each carried table is merged by its identity columns (`KEYS`); a record key is those values as
a compact JSON list. Three kinds of table:
- versioned records (most): merged field by field (domain.record_merge), with what each has
  seen (`record_seen`) and the copies sent or received (`record_states`) kept beside them;
- append-only records (`APPEND_ONLY`): added when new, never changed;
- custody events: appended to a lot's hash chain (services.exchange.bundle_merge).
A lot's plots (`lot_plots`) travel as rows but merge as one field of the lot, `plots` (the list
of its plots in order), since the lot editor changes them with the lot. `lot_varieties` is
derived from each lot's varieties and rebuilt, not merged.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from microlot_desk.storage.database import OpenDatabase

KEYS: dict[str, tuple[str, ...]] = {
    "producers": ("id",),
    "plots": ("id",),
    "lots": ("id",),
    "custody_events": ("id",),
    "evidence_files": ("sha256",),
    "attachments": ("id",),
    "cuppers": ("id",),
    "cupping_sessions": ("id",),
    "session_cuppers": ("session_id", "cupper_id"),
    "cupping_samples": ("id",),
    "cupping_sheets": ("id",),
    "sheet_values": ("sheet_id", "key"),
    "sheet_notes": ("sheet_id", "key"),
    "sheet_exclusions": ("id",),
    "session_reveals": ("id",),
    "imported_results": ("sample_id",),
    "import_keys": ("sample_id",),
}
APPEND_ONLY = frozenset({"evidence_files", "sheet_exclusions", "session_reveals", "import_keys"})
LOT_PLOTS = "lot_plots"
PLOTS_FIELD = "plots"  # a lot's plots as one field: [[plot id, position], ...]
NOT_MERGED = frozenset({LOT_PLOTS, "lot_varieties"})  # merged with the lot, or derived
VERSIONED = frozenset(set(KEYS) - APPEND_ONLY - {"custody_events"})
SEEN_FIELD = "_seen"  # what a record in a bundle has seen, beside its columns


class RecordRefused(Exception):
    """A merged record this database's rules refuse (a reference to nothing, a duplicate
    code): the whole merge is undone."""


def record_key(table: str, row: dict[str, Any]) -> str:
    return json.dumps([row[k] for k in KEYS[table]], ensure_ascii=False, separators=(",", ":"))


def plots_by_lot(rows: Iterable[dict[str, Any]]) -> dict[str, list[list[Any]]]:
    """`lot_plots` rows as each lot's plots in position order: [[plot id, position], ...]."""
    found: dict[str, list[list[Any]]] = {}
    for row in rows:
        found.setdefault(row["lot_id"], []).append([row["plot_id"], row["position"]])
    for plots in found.values():
        plots.sort(key=lambda p: (p[1], p[0]))
    return found


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _keys_match(keys: Sequence[str]) -> str:
    """A condition picking the rows whose identity is in the JSON list of keys `:keys`."""
    if len(keys) == 1:
        return f"\"{keys[0]}\" IN (SELECT json_extract(value, '$[0]') FROM json_each(:keys))"
    listed = ", ".join(f'"{k}"' for k in keys)
    picked = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(keys)))
    return f"({listed}) IN (SELECT {picked} FROM json_each(:keys))"


class MergeStore:
    def __init__(self, database: OpenDatabase) -> None:
        self._database = database
        self._conn = database.conn

    # ---- records ---------------------------------------------------------------------------

    def local_rows(self, table: str, keys: list[str]) -> dict[str, dict[str, Any]]:
        """This station's copies of these records, by record key."""
        names = KEYS[table]
        cursor = self._conn.execute(
            f'SELECT * FROM "{table}" WHERE {_keys_match(names)}',
            {"keys": "[" + ",".join(keys) + "]"},
        )
        columns = [d[0] for d in cursor.description]
        found = (dict(zip(columns, row, strict=True)) for row in cursor)
        return {record_key(table, row): row for row in found}

    def insert(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        listed = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        try:
            self._conn.executemany(
                f'INSERT INTO "{table}" ({listed}) VALUES ({marks})',
                ([row[c] for c in columns] for row in rows),
            )
        except sqlite3.IntegrityError as error:
            raise RecordRefused(str(error)) from None

    def update(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        keys = KEYS[table]
        for row in rows:
            changed = [c for c in row if c not in keys]
            sets = ", ".join(f'"{c}" = ?' for c in changed)
            where = " AND ".join(f'"{k}" = ?' for k in keys)
            try:
                self._conn.execute(
                    f'UPDATE "{table}" SET {sets} WHERE {where}',
                    [row[c] for c in changed] + [row[k] for k in keys],
                )
            except sqlite3.IntegrityError as error:
                raise RecordRefused(str(error)) from None

    def lot_plots(self, lot_ids: Iterable[str]) -> dict[str, list[list[Any]]]:
        """Each of these lots' plots here (lots without plots are absent)."""
        cursor = self._conn.execute(
            "SELECT lot_id, plot_id, position FROM lot_plots WHERE lot_id IN"
            " (SELECT value FROM json_each(?))",
            [json.dumps(list(lot_ids))],
        )
        return plots_by_lot(
            {"lot_id": lot, "plot_id": plot, "position": position} for lot, plot, position in cursor
        )

    def replace_lot_plots(self, lot_id: str, plots: list[list[Any]]) -> None:
        self._conn.execute("DELETE FROM lot_plots WHERE lot_id = ?", [lot_id])
        try:
            self._conn.executemany(
                "INSERT INTO lot_plots (lot_id, plot_id, position) VALUES (?, ?, ?)",
                ([lot_id, plot, position] for plot, position in plots),
            )
        except sqlite3.IntegrityError as error:
            raise RecordRefused(str(error)) from None

    def live_lot_with_code(self, code: str, other_than: str) -> bool:
        return (
            self._conn.execute(
                "SELECT 1 FROM lots WHERE code = ? AND id != ? AND deleted_at IS NULL",
                [code, other_than],
            ).fetchone()
            is not None
        )

    def chain_hashes(self, lot_id: str) -> list[str]:
        """The content hash of each of the lot's custody events here, in order."""
        return [
            str(r[0])
            for r in self._conn.execute(
                "SELECT content_hash FROM custody_events WHERE lot_id = ? ORDER BY seq", [lot_id]
            )
        ]

    def move_chain_head(self, lot_id: str, last: dict[str, Any]) -> None:
        """The lot's chain head after appending events ending with `last`."""
        self._conn.execute(
            "INSERT INTO custody_heads (lot_id, count, head_hash, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(lot_id) DO UPDATE SET count = excluded.count,"
            " head_hash = excluded.head_hash, updated_at = excluded.updated_at",
            [lot_id, last["seq"], last["content_hash"], last["recorded_at"]],
        )

    def lots_of(self, table: str, identity: list[Any]) -> list[str]:
        """The lots whose list row or verdict a change to this record can alter."""
        sample_lots = "SELECT lot_id FROM cupping_samples WHERE id IN ({})"
        sql = {
            "lots": "SELECT ?",
            LOT_PLOTS: "SELECT ?",
            "producers": "SELECT id FROM lots WHERE producer_id = ?",
            "plots": "SELECT lot_id FROM lot_plots WHERE plot_id = ?",
            "cupping_sessions": "SELECT lot_id FROM cupping_samples WHERE session_id = ?",
            "session_cuppers": "SELECT lot_id FROM cupping_samples WHERE session_id = ?",
            "cupping_samples": "SELECT lot_id FROM cupping_samples WHERE id = ?",
            "imported_results": "SELECT lot_id FROM cupping_samples WHERE id = ?",
            "cupping_sheets": sample_lots.format(
                "SELECT sample_id FROM cupping_sheets WHERE id = ?"
            ),
            "sheet_values": sample_lots.format("SELECT sample_id FROM cupping_sheets WHERE id = ?"),
            "sheet_notes": sample_lots.format("SELECT sample_id FROM cupping_sheets WHERE id = ?"),
            "cuppers": sample_lots.format(
                "SELECT sample_id FROM cupping_sheets WHERE cupper_id = ?"
            ),
            "attachments": (
                "SELECT lot_id FROM (SELECT target_type AS t, target_id AS i FROM attachments"
                " WHERE id = ?) JOIN (SELECT 'lot' AS t, id AS i, id AS lot_id FROM lots"
                " UNION ALL SELECT 'event', id, lot_id FROM custody_events"
                " UNION ALL SELECT 'producer', producer_id, id FROM lots"
                " UNION ALL SELECT 'plot', plot_id, lot_id FROM lot_plots) USING (t, i)"
            ),
        }.get(table)
        if sql is None:
            return []
        return sorted({str(r[0]) for r in self._conn.execute(sql, [identity[0]])})

    # ---- what records have seen, and the copies that went out and came in ----------------

    def seen(self, table: str, keys: list[str] | None = None) -> dict[str, dict[str, str]]:
        """The stored vectors of these records (every record of the table for None)."""
        if keys is None:
            found = self._conn.execute(
                "SELECT record_key, seen FROM record_seen WHERE table_name = ?", [table]
            )
        else:
            found = self._conn.execute(
                "SELECT record_key, seen FROM record_seen WHERE table_name = ? AND record_key"
                " IN (SELECT value FROM json_each(?))",
                [table, json.dumps(keys)],
            )
        return {key: json.loads(seen) for key, seen in found}

    def set_seen(self, table: str, items: Iterable[tuple[str, dict[str, str]]]) -> None:
        self._conn.executemany(
            "INSERT INTO record_seen (table_name, record_key, seen) VALUES (?, ?, ?)"
            " ON CONFLICT (table_name, record_key) DO UPDATE SET seen = excluded.seen"
            " WHERE seen != excluded.seen",
            ((table, key, _dumps(seen)) for key, seen in items),
        )

    def states(
        self, table: str, keys: list[str]
    ) -> dict[str, list[tuple[dict[str, Any], dict[str, str]]]]:
        """The copies of these records this station sent or received, each with its vector."""
        found: dict[str, list[tuple[dict[str, Any], dict[str, str]]]] = {}
        for key, row, seen in self._conn.execute(
            "SELECT record_key, row, seen FROM record_states WHERE table_name = ? AND"
            " record_key IN (SELECT value FROM json_each(?))",
            [table, json.dumps(keys)],
        ):
            found.setdefault(key, []).append((json.loads(row), json.loads(seen)))
        return found

    def sent_by(self, table: str, station: str) -> dict[str, tuple[str, dict[str, Any]]]:
        """For each record, the copy with the latest edit of `station` that this station ever
        sent or received: (that edit's time, the copy)."""
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for key, row, seen in self._conn.execute(
            "SELECT record_key, row, seen FROM record_states WHERE table_name = ? AND seen LIKE ?",
            [table, f'%"{station}"%'],
        ):
            at = json.loads(seen).get(station)
            if at and at > found.get(key, ("", {}))[0]:
                found[key] = (at, json.loads(row))
        return found

    def keep_states(
        self, table: str, items: Iterable[tuple[str, dict[str, Any], dict[str, str]]]
    ) -> None:
        """Keep copies of records (key, row, vector) as they were sent, received or merged;
        a copy is known by its content and vector together (a merged copy can carry the stamp
        of one side with content of both), and one already kept is the same copy."""

        def kept(key: str, row: dict[str, Any], seen: dict[str, str]) -> tuple[str, ...]:
            row_text, seen_text = _dumps(row), _dumps(seen)
            state = hashlib.sha256(f"{row_text}\x1f{seen_text}".encode()).hexdigest()[:32]
            return (table, key, state, seen_text, row_text)

        self._conn.executemany(
            "INSERT INTO record_states (table_name, record_key, state, seen, row)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (kept(key, row, seen) for key, row, seen in items),
        )

    # ---- conflicts -----------------------------------------------------------------------

    def keep_conflict(self, conflict: dict[str, Any]) -> str:
        """Record an open conflict, or refresh the one open on the same field. Returns "new"
        or "refreshed" (the database changed), "same" (seen before with the same values) or
        "settled" (the user already chose, for these very values: not raised again)."""
        settled = self._conn.execute(
            "SELECT 1 FROM merge_conflicts WHERE table_name = ? AND record_key = ? AND"
            " field = ? AND theirs = ? AND resolved_at IS NOT NULL LIMIT 1",
            [
                conflict["table_name"],
                conflict["record_key"],
                conflict["field"],
                conflict["theirs"],
            ],
        ).fetchone()
        open_one = self._conn.execute(
            "SELECT id, mine, theirs FROM merge_conflicts WHERE table_name = ? AND"
            " record_key = ? AND field = ? AND resolved_at IS NULL",
            [conflict["table_name"], conflict["record_key"], conflict["field"]],
        ).fetchone()
        if open_one is None:
            if settled is not None:
                return "settled"
            self.insert("merge_conflicts", [conflict])
            return "new"
        if (open_one[1], open_one[2]) == (conflict["mine"], conflict["theirs"]):
            return "same"
        self._conn.execute(
            "UPDATE merge_conflicts SET mine = ?, theirs = ?, theirs_seen = ?, station = ?,"
            " fingerprint = ? WHERE id = ?",
            [
                conflict["mine"],
                conflict["theirs"],
                conflict["theirs_seen"],
                conflict["station"],
                conflict["fingerprint"],
                open_one[0],
            ],
        )
        return "refreshed"

    def open_count(self) -> int:
        found = self._conn.execute("SELECT count(*) FROM merge_conflicts WHERE resolved_at IS NULL")
        return int(found.fetchone()[0])

    def open_conflicts(self) -> list[dict[str, Any]]:
        return self._database.rows(
            "SELECT * FROM merge_conflicts WHERE resolved_at IS NULL ORDER BY found_at, label"
        )

    def conflict(self, conflict_id: str) -> dict[str, Any] | None:
        found = self._database.rows("SELECT * FROM merge_conflicts WHERE id = ?", [conflict_id])
        return found[0] if found else None

    def open_on(self, table: str, key: str) -> list[str]:
        """The ids of the conflicts open on this record."""
        return [
            str(r[0])
            for r in self._conn.execute(
                "SELECT id FROM merge_conflicts WHERE table_name = ? AND record_key = ? AND"
                " resolved_at IS NULL",
                [table, key],
            )
        ]

    def close_conflicts_on(self, table: str, keys: list[str], kept: str, at: str) -> int:
        """Close the conflicts open on these records (their copy, taken whole, already holds
        a choice made at the other station); how many were closed."""
        done = self._conn.execute(
            "UPDATE merge_conflicts SET resolved_at = ?, kept = ? WHERE table_name = ? AND"
            " resolved_at IS NULL AND record_key IN (SELECT value FROM json_each(?))",
            [at, kept, table, json.dumps(keys)],
        )
        return int(done.rowcount)

    def close_conflict(self, conflict_id: str, kept: str, at: str) -> None:
        self._conn.execute(
            "UPDATE merge_conflicts SET resolved_at = ?, kept = ? WHERE id = ?",
            [at, kept, conflict_id],
        )

    # ---- where lots came from -----------------------------------------------------------

    def note_origins(self, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
        """(lot, station, fingerprint, signed at, received at); the first arrival stays."""
        self._conn.executemany(
            "INSERT INTO lot_origins (lot_id, station, fingerprint, signed_at, received_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (lot_id) DO NOTHING",
            rows,
        )

    def origin(self, lot_id: str) -> dict[str, Any] | None:
        found = self._database.rows("SELECT * FROM lot_origins WHERE lot_id = ?", [lot_id])
        return found[0] if found else None
