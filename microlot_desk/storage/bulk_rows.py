"""Inserting thousands of rows of one table with a single prepared statement (imports).

sqlite-utils' insert_all converts every value on the way in and reads the table's columns
for each batch; the storage `*_to_row` functions already give SQLite's own types, so a batch
of them goes straight to `executemany`. Inside OpenDatabase.write()."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any


def insert_rows(conn: sqlite3.Connection, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert every row (each with the first row's columns, in any order) into `table`."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    columns = list(first)
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
        ([row[column] for column in columns] for row in chain([first], iterator)),
    )
