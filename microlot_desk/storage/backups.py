"""Backup copies of the live database, made with VACUUM INTO (consistent even under WAL).

Names sort by time: `microlot-20261127T120000Z-<reason>.sqlite` in a `backups` folder beside the
database, each with a copy of the station's key beside it (`<name>.station-key.pem`, owner-only)
so a restore onto another laptop keeps the station's identity. Rolling backups keep the newest
few of each kind and one per day and per week.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from microlot_desk.atomic_files import replace_durably, temporary_beside
from microlot_desk.clock import Clock, file_stamp
from microlot_desk.storage.disk_faults import faults_told
from microlot_desk.storage.station_key import copy_key_beside, key_copy_of

_NAME = re.compile(r"^microlot-(\d{8}T\d{6}(?:\d{6})?Z)-([a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    reason: str


def backup_dir(database_path: Path) -> Path:
    return database_path.parent / "backups"


def take_backup_separately(database_path: Path, reason: str, *, clock: Clock) -> Path:
    """Back up through a connection of its own, so a worker thread can do it while the app's
    connection goes on serving the screen (WAL lets a reader copy while a writer writes)."""
    conn = sqlite3.connect(database_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return take_backup(conn, database_path, reason, clock=clock)
    finally:
        conn.close()


def take_backup(
    conn: sqlite3.Connection, database_path: Path, reason: str, *, clock: Clock
) -> Path:
    """Write a consistent copy and return its path. Safe while the database is in use."""
    folder = backup_dir(database_path)
    with faults_told(folder):  # a full disk is told as such; no partial copy is left
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"microlot-{file_stamp(clock)}-{reason}.sqlite"
        partial = temporary_beside(target)
        try:
            conn.execute("VACUUM INTO ?", [str(partial)])
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        replace_durably(partial, target)
        copy_key_beside(database_path.parent, target)
    return target


def list_backups(database_path: Path) -> list[BackupFile]:
    """Every backup beside `database_path`, newest first."""
    folder = backup_dir(database_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match:
            continue
        stamp = match.group(1)
        fmt = "%Y%m%dT%H%M%S%fZ" if len(stamp) > 16 else "%Y%m%dT%H%M%SZ"
        taken = datetime.strptime(stamp, fmt).replace(tzinfo=UTC)
        found.append(BackupFile(entry, taken, match.group(2)))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def latest_backup(database_path: Path) -> Path | None:
    backups = list_backups(database_path)
    return backups[0].path if backups else None


def prune_rolling(
    database_path: Path, *, keep_recent: int = 6, days: int = 7, weeks: int = 4
) -> None:
    """Keep the newest rolling backups, one per day for `days`, one per ISO week for `weeks`.

    Backups taken before a migration or a restore are never pruned: they are the way back.
    """
    rolling = [b for b in list_backups(database_path) if b.reason == "rolling"]
    keep = {b.path for b in rolling[:keep_recent]}
    seen_days: set[str] = set()
    seen_weeks: set[tuple[int, int]] = set()
    for backup in rolling:
        day = backup.taken_at.date().isoformat()
        week = backup.taken_at.isocalendar()[:2]
        if day not in seen_days and len(seen_days) < days:
            seen_days.add(day)
            keep.add(backup.path)
        if week not in seen_weeks and len(seen_weeks) < weeks:
            seen_weeks.add(week)
            keep.add(backup.path)
    for backup in rolling:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            key_copy_of(backup.path).unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """Copy a database file through SQLite's backup API into a new file, then fsync it."""
    partial = temporary_beside(target)
    with faults_told(target.parent):  # a full disk is told as such; no partial copy is left
        _copy_into(source, partial)
        replace_durably(partial, target)


def _copy_into(source: Path, partial: Path) -> None:
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
