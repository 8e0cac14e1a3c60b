"""m0002: cupping sessions, their samples, cuppers and sheets; exclusion and reveal logs.

- Records that travel have a random UUID `id`; mutable ones carry `updated_at` (UTC ISO-8601),
  `updated_by` (station id) and a `deleted_at` tombstone.
- A sheet's values live one row per field in `sheet_values` (canonical text, see
  domain.cupping.sheet_codec), so committing the field just left is one small write; a cleared
  field keeps its row with value NULL, so the clearing travels too. Notes likewise.
- `sheet_exclusions` and `session_reveals` are append-only history: triggers refuse UPDATE and
  DELETE. (table.transform() drops triggers: a later migration that transforms these tables
  must create them again.)
- Decimals (Agtron readings, imported scores) are canonical TEXT, never REAL.
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils stays out of start-up (see migrations/__init__.py)
    from sqlite_utils import Database

_SYNC = "updated_at TEXT NOT NULL, updated_by TEXT NOT NULL DEFAULT '', deleted_at TEXT"

_TABLES = (
    f"""CREATE TABLE cupping_sessions (
        id TEXT PRIMARY KEY,
        held_on TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        blind INTEGER NOT NULL CHECK (blind IN (0, 1)),
        leader TEXT NOT NULL DEFAULT '',
        protocol TEXT NOT NULL DEFAULT '{{}}',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        {_SYNC})""",
    f"""CREATE TABLE cuppers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        q_licence TEXT NOT NULL DEFAULT '',
        affiliation TEXT NOT NULL,
        {_SYNC})""",
    f"""CREATE TABLE session_cuppers (
        session_id TEXT NOT NULL REFERENCES cupping_sessions(id),
        cupper_id TEXT NOT NULL REFERENCES cuppers(id),
        position INTEGER NOT NULL,
        {_SYNC},
        PRIMARY KEY (session_id, cupper_id))""",
    f"""CREATE TABLE cupping_samples (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES cupping_sessions(id),
        lot_id TEXT NOT NULL REFERENCES lots(id),
        position INTEGER NOT NULL,
        sample_type TEXT NOT NULL,
        blind_code TEXT NOT NULL
            CHECK (blind_code GLOB '[0-9][0-9][0-9]' AND blind_code != '000'),
        roast_date TEXT,
        agtron_whole TEXT,
        agtron_ground TEXT,
        notes TEXT NOT NULL DEFAULT '',
        {_SYNC})""",
    f"""CREATE TABLE cupping_sheets (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES cupping_sessions(id),
        sample_id TEXT NOT NULL REFERENCES cupping_samples(id),
        cupper_id TEXT NOT NULL REFERENCES cuppers(id),
        created_at TEXT NOT NULL,
        {_SYNC})""",
    """CREATE TABLE sheet_values (
        sheet_id TEXT NOT NULL REFERENCES cupping_sheets(id),
        key TEXT NOT NULL,
        value TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (sheet_id, key)) WITHOUT ROWID""",
    """CREATE TABLE sheet_notes (
        sheet_id TEXT NOT NULL REFERENCES cupping_sheets(id),
        key TEXT NOT NULL,
        text TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (sheet_id, key)) WITHOUT ROWID""",
    """CREATE TABLE sheet_exclusions (
        id TEXT PRIMARY KEY,
        sheet_id TEXT NOT NULL REFERENCES cupping_sheets(id),
        action TEXT NOT NULL CHECK (action IN ('exclude', 'restore')),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        by_name TEXT NOT NULL CHECK (length(trim(by_name)) > 0),
        at TEXT NOT NULL,
        station TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE session_reveals (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES cupping_sessions(id),
        by_name TEXT NOT NULL CHECK (length(trim(by_name)) > 0),
        at TEXT NOT NULL,
        station TEXT NOT NULL DEFAULT '')""",
    f"""CREATE TABLE imported_results (
        sample_id TEXT PRIMARY KEY REFERENCES cupping_samples(id),
        source TEXT NOT NULL,
        source_row INTEGER NOT NULL,
        sections TEXT NOT NULL,
        final TEXT NOT NULL,
        stated_final TEXT,
        graded_on TEXT,
        affiliation TEXT NOT NULL,
        extras TEXT NOT NULL DEFAULT '{{}}',
        created_at TEXT NOT NULL,
        {_SYNC})""",
)

_INDEXES = (
    "CREATE INDEX cupping_sessions_held_on ON cupping_sessions(held_on)",
    "CREATE INDEX cuppers_licence ON cuppers(q_licence) WHERE q_licence != ''",
    "CREATE INDEX session_cuppers_cupper ON session_cuppers(cupper_id)",
    "CREATE INDEX cupping_samples_session ON cupping_samples(session_id, position)",
    "CREATE INDEX cupping_samples_lot ON cupping_samples(lot_id)",
    "CREATE UNIQUE INDEX cupping_samples_code_live ON cupping_samples(session_id, blind_code) "
    "WHERE deleted_at IS NULL",
    "CREATE INDEX cupping_sheets_session ON cupping_sheets(session_id)",
    "CREATE UNIQUE INDEX cupping_sheets_live ON cupping_sheets(sample_id, cupper_id) "
    "WHERE deleted_at IS NULL",
    "CREATE INDEX cupping_sheets_cupper ON cupping_sheets(cupper_id)",
    "CREATE INDEX sheet_exclusions_sheet ON sheet_exclusions(sheet_id, at)",
    "CREATE INDEX session_reveals_session ON session_reveals(session_id, at)",
)

APPEND_ONLY = ("sheet_exclusions", "session_reveals")


def apply(db: Database) -> None:
    for statement in (*_TABLES, *_INDEXES):
        db.execute(statement)
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
