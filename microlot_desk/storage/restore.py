"""Putting a backup back in place of the live database, keeping what it replaces."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from microlot_desk.atomic_files import sync_folder
from microlot_desk.clock import Clock, file_stamp
from microlot_desk.errors import DatabaseDamaged, DatabaseUnavailable, SchemaTooNew
from microlot_desk.storage.backups import backup_dir, copy_database
from microlot_desk.storage.migrations import SCHEMA_VERSION
from microlot_desk.storage.station_key import restore_key_from
from microlot_desk.storage.write_lock import WriteLock
from microlot_desk.user_files import check_user_file

_PARTS = ("-wal", "-shm", "")  # a database file's companions first, the main file last


def _verify(backup: Path) -> None:
    check_user_file(backup)  # a regular file the person named, not a link or a device
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


def restore_backup(database_path: Path, backup: Path, *, clock: Clock) -> Path | None:
    """Replace the database with `backup`. The replaced files are moved into the backups folder
    (never deleted) and their new path is returned. Fails if another instance holds the file.

    The backup is first copied beside the database under a temporary name; only once that copy
    is complete and on disk is the live file moved aside, so a failure (a full disk) at any
    point leaves a database at the path: the old one or the restored one."""
    _verify(backup)
    lock = WriteLock(database_path, clock=clock)
    lock.acquire()
    try:
        incoming = database_path.with_name(database_path.name + ".restoring")
        try:
            copy_database(backup, incoming)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseUnavailable(path=str(database_path), detail=str(exc)) from exc
        try:
            kept = _move_aside(database_path, clock) if database_path.exists() else None
        except OSError as exc:
            incoming.unlink(missing_ok=True)
            raise DatabaseUnavailable(path=str(database_path), detail=str(exc)) from exc
        try:
            os.replace(incoming, database_path)
        except OSError as exc:
            if kept is not None:  # put the live file back: a database stays at the path
                _move_back(kept, database_path)
            incoming.unlink(missing_ok=True)
            raise DatabaseUnavailable(path=str(database_path), detail=str(exc)) from exc
        sync_folder(database_path.parent)
        database_path.with_name(database_path.name + ".in-use").unlink(missing_ok=True)
        restore_key_from(backup, database_path.parent)
        return kept
    finally:
        lock.release()


def _move_aside(database_path: Path, clock: Clock) -> Path:
    folder = backup_dir(database_path)
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"replaced-{file_stamp(clock)}-{database_path.name}"
    # The WAL and shared-memory files belong to the main file: they move with it, main last,
    # so a crash half-way leaves the live file where it was; a failure half-way moves back
    # what had moved.
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in _PARTS:
            part = database_path.with_name(database_path.name + suffix)
            if part.exists():
                os.replace(part, kept.with_name(kept.name + suffix))
                moved.append((kept.with_name(kept.name + suffix), part))
    except OSError:
        for source, target in reversed(moved):
            os.replace(source, target)
        raise
    sync_folder(folder)
    return kept


def _move_back(kept: Path, database_path: Path) -> None:
    for suffix in reversed(_PARTS):
        part = kept.with_name(kept.name + suffix)
        if part.exists():
            os.replace(part, database_path.with_name(database_path.name + suffix))
    sync_folder(database_path.parent)
