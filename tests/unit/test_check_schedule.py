"""The full check of the file runs on a schedule, not on every open: after an unclean shutdown,
when a week has passed, when the file was replaced, before a migration, and on `db check`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_storage_guard import PAGE, FileState, corrupt_pages, make_database
from ticking_clock import TEST_START, TickingClock

from microlot_desk.errors import DatabaseDamaged
from microlot_desk.storage.check_schedule import FULL_CHECK_EVERY, check_note
from microlot_desk.storage.database import integrity_report, open_database

DAY = FULL_CHECK_EVERY / 7


def damaged_after_a_check(path: Path) -> None:
    """A file that passed its full check, then lost three pages (a bad sector, a bad USB stick)."""
    make_database(path, lots=250, story="Picked in three passes. " * 40)
    database = open_database(path, clock=TickingClock(TEST_START + FULL_CHECK_EVERY * 2))
    database.close()
    assert database.checked_fully
    corrupt_pages(path, path.stat().st_size // PAGE // 2, 3)


def test_a_new_file_is_noted_as_checked_and_the_next_open_reads_no_pages(db_path: Path) -> None:
    make_database(db_path)
    note = json.loads(check_note(db_path).read_text())
    assert note["inode"] == db_path.stat().st_ino
    database = open_database(db_path, clock=TickingClock(TEST_START + DAY))
    try:
        assert not database.checked_fully
    finally:
        database.close()


def test_a_week_after_the_last_check_the_open_checks_fully_and_notes_it(db_path: Path) -> None:
    make_database(db_path)
    later = TEST_START + FULL_CHECK_EVERY + DAY
    database = open_database(db_path, clock=TickingClock(later))
    database.close()
    assert database.checked_fully
    checked_at = json.loads(check_note(db_path).read_text())["checked_at"]
    assert checked_at.startswith(later.date().isoformat())


def test_a_note_from_the_future_does_not_put_the_check_off(db_path: Path) -> None:
    make_database(db_path)  # noted at TEST_START
    database = open_database(db_path, clock=TickingClock(TEST_START - DAY))
    database.close()
    assert database.checked_fully


def test_an_unclean_shutdown_is_followed_by_a_full_check_even_a_day_later(db_path: Path) -> None:
    make_database(db_path)
    db_path.with_name(db_path.name + ".in-use").touch()  # what a crash leaves behind
    database = open_database(db_path, clock=TickingClock(TEST_START + DAY))
    database.close()
    assert database.checked_fully


def test_damage_since_the_last_check_is_found_by_the_next_due_check(db_path: Path) -> None:
    damaged_after_a_check(db_path)
    before = FileState.of(db_path)
    soon = TEST_START + FULL_CHECK_EVERY * 2 + DAY
    database = open_database(db_path, clock=TickingClock(soon), read_only=True)
    try:
        assert integrity_report(database) != ["ok"]  # what `db check` and the app's check run
    finally:
        database.close()
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db_path, clock=TickingClock(soon + FULL_CHECK_EVERY))
    assert caught.value.params["detail"]
    assert FileState.of(db_path) == before


def test_a_replaced_file_is_checked_at_once(db_path: Path, tmp_path: Path) -> None:
    damaged_after_a_check(db_path)
    copy = tmp_path / "copied.sqlite"
    shutil.copyfile(db_path, copy)
    shutil.move(copy, db_path)  # same bytes, another file: the note no longer applies
    with pytest.raises(DatabaseDamaged):
        open_database(db_path, clock=TickingClock(TEST_START + FULL_CHECK_EVERY * 2 + DAY))


def test_a_folder_that_cannot_take_the_note_only_means_checking_again(db_path: Path) -> None:
    make_database(db_path)
    check_note(db_path).unlink()
    check_note(db_path).mkdir()  # the note cannot be written there
    database = open_database(db_path, clock=TickingClock(TEST_START + DAY))
    database.close()
    assert database.checked_fully
