"""m0007: what recognises an imported row, so importing the same file again creates nothing.

`import_keys` holds, for each imported result, the source (`cqi`), a digest of what the row
said (`content_key`) and the certificate's lot number and grading date; a later row with the
same content, or the same lot number and grading date, is reported as already imported.
Results imported before this migration have no key (their files were not kept to compute one).
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_STATEMENTS = (
    "CREATE TABLE import_keys ("
    " sample_id TEXT PRIMARY KEY REFERENCES cupping_samples(id),"
    " source TEXT NOT NULL,"
    " content_key TEXT NOT NULL,"
    " lot_number TEXT NOT NULL DEFAULT '',"
    " graded_on TEXT)",
    "CREATE INDEX import_keys_content ON import_keys(source, content_key)",
    "CREATE INDEX import_keys_lot_number ON import_keys(source, lot_number, graded_on)"
    " WHERE lot_number != ''",
)


def apply(db: Database) -> None:
    for statement in _STATEMENTS:
        db.execute(statement)
