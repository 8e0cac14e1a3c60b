"""m0004: the lot list as a table of its own, kept up to date on every save.

The list shows, sorts, filters and searches 100,000 lots as you type. Reading that from lots
joined to producers and to the search text cost a join per row, which broad searches cannot
afford. `lot_list` holds one row per live lot with exactly what the list needs, indexed for
each sort; the full-text index covers its `folded` column. It is derived data, written by the
repository in the same transaction as the lot, and rebuilt here from the lots themselves.
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_STATEMENTS = (
    "DROP TRIGGER lot_search_text_inserted",
    "DROP TRIGGER lot_search_text_deleted",
    "DROP TRIGGER lot_search_text_updated",
    "DROP TABLE lot_search",
    "CREATE TABLE lot_list ("
    " id INTEGER PRIMARY KEY,"
    " lot_id TEXT NOT NULL UNIQUE REFERENCES lots(id),"
    " code TEXT NOT NULL, name TEXT NOT NULL, producer TEXT NOT NULL, country TEXT NOT NULL,"
    " region TEXT NOT NULL, process TEXT NOT NULL, varieties TEXT NOT NULL,"
    " green_kg TEXT, weight REAL, status TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " folded TEXT NOT NULL)",
    "INSERT INTO lot_list (lot_id, code, name, producer, country, region, process, varieties,"
    " green_kg, weight, status, updated_at, folded)"
    " SELECT lots.id, lots.code, lots.name, coalesce(p.name, ''), coalesce(lots.country, ''),"
    " coalesce(lots.region, ''), coalesce(lots.process, ''),"
    " coalesce((SELECT group_concat(json_extract(v.value, '$.name'), ', ')"
    "           FROM json_each(lots.varieties) v), ''),"
    " nullif(lots.green_kg, ''), CAST(nullif(lots.green_kg, '') AS REAL),"
    " coalesce(lots.status, 'draft'), lots.updated_at, coalesce(t.folded, '')"
    " FROM lots LEFT JOIN producers p ON p.id = lots.producer_id"
    " LEFT JOIN lot_search_text t ON t.lot_id = lots.id"
    " WHERE lots.deleted_at IS NULL",
    "DROP TABLE lot_search_text",
    "CREATE INDEX lot_list_code ON lot_list(code)",
    "CREATE INDEX lot_list_name ON lot_list(name COLLATE NOCASE)",
    "CREATE INDEX lot_list_producer ON lot_list(producer COLLATE NOCASE)",
    "CREATE INDEX lot_list_country ON lot_list(country, code)",
    "CREATE INDEX lot_list_process ON lot_list(process, code)",
    "CREATE INDEX lot_list_weight ON lot_list(weight)",
    "CREATE INDEX lot_list_status ON lot_list(status, code)",
    "CREATE INDEX lot_list_updated ON lot_list(updated_at)",
    "CREATE VIRTUAL TABLE lot_search USING fts5("
    " folded, content = 'lot_list', content_rowid = 'id', tokenize = 'trigram')",
    "INSERT INTO lot_search (lot_search) VALUES ('rebuild')",
    "CREATE TRIGGER lot_list_inserted AFTER INSERT ON lot_list BEGIN"
    " INSERT INTO lot_search (rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER lot_list_deleted AFTER DELETE ON lot_list BEGIN"
    " INSERT INTO lot_search (lot_search, rowid, folded) VALUES ('delete', old.id, old.folded);"
    " END",
    "CREATE TRIGGER lot_list_updated AFTER UPDATE OF folded ON lot_list BEGIN"
    " INSERT INTO lot_search (lot_search, rowid, folded) VALUES ('delete', old.id, old.folded);"
    " INSERT INTO lot_search (rowid, folded) VALUES (new.id, new.folded); END",
)


def apply(db: Database) -> None:
    for statement in _STATEMENTS:
        db.execute(statement)
