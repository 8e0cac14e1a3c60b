"""Cupping sheets in SQLite: the sheet rows, one row per field value and per note, and the
append-only exclusion log. Returns domain objects, never rows.

Writes run inside `OpenDatabase.write()`; nothing here commits, so a service decides what one
user action (one transaction) holds. Values are stored as the canonical text the domain's
sheet_codec makes; `decode` turns a sheet's stored text into values (the service passes the
session form's decoder, since only the form says how to read a field back).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from microlot_desk.domain.cupping.sessions import Exclusion, Sheet
from microlot_desk.errors import NotFound
from microlot_desk.storage.cupping_rows import EXCLUSION_COLUMNS, row_to_exclusion
from microlot_desk.storage.database import OpenDatabase

Decoder = Callable[[Mapping[str, str]], Mapping[str, object]]
SHEET_COLUMNS = "id, session_id, sample_id, cupper_id, updated_at, updated_by"


class SheetRepository:
    def __init__(self, database: OpenDatabase) -> None:
        self._database = database

    @property
    def _db(self) -> Any:
        return self._database.db

    # ---- reading -------------------------------------------------------------------------

    def sheet_id_for(self, sample_id: str, cupper_id: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM cupping_sheets WHERE sample_id = ? AND cupper_id = ? "
            "AND deleted_at IS NULL",
            [sample_id, cupper_id],
        ).fetchone()
        return str(row[0]) if row else None

    def get(self, sheet_id: str, decode: Decoder) -> Sheet:
        row = self._db.execute(
            f"SELECT {SHEET_COLUMNS} FROM cupping_sheets WHERE id = ? AND deleted_at IS NULL",
            [sheet_id],
        ).fetchone()
        if row is None:
            raise NotFound(kind="sheet", key=sheet_id)
        values = self._pairs("sheet_values", "value", "v.sheet_id = ?", [sheet_id])
        notes = self._pairs("sheet_notes", "text", "v.sheet_id = ?", [sheet_id])
        return row_to_sheet(row, decode(values.get(sheet_id, {})), notes.get(sheet_id, {}))

    def session_of(self, sheet_id: str) -> str:
        row = self._db.execute(
            "SELECT session_id FROM cupping_sheets WHERE id = ? AND deleted_at IS NULL", [sheet_id]
        ).fetchone()
        if row is None:
            raise NotFound(kind="sheet", key=sheet_id)
        return str(row[0])

    def of_session(self, session_id: str, decode: Decoder) -> tuple[Sheet, ...]:
        """Every live sheet of a session with its values and notes: three queries in all."""
        return tuple(self.of_sessions([session_id], {session_id: decode}).get(session_id, ()))

    def of_sessions(
        self, session_ids: Sequence[str], decoders: Mapping[str, Decoder]
    ) -> dict[str, list[Sheet]]:
        """of_session for many sessions at once (the ids as one JSON array), still three
        queries in all; `decoders` gives each session's decoder by its id."""
        ids = [json.dumps(list(session_ids))]
        rows = self._db.execute(
            f"SELECT {SHEET_COLUMNS} FROM cupping_sheets WHERE session_id IN "
            "(SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY created_at, id",
            ids,
        ).fetchall()
        where = "s.session_id IN (SELECT value FROM json_each(?)) AND s.deleted_at IS NULL"
        values = self._pairs("sheet_values", "value", where, ids, join=True)
        notes = self._pairs("sheet_notes", "text", where, ids, join=True)
        found: dict[str, list[Sheet]] = defaultdict(list)
        for row in rows:
            sheet_id, session_id = row[0], row[1]
            decoded = decoders[session_id](values.get(sheet_id, {}))
            found[session_id].append(row_to_sheet(row, decoded, notes.get(sheet_id, {})))
        return found

    def _pairs(
        self, table: str, column: str, where: str, params: list[Any], *, join: bool = False
    ) -> dict[str, dict[str, str]]:
        source = f"{table} v JOIN cupping_sheets s ON s.id = v.sheet_id" if join else f"{table} v"
        cursor = self._db.execute(
            f"SELECT v.sheet_id, v.key, v.{column} FROM {source} "
            f"WHERE {where} AND v.{column} IS NOT NULL",
            params,
        )
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for sheet_id, key, text in cursor.fetchall():
            found[sheet_id][key] = text
        return found

    def exclusion_log(self, sheet_id: str) -> list[Exclusion]:
        rows = self._db.execute(
            f"SELECT {EXCLUSION_COLUMNS} FROM sheet_exclusions WHERE sheet_id = ? "
            "ORDER BY at, rowid",
            [sheet_id],
        ).fetchall()
        return [row_to_exclusion(row) for row in rows]

    # ---- writing (inside OpenDatabase.write()) ---------------------------------------------

    def insert(
        self, sheet_id: str, session_id: str, sample_id: str, cupper_id: str, stamp: dict[str, str]
    ) -> None:
        self._db.execute(
            "INSERT INTO cupping_sheets (id, session_id, sample_id, cupper_id, created_at, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                sheet_id,
                session_id,
                sample_id,
                cupper_id,
                stamp["updated_at"],
                stamp["updated_at"],
                stamp["updated_by"],
            ],
        )

    def put_value(self, sheet_id: str, key: str, text: str | None, stamp: dict[str, str]) -> bool:
        """Store one field (None clears it); False when it already held exactly this."""
        return self._put("sheet_values", "value", sheet_id, key, text, stamp)

    def put_note(self, sheet_id: str, key: str, text: str | None, stamp: dict[str, str]) -> bool:
        """Store one note (None or "" clears it); False when it already held exactly this."""
        return self._put("sheet_notes", "text", sheet_id, key, text or None, stamp)

    def _put(
        self,
        table: str,
        column: str,
        sheet_id: str,
        key: str,
        text: str | None,
        stamp: dict[str, str],
    ) -> bool:
        current = self._db.execute(
            f"SELECT {column} FROM {table} WHERE sheet_id = ? AND key = ?", [sheet_id, key]
        ).fetchone()
        if (current[0] if current else None) == text:
            return False
        self._db.execute(
            f"INSERT INTO {table} (sheet_id, key, {column}, updated_at, updated_by) "
            f"VALUES (?, ?, ?, ?, ?) ON CONFLICT (sheet_id, key) DO UPDATE SET "
            f"{column} = excluded.{column}, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by",
            [sheet_id, key, text, stamp["updated_at"], stamp["updated_by"]],
        )
        self._db.execute(
            "UPDATE cupping_sheets SET updated_at = ?, updated_by = ? WHERE id = ?",
            [stamp["updated_at"], stamp["updated_by"], sheet_id],
        )
        return True

    def append_exclusion(self, entry: Exclusion) -> None:
        self._db.execute(
            f"INSERT INTO sheet_exclusions ({EXCLUSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                entry.id,
                entry.sheet_id,
                entry.action.value,
                entry.reason,
                entry.by,
                entry.at,
                entry.station,
            ],
        )


def row_to_sheet(
    row: tuple[Any, ...], values: Mapping[str, object], notes: Mapping[str, str]
) -> Sheet:
    return Sheet(
        id=row[0],
        session_id=row[1],
        sample_id=row[2],
        cupper_id=row[3],
        values=values,
        notes=notes,
        updated_at=row[4] or "",
        updated_by=row[5] or "",
    )
