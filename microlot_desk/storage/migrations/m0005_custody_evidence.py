"""m0005: chain of custody, evidence, and the verdict column of the lot list.

- `custody_events` is append-only history (triggers refuse UPDATE and DELETE; table.transform()
  drops triggers, so a later migration that transforms it must create them again). Each row
  carries the SHA-256 of the lot's previous event and of its own canonical content; the hash
  chain, checked by `db check`, is the real guarantee, since triggers can be dropped.
  `custody_heads` remembers where each lot's chain stood after its last append, so removing the
  newest event is noticed too.
- `evidence_files` lists each stored file once by its SHA-256 (the bytes live in the data
  folder's evidence/ store); `attachments` ties a file to a lot, producer, plot or custody
  event, with a tombstone like every mutable record.
- `lot_list.verdict` / `verdict_met`: the micro-lot verdict's overall word and the count of
  hallmarks met, computed and stored on every write that can change them (NULL: not assessed
  yet, e.g. lots from before this migration until `lots reassess` or the app assesses them).
- Weights are canonical decimal TEXT; times UTC ISO-8601 with the local offset in minutes.
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_SYNC = "updated_at TEXT NOT NULL, updated_by TEXT NOT NULL DEFAULT '', deleted_at TEXT"

_STATEMENTS = (
    """CREATE TABLE custody_events (
        id TEXT PRIMARY KEY,
        lot_id TEXT NOT NULL REFERENCES lots(id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        kind TEXT NOT NULL CHECK (kind IN ('stage', 'split', 'split_from', 'merge')),
        stage TEXT NOT NULL DEFAULT '',
        started_utc TEXT,
        started_offset INTEGER,
        ended_utc TEXT,
        ended_offset INTEGER,
        place TEXT NOT NULL DEFAULT '',
        responsible TEXT NOT NULL DEFAULT '',
        kg_in TEXT,
        form_in TEXT,
        kg_out TEXT,
        form_out TEXT,
        notes TEXT NOT NULL DEFAULT '',
        amends_id TEXT REFERENCES custody_events(id),
        void INTEGER NOT NULL DEFAULT 0 CHECK (void IN (0, 1)),
        related TEXT NOT NULL DEFAULT '[]',
        unknown_origin_kg TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        UNIQUE (lot_id, seq))""",
    """CREATE TABLE custody_heads (
        lot_id TEXT PRIMARY KEY REFERENCES lots(id),
        count INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE evidence_files (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size_bytes INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        created_at TEXT NOT NULL)""",
    f"""CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES evidence_files(sha256),
        kind TEXT NOT NULL,
        target_type TEXT NOT NULL CHECK (target_type IN ('lot', 'producer', 'plot', 'event')),
        target_id TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        caption TEXT NOT NULL DEFAULT '',
        gps_lat TEXT,
        gps_lon TEXT,
        added_at TEXT NOT NULL,
        {_SYNC})""",
    "CREATE INDEX custody_events_lot ON custody_events(lot_id, seq)",
    "CREATE INDEX custody_events_amends ON custody_events(amends_id) WHERE amends_id IS NOT NULL",
    "CREATE INDEX attachments_target ON attachments(target_type, target_id)",
    "CREATE INDEX attachments_file ON attachments(sha256)",
    "CREATE INDEX plots_producer ON plots(producer_id)",
    "CREATE INDEX lot_plots_plot ON lot_plots(plot_id)",
    "ALTER TABLE lot_list ADD COLUMN verdict TEXT",
    "ALTER TABLE lot_list ADD COLUMN verdict_met INTEGER",
    "CREATE INDEX lot_list_verdict ON lot_list(verdict, code)",
)

APPEND_ONLY = ("custody_events",)


def apply(db: Database) -> None:
    for statement in _STATEMENTS:
        db.execute(statement)
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
