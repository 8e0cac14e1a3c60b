"""Putting a backup back in place of the live database, keeping what it replaces."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from microlot_desk.errors import DatabaseDamaged, DatabaseUnavailable, SchemaTooNew
from microlot_desk.storage.backups import backup_dir, copy_database
from microlot_desk.storage.migrations import SCHEMA_VERSION
from microlot_desk.storage.write_lock import WriteLock


def _verify(backup: Path) -> None:
    try:
        conn = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseDamaged(path=str(backup), detail=str(exc), backup="") from exc
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        result = [row[0] for row in conn.execute("PRAGMA integrity_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(path=str(backup), detail=str(exc), backup="") from exc
    finally:
        conn.close()
    if result != ["ok"]:
        raise DatabaseDamaged(path=str(backup), detail="; ".join(result), backup="")
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(path=str(backup), found=version, supported=SCHEMA_VERSION)


def restore_backup(database_path: Path, backup: Path) -> Path | None:
    """Replace the database with `backup`. The replaced files are moved into the backups folder
    (never deleted) and their new path is returned. Fails if another instance holds the file.

    The backup is first copied beside the database under a temporary name; only once that copy
    is complete and on disk is the live file moved aside, so a failure (a full disk) at any
    point leaves a database at the path: the old one or the restored one."""
    _verify(backup)
    lock = WriteLock(database_path)
    lock.acquire()
    try:
        incoming = database_path.with_name(database_path.name + ".restoring")
        try:
            copy_database(backup, incoming)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseUnavailable(path=str(database_path), detail=str(exc)) from exc
        kept = _move_aside(database_path) if database_path.exists() else None
        os.replace(incoming, database_path)
        database_path.with_name(database_path.name + ".in-use").unlink(missing_ok=True)
        return kept
    finally:
        lock.release()


def _move_aside(database_path: Path) -> Path:
    folder = backup_dir(database_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = folder / f"replaced-{stamp}-{database_path.name}"
    # The WAL and shared-memory files belong to the main file: they move with it, main last,
    # so a crash half-way leaves the live file where it was.
    for suffix in ("-wal", "-shm", ""):
        part = database_path.with_name(database_path.name + suffix)
        if part.exists():
            os.replace(part, kept.with_name(kept.name + suffix))
    return kept
