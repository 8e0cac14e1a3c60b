"""Backups (VACUUM INTO), the rolling ones' pruning, and putting a backup back."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.errors import DatabaseDamaged, DatabaseLocked, SchemaTooNew
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace import maintenance
from microlot_desk.storage.backups import (
    backup_dir,
    latest_backup,
    list_backups,
    prune_rolling,
    take_backup,
)
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.storage.migrations import SCHEMA_VERSION
from microlot_desk.storage.restore import restore_backup

HoldLock = Callable[[Path], Any]


def lot_names(path: Path) -> list[str]:
    """Read a database file directly, as any SQLite tool would."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM lots ORDER BY name")]
    finally:
        conn.close()


def names_in(database_path: Path) -> list[str]:
    database = open_database(database_path, clock=TickingClock())
    try:
        return sorted(lot.name for lot in LotService(database).page(LotQuery(), 0, 1000))
    finally:
        database.close()


# ---- taking backups --------------------------------------------------------------------------


def test_backup_is_a_consistent_copy_with_every_committed_lot(
    database: OpenDatabase, lots: LotService
) -> None:
    lots.add_lot({"name": "Kept in the backup", "country": "CO"})
    backup = take_backup(database.conn, database.path, "manual", clock=database.clock)
    lots.add_lot({"name": "Added after the backup", "country": "CO"})

    assert backup.parent == backup_dir(database.path)
    assert lot_names(backup) == ["Kept in the backup"]
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]  # no temporary


def test_backups_are_listed_newest_first_with_their_reason(
    database: OpenDatabase, lots: LotService
) -> None:
    first = take_backup(database.conn, database.path, "manual", clock=database.clock)
    second = take_backup(database.conn, database.path, "pre-migration-v1", clock=database.clock)
    listed = list_backups(database.path)
    assert [b.path for b in listed] == [second, first]
    assert [b.reason for b in listed] == ["pre-migration-v1", "manual"]
    assert listed[0].taken_at >= listed[1].taken_at
    assert listed[0].taken_at.tzinfo is UTC
    assert latest_backup(database.path) == second


def test_no_backups_yet(db_path: Path) -> None:
    assert list_backups(db_path) == []
    assert latest_backup(db_path) is None


def test_foreign_files_in_the_backup_folder_are_ignored(database: OpenDatabase) -> None:
    folder = backup_dir(database.path)
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    (folder / "microlot-yesterday-manual.sqlite").write_text("bad name")
    assert list_backups(database.path) == []


def test_rolling_backup_through_its_own_connection(
    database: OpenDatabase, lots: LotService
) -> None:
    lots.add_lot({"name": "Rolling", "country": "ET"})
    path = maintenance.rolling_backup(database.path, clock=database.clock)
    assert lot_names(path) == ["Rolling"]
    assert list_backups(database.path)[0].reason == "rolling"
    # the app's own connection goes on writing afterwards
    lots.add_lot({"name": "After rolling", "country": "ET"})


def test_backup_while_another_process_holds_the_file(db_path: Path, hold_lock: HoldLock) -> None:
    hold_lock(db_path)
    path = maintenance.rolling_backup(db_path, clock=TickingClock())
    assert path.exists()
    assert lot_names(path) == []


# ---- pruning rolling backups -------------------------------------------------------------------


def fake_backup(folder: Path, when: datetime, reason: str = "rolling") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"microlot-{when:%Y%m%dT%H%M%S%f}Z-{reason}.sqlite"
    path.write_bytes(b"")
    return path


