"""Cupping sessions in SQLite: sessions, their samples and panel of cuppers, the cupper roster,
the append-only reveal log, imported panel results, and a whole session read in one go.
Returns domain objects, never rows.

Writes run inside `OpenDatabase.write()`; nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from microlot_desk.domain.cupping.session_panel import SessionRecord
from microlot_desk.domain.cupping.sessions import (
    Cupper,
    CuppingSession,
    ImportedResult,
    LotLabel,
    Reveal,
    Sample,
    SessionOverview,
)
from microlot_desk.errors import NotFound
from microlot_desk.storage.bulk_rows import insert_rows
from microlot_desk.storage.cupping_rows import (
    CUPPER_COLUMNS,
    REVEAL_COLUMNS,
    SAMPLE_COLUMNS,
    SESSION_COLUMNS,
    cupper_to_row,
    imported_to_row,
    row_to_cupper,
    row_to_reveal,
    row_to_sample,
    row_to_session,
    sample_to_row,
    session_to_row,
)
from microlot_desk.storage.cupping_sheet_repository import SheetRepository
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.session_loading import DecoderFor, load_sessions

_LIVE_SESSION = "deleted_at IS NULL"


class CuppingRepository:
    def __init__(self, database: OpenDatabase) -> None:
        self._database = database
        self.sheets = SheetRepository(database)

    @property
    def _db(self) -> Any:
        return self._database.db

    def _one(self, sql: str, params: list[Any]) -> Any:
        return self._db.execute(sql, params).fetchone()

    # ---- sessions ------------------------------------------------------------------------

    def session(self, session_id: str) -> CuppingSession:
        row = self._one(
            f"SELECT {SESSION_COLUMNS} FROM cupping_sessions WHERE id = ? AND {_LIVE_SESSION}",
            [session_id],
        )
        if row is None:
            raise NotFound(kind="session", key=session_id)
        return row_to_session(row)

    def session_ids_starting(self, prefix: str) -> list[str]:
        rows = self._db.execute(
            f"SELECT id FROM cupping_sessions WHERE {_LIVE_SESSION} AND substr(id, 1, ?) = ?",
            [len(prefix), prefix.lower()],
        ).fetchall()
        return [str(row[0]) for row in rows]

    def overviews(self) -> list[SessionOverview]:
        """Every live session, newest first, with its counts (one query)."""
        columns = ", ".join(f"c.{name.strip()}" for name in SESSION_COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT {columns}, "
            "(SELECT count(*) FROM cupping_samples s WHERE s.session_id = c.id "
            " AND s.deleted_at IS NULL), "
            "(SELECT count(*) FROM session_cuppers p WHERE p.session_id = c.id "
            " AND p.deleted_at IS NULL), "
            "(SELECT count(*) FROM cupping_sheets h WHERE h.session_id = c.id "
            " AND h.deleted_at IS NULL AND EXISTS (SELECT 1 FROM sheet_values v "
            " WHERE v.sheet_id = h.id AND v.value IS NOT NULL)), "
            "EXISTS (SELECT 1 FROM session_reveals r WHERE r.session_id = c.id) "
            "FROM cupping_sessions c WHERE c.deleted_at IS NULL "
            "ORDER BY c.held_on DESC, c.created_at DESC"
        ).fetchall()
        return [
            SessionOverview(row_to_session(row[:13]), row[13], row[14], row[15], bool(row[16]))
            for row in rows
        ]

    def load(self, session_id: str, decoder_for: DecoderFor) -> SessionRecord:
        """Everything stored about one session (NotFound when there is no such session)."""
        found = load_sessions(self._database, [session_id], decoder_for)
        if session_id not in found:
            raise NotFound(kind="session", key=session_id)
        return found[session_id]

    def load_many(
        self, session_ids: Iterable[str], decoder_for: DecoderFor
    ) -> dict[str, SessionRecord]:
        """`load` of many sessions at once, by id; a session no longer there is absent."""
        return load_sessions(self._database, session_ids, decoder_for)

    def insert_session(self, session: CuppingSession) -> None:
        self.insert_sessions([session])

    def insert_sessions(self, sessions: Iterable[CuppingSession]) -> None:
        """Many sessions in one batch (an import makes one per grading date)."""
        insert_rows(self._db.conn, "cupping_sessions", map(session_to_row, sessions))

    def update_session(self, session: CuppingSession) -> None:
        row = session_to_row(session)
        del row["id"], row["created_at"]
        self._db["cupping_sessions"].update(session.id, row)

    # ---- samples -------------------------------------------------------------------------

    def samples_of(self, session_id: str) -> tuple[Sample, ...]:
        rows = self._db.execute(
            f"SELECT {SAMPLE_COLUMNS} FROM cupping_samples WHERE session_id = ? "
            "AND deleted_at IS NULL ORDER BY position, id",
            [session_id],
        ).fetchall()
        return tuple(row_to_sample(row) for row in rows)

    def sample(self, sample_id: str) -> Sample:
        row = self._one(
            f"SELECT {SAMPLE_COLUMNS} FROM cupping_samples WHERE id = ? AND deleted_at IS NULL",
            [sample_id],
        )
        if row is None:
            raise NotFound(kind="sample", key=sample_id)
        return row_to_sample(row)

    def samples_of_lot(self, lot_id: str) -> list[Sample]:
        rows = self._db.execute(
            f"SELECT {SAMPLE_COLUMNS} FROM cupping_samples WHERE lot_id = ? "
            "AND deleted_at IS NULL ORDER BY session_id, position",
            [lot_id],
        ).fetchall()
        return [row_to_sample(row) for row in rows]

    def samples_of_lots(self, lot_ids: Iterable[str]) -> list[Sample]:
        """The live samples of many lots (in chunks SQLite's variable limit allows)."""
        wanted = list(dict.fromkeys(lot_ids))
        found: list[Sample] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                f"SELECT {SAMPLE_COLUMNS} FROM cupping_samples WHERE deleted_at IS NULL AND "
                f"lot_id IN ({', '.join('?' for _ in chunk)}) ORDER BY session_id, position",
                chunk,
            ).fetchall()
            found.extend(row_to_sample(row) for row in rows)
        return found

    def insert_sample(self, sample: Sample) -> None:
        self._db["cupping_samples"].insert(sample_to_row(sample))

    def insert_samples(self, samples: Iterable[Sample]) -> None:
        """Many samples in one batch (an import of thousands of rows)."""
        insert_rows(self._db.conn, "cupping_samples", map(sample_to_row, samples))

    def lot_labels(self, lot_ids: Iterable[str]) -> dict[str, LotLabel]:
        wanted = sorted(set(lot_ids))
        if not wanted:
            return {}
        # One JSON array, not a placeholder per lot: an import's lots outnumber SQLite's limit.
        rows = self._db.execute(
            "SELECT id, code, name FROM lots WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(wanted)],
        ).fetchall()
        return {row[0]: LotLabel(row[0], row[1], row[2]) for row in rows}

    def lot_exists(self, lot_id: str) -> bool:
        found = self._one("SELECT 1 FROM lots WHERE id = ? AND deleted_at IS NULL", [lot_id])
        return found is not None

    # ---- cuppers -------------------------------------------------------------------------

    def cupper(self, cupper_id: str, *, any_state: bool = False) -> Cupper:
        """A cupper by id; any_state also finds one whose record was deleted (old sheets)."""
        live = "" if any_state else " AND deleted_at IS NULL"
        row = self._one(f"SELECT {CUPPER_COLUMNS} FROM cuppers WHERE id = ?{live}", [cupper_id])
        if row is None:
            raise NotFound(kind="cupper", key=cupper_id)
        return row_to_cupper(row)

    def cuppers(self) -> list[Cupper]:
        rows = self._db.execute(
            f"SELECT {CUPPER_COLUMNS} FROM cuppers WHERE deleted_at IS NULL "
            "ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
        return [row_to_cupper(row) for row in rows]

    def cupper_with_licence(self, licence: str) -> Cupper | None:
        row = self._one(
            f"SELECT {CUPPER_COLUMNS} FROM cuppers WHERE q_licence = ? AND deleted_at IS NULL",
            [licence],
        )
        return row_to_cupper(row) if row else None

    def cuppers_of(self, session_id: str) -> tuple[Cupper, ...]:
        columns = ", ".join(f"c.{name.strip()}" for name in CUPPER_COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT {columns} FROM session_cuppers p JOIN cuppers c ON c.id = p.cupper_id "
            "WHERE p.session_id = ? AND p.deleted_at IS NULL ORDER BY p.position, c.id",
            [session_id],
        ).fetchall()
        return tuple(row_to_cupper(row) for row in rows)

    def insert_cupper(self, cupper: Cupper) -> None:
        self._db["cuppers"].insert(cupper_to_row(cupper))

    def add_to_session(
        self, session_id: str, cupper_id: str, position: int, stamp: dict[str, str]
    ) -> None:
        self._db.execute(
            "INSERT INTO session_cuppers (session_id, cupper_id, position, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?)",
            [session_id, cupper_id, position, stamp["updated_at"], stamp["updated_by"]],
        )

    # ---- reveals and imported results ------------------------------------------------------

    def reveals_of(self, session_id: str) -> tuple[Reveal, ...]:
        rows = self._db.execute(
            f"SELECT {REVEAL_COLUMNS} FROM session_reveals WHERE session_id = ? ORDER BY at, rowid",
            [session_id],
        ).fetchall()
        return tuple(row_to_reveal(row) for row in rows)

    def append_reveal(self, reveal: Reveal) -> None:
        self._db.execute(
            f"INSERT INTO session_reveals ({REVEAL_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            [reveal.id, reveal.session_id, reveal.by, reveal.at, reveal.station],
        )

    def insert_imported_many(
        self, results: Iterable[ImportedResult], stamp: dict[str, str]
    ) -> None:
        """Many imported results in one batch, all stamped alike."""
        insert_rows(
            self._db.conn,
            "imported_results",
            ({**imported_to_row(r), "created_at": stamp["updated_at"], **stamp} for r in results),
        )
