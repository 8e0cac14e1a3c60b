"""m0008: drop the indexes on `lots` that only the list's sorts used.

Since m0004 the list sorts, filters and searches `lot_list`, which has its own index for each
sort; `lots` is read by id, code and producer only. Its indexes by name, country, process,
update time and weight were still written on every save (five extra B-trees per lot: a tenth
of an import's time) and read by nothing.
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_UNUSED = ("lots_name", "lots_country", "lots_process", "lots_updated", "lots_weight")


def apply(db: Database) -> None:
    for index in _UNUSED:
        db.execute(f"DROP INDEX IF EXISTS {index}")