def remaining(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_prune_keeps_the_six_newest_of_one_busy_day(db_path: Path) -> None:
    folder = backup_dir(db_path)
    made = [fake_backup(folder, datetime(2026, 11, 27, 9, minute)) for minute in range(0, 50, 5)]
    prune_rolling(db_path)
    assert remaining(folder) == {p.name for p in made[-6:]}


def test_prune_keeps_a_week_of_dailies_and_four_weeklies(db_path: Path) -> None:
    folder = backup_dir(db_path)
    # One backup a day at noon for 60 days, the newest on Friday 2026-11-27 (ISO week 48).
    newest = datetime(2026, 11, 27, 12)
    for days_back in range(60):
        fake_backup(folder, newest - timedelta(days=days_back))
    prune_rolling(db_path)
    kept_days = sorted(
        datetime.strptime(name.split("-")[1][:8], "%Y%m%d").strftime("%m-%d")
        for name in remaining(folder)
    )
    # seven newest days, plus the newest of weeks 46 (Nov 9-15) and 45 (Nov 2-8)
    expected = ["11-08", "11-15", "11-21", "11-22", "11-23", "11-24", "11-25", "11-26", "11-27"]
    assert kept_days == expected


def test_prune_never_touches_manual_or_pre_migration_backups(db_path: Path) -> None:
    folder = backup_dir(db_path)
    keep = {
        fake_backup(folder, datetime(2025, 1, 1, 8), "manual").name,
        fake_backup(folder, datetime(2025, 1, 1, 9), "pre-migration-v1").name,
        fake_backup(folder, datetime(2025, 1, 1, 10), "pre-restore").name,
    }
    for minute in range(20):
        fake_backup(folder, datetime(2026, 11, 27, 10, minute))
    prune_rolling(db_path)
    assert keep <= remaining(folder)
    assert len(remaining(folder) - keep) == 6


def test_prune_with_custom_counts(db_path: Path) -> None:
    folder = backup_dir(db_path)
    made = [fake_backup(folder, datetime(2026, 11, 27, 10, minute)) for minute in range(5)]
    prune_rolling(db_path, keep_recent=2, days=1, weeks=1)
    assert remaining(folder) == {made[-1].name, made[-2].name}


# ---- restoring ------------------------------------------------------------------------------


@pytest.fixture
def with_backup(db_path: Path) -> tuple[Path, Path]:
    """A database with one lot in a backup and a second lot added after it."""
    database = open_database(db_path, clock=TickingClock())
    service = LotService(database)
    service.add_lot({"name": "Before the backup", "country": "CO"})
    backup = take_backup(database.conn, db_path, "manual", clock=database.clock)
    service.add_lot({"name": "After the backup", "country": "CO"})
    database.close()
    return db_path, backup


def test_restore_puts_the_backup_back_and_keeps_the_replaced_file(
    with_backup: tuple[Path, Path],
) -> None:
    db_path, backup = with_backup
    kept = restore_backup(db_path, backup, clock=TickingClock())

    assert names_in(db_path) == ["Before the backup"]
    assert kept is not None
    assert kept.parent == backup_dir(db_path)
    assert lot_names(kept) == ["After the backup", "Before the backup"]
    assert backup.exists()  # the backup itself stays available


def test_restore_through_the_maintenance_service(with_backup: tuple[Path, Path]) -> None:
    db_path, backup = with_backup
    kept = maintenance.restore(db_path, backup, clock=TickingClock())
    assert kept is not None and kept.exists()
    assert names_in(db_path) == ["Before the backup"]


def test_restore_into_an_empty_folder_returns_nothing_to_keep(
    with_backup: tuple[Path, Path], tmp_path: Path
) -> None:
    _, backup = with_backup
    target = tmp_path / "new-machine" / "microlot.sqlite"
    target.parent.mkdir()
    assert restore_backup(target, backup, clock=TickingClock()) is None
    assert names_in(target) == ["Before the backup"]


def test_restore_is_refused_while_another_process_has_the_file(
    with_backup: tuple[Path, Path], hold_lock: HoldLock
) -> None:
    db_path, backup = with_backup
    hold_lock(db_path)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseLocked):
        restore_backup(db_path, backup, clock=TickingClock())
    assert db_path.read_bytes() == before


def test_a_damaged_backup_is_refused_and_the_database_kept(
    with_backup: tuple[Path, Path],
) -> None:
    db_path, backup = with_backup
    backup.write_bytes(b"not a database at all" * 300)
    with pytest.raises(DatabaseDamaged):
        restore_backup(db_path, backup, clock=TickingClock())
    assert names_in(db_path) == ["After the backup", "Before the backup"]


def test_a_backup_from_a_newer_app_is_refused(with_backup: tuple[Path, Path]) -> None:
    db_path, backup = with_backup
    conn = sqlite3.connect(backup)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew):
        restore_backup(db_path, backup, clock=TickingClock())
    assert names_in(db_path) == ["After the backup", "Before the backup"]


@pytest.mark.parametrize("folder", ["Café #2", "why?", "100%25 arabica"])
def test_restore_works_whatever_the_data_folder_is_called(tmp_path: Path, folder: str) -> None:
    db_path = tmp_path / folder / "microlot.sqlite"
    database = open_database(db_path, clock=TickingClock())
    service = LotService(database)
    service.add_lot({"name": "Before the backup", "country": "CO"})
    backup = take_backup(database.conn, db_path, "manual", clock=database.clock)
    service.add_lot({"name": "After the backup", "country": "CO"})
    database.close()

    restore_backup(db_path, backup, clock=TickingClock())
    assert lot_names(db_path) == ["Before the backup"]


@pytest.mark.parametrize("failing_call", [1, 2, 3, 4])
def test_a_restore_that_fails_leaves_the_database_in_place(
    with_backup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    """The disk fills at the first, second, ... rename of the restore."""
    db_path, backup = with_backup
    real_replace = os.replace
    calls = 0

    def replace(source: str | Path, target: str | Path) -> None:
        nonlocal calls
        calls += 1
        if calls == failing_call:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with contextlib.suppress(Exception):  # failing is fine; losing the database is not
        restore_backup(db_path, backup, clock=TickingClock())
    monkeypatch.setattr(os, "replace", real_replace)
    assert db_path.exists()
    # either restored, or left exactly as it was
    assert lot_names(db_path) in (["Before the backup"], ["After the backup", "Before the backup"])
