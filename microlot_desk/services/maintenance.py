"""Keeping the database file healthy: checks, backups and restores."""

from __future__ import annotations

from pathlib import Path

from microlot_desk.storage import backups
from microlot_desk.storage.database import OpenDatabase, integrity_report
from microlot_desk.storage.restore import restore_backup

BackupFile = backups.BackupFile


def check(database: OpenDatabase) -> list[str]:
    """["ok"] when sound; otherwise one line per problem found."""
    return integrity_report(database)


def backup_now(database: OpenDatabase, reason: str = "manual") -> Path:
    return backups.take_backup(database.conn, database.path, reason)


def backup_separately(database_path: Path, reason: str) -> Path:
    """A backup through a connection of its own (callable from a worker thread)."""
    return backups.take_backup_separately(database_path, reason)


def rolling_backup(database_path: Path) -> Path:
    """The periodic backup taken while working, through its own connection (callable from a
    worker thread); old ones are thinned out afterwards."""
    path = backups.take_backup_separately(database_path, "rolling")
    backups.prune_rolling(database_path)
    return path


def list_backups(database_path: Path) -> list[BackupFile]:
    return backups.list_backups(database_path)


def restore(database_path: Path, backup: Path) -> Path | None:
    return restore_backup(database_path, backup)
