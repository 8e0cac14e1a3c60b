"""Append-only schema migrations, one module each, applied in the order listed here.

Never edit a released migration: add the next module and list it. PRAGMA user_version holds the
number applied, which is how a file from a newer app is recognised and refused.
"""

from __future__ import annotations

from types import ModuleType

from sqlite_utils.migrations import Migrations

from microlot_desk.storage.migrations import m0001_create_lots

MIGRATIONS: tuple[ModuleType, ...] = (m0001_create_lots,)

APP_MIGRATIONS = Migrations("microlot_desk")
for _module in MIGRATIONS:
    APP_MIGRATIONS(name=_module.__name__.rsplit(".", 1)[-1])(_module.apply)

SCHEMA_VERSION = len(MIGRATIONS)
