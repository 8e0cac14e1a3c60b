"""m0009: what merging bundles from other stations keeps.

- `record_seen`: per merged record, the other stations' edits it holds (a version vector; see
  domain.record_merge), so a merge can tell "they have ours" from "we have theirs" from "both
  changed it";
- `record_states`: copies of a record as it was sent or received, the ancestors a
  field-by-field merge compares both sides with;
- `merge_conflicts`: a field both sides changed since they last agreed, with both values, kept
  until the user chooses one; the local value stays meanwhile;
- `lot_origins`: which station signed the bundle a lot first arrived in.
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


_STATEMENTS = (
    """CREATE TABLE record_seen (
        table_name TEXT NOT NULL,
        record_key TEXT NOT NULL,
        seen TEXT NOT NULL,
        PRIMARY KEY (table_name, record_key)) WITHOUT ROWID""",
    """CREATE TABLE record_states (
        table_name TEXT NOT NULL,
        record_key TEXT NOT NULL,
        state TEXT NOT NULL,
        seen TEXT NOT NULL,
        row TEXT NOT NULL,
        PRIMARY KEY (table_name, record_key, state)) WITHOUT ROWID""",
    """CREATE TABLE merge_conflicts (
        id TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        record_key TEXT NOT NULL,
        field TEXT NOT NULL,
        label TEXT NOT NULL,
        mine TEXT NOT NULL,
        theirs TEXT NOT NULL,
        theirs_seen TEXT NOT NULL,
        station TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        found_at TEXT NOT NULL,
        resolved_at TEXT,
        kept TEXT CHECK (kept IN ('mine', 'theirs')))""",
    "CREATE UNIQUE INDEX merge_conflicts_open"
    " ON merge_conflicts(table_name, record_key, field) WHERE resolved_at IS NULL",
    """CREATE TABLE lot_origins (
        lot_id TEXT PRIMARY KEY REFERENCES lots(id),
        station TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        received_at TEXT NOT NULL)""",
)


def apply(db: Database) -> None:
    for statement in _STATEMENTS:
        db.execute(statement)
