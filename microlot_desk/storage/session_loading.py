"""Everything stored about many cupping sessions, read with one query per table for all of
them (the session ids go in as one JSON array), not seven per session: an import's verdict pass
reads the thousands of sessions it has just made, and one session's screen reads one the same
way. Returns domain objects, never rows."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from microlot_desk.domain.cupping.session_panel import SessionRecord
from microlot_desk.domain.cupping.sessions import CuppingSession
from microlot_desk.storage.cupping_rows import (
    CUPPER_COLUMNS,
    EXCLUSION_COLUMNS,
    IMPORTED_COLUMNS,
    REVEAL_COLUMNS,
    SAMPLE_COLUMNS,
    SESSION_COLUMNS,
    row_to_cupper,
    row_to_exclusion,
    row_to_imported,
    row_to_reveal,
    row_to_sample,
    row_to_session,
)
from microlot_desk.storage.cupping_sheet_repository import Decoder, SheetRepository
from microlot_desk.storage.database import OpenDatabase

DecoderFor = Callable[[CuppingSession], Decoder]
T = TypeVar("T")

_IN = "IN (SELECT value FROM json_each(?))"


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{name.strip()}" for name in columns.split(","))


def load_sessions(
    database: OpenDatabase, session_ids: Iterable[str], decoder_for: DecoderFor
) -> dict[str, SessionRecord]:
    """The live sessions among `session_ids`, by id; an id with no live session is absent."""
    conn = database.conn
    ids = [json.dumps(list(dict.fromkeys(session_ids)))]
    sessions = {
        row[0]: row_to_session(row)
        for row in conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM cupping_sessions WHERE id {_IN} AND deleted_at IS NULL",
            ids,
        )
    }
    if not sessions:
        return {}

    def grouped(sql: str, convert: Callable[[tuple[Any, ...]], T]) -> dict[str, list[T]]:
        """Rows whose first column is their session's id, converted without it, in order."""
        found: dict[str, list[T]] = defaultdict(list)
        for row in conn.execute(sql, ids):
            found[row[0]].append(convert(row[1:]))
        return found

    samples = grouped(
        f"SELECT session_id, {SAMPLE_COLUMNS} FROM cupping_samples WHERE session_id {_IN} "
        "AND deleted_at IS NULL ORDER BY position, id",
        row_to_sample,
    )
    cuppers = grouped(
        f"SELECT p.session_id, {_prefixed('c', CUPPER_COLUMNS)} FROM session_cuppers p "
        f"JOIN cuppers c ON c.id = p.cupper_id WHERE p.session_id {_IN} "
        "AND p.deleted_at IS NULL ORDER BY p.position, c.id",
        row_to_cupper,
    )
    exclusions = grouped(
        f"SELECT s.session_id, {_prefixed('e', EXCLUSION_COLUMNS)} FROM sheet_exclusions e "
        f"JOIN cupping_sheets s ON s.id = e.sheet_id WHERE s.session_id {_IN} "
        "ORDER BY e.at, e.rowid",
        row_to_exclusion,
    )
    reveals = grouped(
        f"SELECT session_id, {REVEAL_COLUMNS} FROM session_reveals WHERE session_id {_IN} "
        "ORDER BY at, rowid",
        row_to_reveal,
    )
    imported = grouped(
        f"SELECT s.session_id, {_prefixed('i', IMPORTED_COLUMNS)} FROM imported_results i "
        f"JOIN cupping_samples s ON s.id = i.sample_id WHERE s.session_id {_IN} "
        "AND i.deleted_at IS NULL",
        row_to_imported,
    )
    decoders = {sid: decoder_for(session) for sid, session in sessions.items()}
    sheets = SheetRepository(database).of_sessions(list(sessions), decoders)
    return {
        sid: SessionRecord(
            session=session,
            samples=tuple(samples.get(sid, ())),
            cuppers=tuple(cuppers.get(sid, ())),
            sheets=tuple(sheets.get(sid, ())),
            exclusions=tuple(exclusions.get(sid, ())),
            reveals=tuple(reveals.get(sid, ())),
            imported={result.sample_id: result for result in imported.get(sid, ())},
        )
        for sid, session in sessions.items()
    }
