"""Files the app must refuse without touching a byte: too new, not SQLite, damaged."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from ticking_clock import TEST_START, TickingClock

from microlot_desk.errors import DatabaseDamaged, KnownError, SchemaTooNew
from microlot_desk.messages import describe
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.backups import latest_backup, take_backup
from microlot_desk.storage.check_schedule import FULL_CHECK_EVERY
from microlot_desk.storage.database import integrity_report, open_database
from microlot_desk.storage.migrations import SCHEMA_VERSION

PAGE = 4096


def when_the_check_is_due() -> TickingClock:
    """A clock past the schedule of the full check, which finds damage inside the pages (an
    ordinary open reads only the header and the schema; see test_check_schedule)."""
    return TickingClock(TEST_START + FULL_CHECK_EVERY + FULL_CHECK_EVERY)


@dataclass(frozen=True)
class FileState:
    sha256: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileState:
        stat = path.stat()
        return cls(hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns)


def make_database(path: Path, lots: int = 3, *, story: str = "") -> None:
    database = open_database(path, clock=TickingClock())
    service = LotService(database)
    for i in range(lots):
        service.add_lot({"name": f"Lot {i}", "country": "CO", "story": story})
    database.close()


def set_user_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={version}")
    conn.close()


def corrupt_pages(path: Path, first_page: int, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "r+b") as handle:
        for page in range(first_page, first_page + count):
            handle.seek(page * PAGE)
            handle.write(bytes(rng.randrange(256) for _ in range(PAGE)))


# ---- a file from a newer app -------------------------------------------------------------


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_file_from_a_newer_app_is_refused_and_left_byte_identical(
    db_path: Path, journal_mode: str
) -> None:
    make_database(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    before = FileState.of(db_path)

    with pytest.raises(SchemaTooNew) as caught:
        open_database(db_path, clock=TickingClock())

    assert caught.value.params == {
        "path": str(db_path),
        "found": SCHEMA_VERSION + 1,
        "supported": SCHEMA_VERSION,
    }
    assert FileState.of(db_path) == before
    message = describe(caught.value)
    assert "newer" in message and "not changed" in message


def test_a_newer_file_is_refused_read_only_too_and_stays_identical(db_path: Path) -> None:
    make_database(db_path)
    set_user_version(db_path, 99)
    before = FileState.of(db_path)
    with pytest.raises(SchemaTooNew):
        open_database(db_path, read_only=True, clock=TickingClock())
    assert FileState.of(db_path) == before


def test_refusing_a_newer_file_takes_no_lock_and_leaves_no_marker(db_path: Path) -> None:
    make_database(db_path)
    set_user_version(db_path, 99)
    with pytest.raises(SchemaTooNew):
        open_database(db_path, clock=TickingClock())
    assert not db_path.with_name(db_path.name + ".in-use").exists()
    assert not db_path.with_name(db_path.name + ".lock-holder").exists()
    # and the refusal can be repeated: nothing was left half-open
    with pytest.raises(SchemaTooNew):
        open_database(db_path, clock=TickingClock())


def test_a_newer_file_is_not_backed_up_or_migrated(db_path: Path) -> None:
    make_database(db_path)
    set_user_version(db_path, 99)
    backups_before = sorted(p.name for p in (db_path.parent / "backups").glob("*"))
    with pytest.raises(SchemaTooNew):
        open_database(db_path, clock=TickingClock())
    assert sorted(p.name for p in (db_path.parent / "backups").glob("*")) == backups_before


# ---- not SQLite at all -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), b"PK\x03\x04 a zip file, not a database" * 50, b"Finca;kg\n" * 9],
    ids=["random", "zip", "csv"],
)
def test_a_file_that_is_not_sqlite_is_reported_damaged_and_left_alone(
    db_path: Path, content: bytes
) -> None:
    db_path.write_bytes(content)
    before = FileState.of(db_path)
    neighbours = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db_path, clock=TickingClock())

    assert caught.value.params["path"] == str(db_path)
    assert caught.value.params["detail"] == "not an SQLite database"
    assert FileState.of(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == neighbours


# ---- a real database with damaged pages -------------------------------------------------------


@pytest.fixture
def damaged_with_backup(db_path: Path) -> tuple[Path, Path]:
    """A database of several hundred pages with a backup, then three pages overwritten."""
    make_database(db_path, lots=250, story="Picked in three passes. " * 40)
    database = open_database(db_path, clock=TickingClock())
    backup = take_backup(database.conn, db_path, "manual", clock=TickingClock())
    database.close()
    pages = db_path.stat().st_size // PAGE
    assert pages > 50
    corrupt_pages(db_path, pages // 2, 3)
    return db_path, backup


def test_damaged_pages_are_reported_naming_the_latest_backup(
    damaged_with_backup: tuple[Path, Path],
) -> None:
    path, backup = damaged_with_backup
    before = FileState.of(path)

    with pytest.raises(DatabaseDamaged) as caught:
        open_database(path, clock=when_the_check_is_due())

    assert caught.value.params["backup"] == str(backup)
    assert caught.value.params["detail"]
    assert FileState.of(path) == before
    message = describe(caught.value)
    assert str(backup) in message and "not changed" in message


def test_damaged_pages_are_refused_read_only_too(damaged_with_backup: tuple[Path, Path]) -> None:
    path, _ = damaged_with_backup
    before = FileState.of(path)
    with pytest.raises(DatabaseDamaged):
        open_database(path, read_only=True, clock=when_the_check_is_due())
    assert FileState.of(path) == before


def test_refusing_a_damaged_file_twice_changes_nothing_and_takes_no_backup(
    damaged_with_backup: tuple[Path, Path],
) -> None:
    path, backup = damaged_with_backup
    before = FileState.of(path)
    for _ in range(2):
        with pytest.raises(DatabaseDamaged):
            open_database(path, clock=when_the_check_is_due())
    assert FileState.of(path) == before
    assert latest_backup(path) == backup
    assert not path.with_name(path.name + ".in-use").exists()


def test_a_truncated_database_is_reported(db_path: Path) -> None:
    make_database(db_path, lots=200, story="x" * 900)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    before = FileState.of(db_path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db_path, clock=TickingClock())
    assert caught.value.params["backup"] == ""  # none was ever taken
    assert FileState.of(db_path) == before


def test_damage_without_a_backup_says_there_is_none(db_path: Path) -> None:
    make_database(db_path, lots=250, story="Picked in three passes. " * 40)
    pages = db_path.stat().st_size // PAGE
    corrupt_pages(db_path, pages // 2, 3)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db_path, clock=when_the_check_is_due())
    assert caught.value.params["backup"] == ""


# ---- integrity_report on an open file -------------------------------------------------------


def test_integrity_report_of_a_sound_file_is_ok(db_path: Path) -> None:
    make_database(db_path)
    database = open_database(db_path, clock=TickingClock())
    try:
        assert integrity_report(database) == ["ok"]
    finally:
        database.close()


def dangling_plot_link(path: Path) -> None:
    """Another program writing with foreign keys off: a link to a lot that does not exist."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("INSERT INTO lot_plots (lot_id, plot_id, position) VALUES ('ghost', 'ghost', 0)")
    conn.commit()
    conn.close()


