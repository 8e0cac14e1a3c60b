"""m0003: the lot search index keyed by an integer, so a save updates it in place.

In m0001 the FTS table held the lot id as an unindexed column, so replacing a lot's entry
scanned the whole index on every save. Now the folded text lives in an ordinary table with an
INTEGER PRIMARY KEY (stable across VACUUM) and a unique lot id, and the FTS table is an
external-content index over it, kept in step by triggers.
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_STATEMENTS = (
    "CREATE TABLE lot_search_text ("
    " id INTEGER PRIMARY KEY,"
    " lot_id TEXT NOT NULL UNIQUE REFERENCES lots(id),"
    " folded TEXT NOT NULL)",
    "INSERT INTO lot_search_text (lot_id, folded) SELECT lot_id, folded FROM lot_search",
    "DROP TABLE lot_search",
    "CREATE VIRTUAL TABLE lot_search USING fts5("
    " folded, content = 'lot_search_text', content_rowid = 'id', tokenize = 'trigram')",
    "INSERT INTO lot_search (lot_search) VALUES ('rebuild')",
    "CREATE TRIGGER lot_search_text_inserted AFTER INSERT ON lot_search_text BEGIN"
    " INSERT INTO lot_search (rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER lot_search_text_deleted AFTER DELETE ON lot_search_text BEGIN"
    " INSERT INTO lot_search (lot_search, rowid, folded) VALUES ('delete', old.id, old.folded);"
    " END",
    "CREATE TRIGGER lot_search_text_updated AFTER UPDATE ON lot_search_text BEGIN"
    " INSERT INTO lot_search (lot_search, rowid, folded) VALUES ('delete', old.id, old.folded);"
    " INSERT INTO lot_search (rowid, folded) VALUES (new.id, new.folded); END",
)


def apply(db: Database) -> None:
    for statement in _STATEMENTS:
        db.execute(statement)
