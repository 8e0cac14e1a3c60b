"""Append-only schema migrations, one module each, applied in the order listed here.

Never edit a released migration: add the next module and list it. PRAGMA user_version holds the
number applied, which is how a file from a newer app is recognised and refused. The sqlite-utils
Migrations set is built on first use, keeping sqlite-utils out of start-up when nothing is
pending.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import TYPE_CHECKING

from microlot_desk.storage.migrations import (
    m0001_create_lots,
    m0002_create_cupping,
    m0003_search_by_rowid,
    m0004_lot_list,
    m0005_custody_evidence,
    m0006_plot_precision,
    m0007_import_keys,
    m0008_drop_list_indexes_of_lots,
    m0009_merge_state,
)

if TYPE_CHECKING:
    from sqlite_utils.migrations import Migrations

MIGRATIONS: tuple[ModuleType, ...] = (
    m0001_create_lots,
    m0002_create_cupping,
    m0003_search_by_rowid,
    m0004_lot_list,
    m0005_custody_evidence,
    m0006_plot_precision,
    m0007_import_keys,
    m0008_drop_list_indexes_of_lots,
    m0009_merge_state,
)

SCHEMA_VERSION = len(MIGRATIONS)


@functools.cache
def app_migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations("microlot_desk")
    for module in MIGRATIONS:
        migrations(name=module.__name__.rsplit(".", 1)[-1])(module.apply)
    return migrations


def __getattr__(name: str) -> object:
    # `APP_MIGRATIONS` reads as a constant elsewhere; build it only when someone asks.
    if name == "APP_MIGRATIONS":
        return app_migrations()
    raise AttributeError(name)