def test_integrity_report_lists_broken_foreign_keys(db_path: Path) -> None:
    make_database(db_path)
    database = open_database(db_path, clock=TickingClock())
    try:
        dangling_plot_link(db_path)
        report = integrity_report(database)
        assert report != ["ok"]
        assert any("foreign key" in line and "lot_plots" in line for line in report)
    finally:
        database.close()


def test_a_file_with_broken_foreign_keys_is_refused_at_open(db_path: Path) -> None:
    make_database(db_path)
    dangling_plot_link(db_path)
    before = FileState.of(db_path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db_path, clock=when_the_check_is_due())
    assert "foreign key" in str(caught.value.params["detail"])
    assert FileState.of(db_path) == before


# ---- an SQLite file that is not ours -----------------------------------------------------------


@pytest.mark.parametrize("table", ["photos", "settings"])
def test_a_foreign_sqlite_file_is_refused_untouched_or_backed_up_first(
    db_path: Path, table: str
) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"CREATE TABLE {table} (key TEXT, value TEXT)")
    conn.execute(f"INSERT INTO {table} VALUES ('someone else', 'their data')")
    conn.commit()
    conn.close()
    before = FileState.of(db_path)
    try:
        database = open_database(db_path, clock=TickingClock())
    except KnownError:
        assert FileState.of(db_path) == before
        return
    database.close()
    backup = latest_backup(db_path)
    assert backup is not None, "migrated without a backup"
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute(f"SELECT * FROM {table}").fetchall() == [("someone else", "their data")]
    finally:
        copy.close()
