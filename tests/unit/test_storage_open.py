"""open_database: pragmas, one writer with a lock that names its holder, read-only access."""

from __future__ import annotations

import getpass
import os
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ticking_clock import TickingClock

from microlot_desk.errors import DatabaseLocked, DatabaseUnavailable, ReadOnlyDatabase
from microlot_desk.messages import describe
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import BUSY_TIMEOUT_MS, OpenDatabase, open_database
from microlot_desk.storage.migrations import SCHEMA_VERSION

Snapshot = Callable[[OpenDatabase], list[str]]
HoldLock = Callable[[Path], Any]


def pragma(database: OpenDatabase, name: str) -> object:
    return database.db.execute(f"PRAGMA {name}").fetchone()[0]


def test_new_file_is_created_with_the_current_schema(db_path: Path) -> None:
    database = open_database(db_path, clock=TickingClock())
    try:
        assert db_path.exists()
        assert pragma(database, "user_version") == SCHEMA_VERSION
        assert {"lots", "producers", "plots", "lot_plots", "settings"} <= set(
            database.db.table_names()
        )
    finally:
        database.close()


def test_writer_connection_pragmas(database: OpenDatabase) -> None:
    assert pragma(database, "foreign_keys") == 1
    assert pragma(database, "journal_mode") == "wal"
    assert pragma(database, "synchronous") == 2  # FULL
    assert pragma(database, "busy_timeout") == BUSY_TIMEOUT_MS
    assert BUSY_TIMEOUT_MS >= 1000


def test_foreign_keys_are_enforced(database: OpenDatabase) -> None:
    with pytest.raises(sqlite3.IntegrityError), database.write() as db:
        db.execute(
            "INSERT INTO lot_plots (lot_id, plot_id, position) VALUES ('no-lot', 'no-plot', 0)"
        )
    assert database.db.execute("SELECT count(*) FROM lot_plots").fetchone()[0] == 0


def test_a_failed_write_rolls_back_everything_in_it(
    database: OpenDatabase, snapshot: Snapshot
) -> None:
    LotService(database)
    before = snapshot(database)
    with pytest.raises(RuntimeError), database.write() as db:
        db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        raise RuntimeError("power cut in the middle of a user action")
    assert snapshot(database) == before
    assert not database.db.conn.in_transaction


def test_a_second_open_in_the_same_process_is_refused(database: OpenDatabase) -> None:
    # filelock's flock() is per open file, so even this process cannot take the lock twice.
    with pytest.raises(DatabaseLocked) as caught:
        open_database(database.path, clock=TickingClock())
    assert caught.value.params["pid"] == os.getpid()


def test_a_second_instance_is_told_who_holds_the_file(db_path: Path, hold_lock: HoldLock) -> None:
    holder = hold_lock(db_path)
    with pytest.raises(DatabaseLocked) as caught:
        open_database(db_path, clock=TickingClock())
    params = caught.value.params
    assert params["pid"] == holder.pid
    assert params["user"] == getpass.getuser()
    assert params["host"] == socket.gethostname()
    assert params["since"]
    message = describe(caught.value)
    assert str(holder.pid) in message
    assert socket.gethostname() in message
    assert str(db_path) in message


def test_the_lock_is_free_again_once_the_holder_closes(db_path: Path, hold_lock: HoldLock) -> None:
    holder = hold_lock(db_path)
    holder.release()
    database = open_database(db_path, clock=TickingClock())
    database.close()


def test_closing_releases_the_lock_and_the_holder_note(db_path: Path) -> None:
    first = open_database(db_path, clock=TickingClock())
    note = db_path.with_name(db_path.name + ".lock-holder")
    assert note.exists()
    first.close()
    assert not note.exists()
    second = open_database(db_path, clock=TickingClock())
    second.close()
    first.close()  # closing twice is harmless


def test_read_only_open_works_while_another_process_writes(
    db_path: Path, hold_lock: HoldLock
) -> None:
    hold_lock(db_path)
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    try:
        assert reader.read_only
        assert reader.lock is None
        assert LotService(reader).total() == 0
        assert pragma(reader, "foreign_keys") == 1
    finally:
        reader.close()


def test_read_only_refuses_writes_and_changes_nothing(
    db_path: Path, hold_lock: HoldLock, snapshot: Snapshot
) -> None:
    hold_lock(db_path)
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    try:
        service = LotService(reader)
        before = snapshot(reader)
        with pytest.raises(ReadOnlyDatabase) as caught:
            service.add_lot({"name": "Refused", "country": "CO"})
        assert caught.value.params["path"] == str(db_path)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.db.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        assert snapshot(reader) == before
    finally:
        reader.close()


def test_read_only_sees_what_the_writer_committed(database: OpenDatabase, lots: LotService) -> None:
    reader = open_database(database.path, read_only=True, clock=TickingClock())
    try:
        lot = lots.add_lot({"name": "Seen by the reader", "country": "PE"})
        assert LotService(reader).get_by_code(lot.code).name == "Seen by the reader"
    finally:
        reader.close()


def test_read_only_open_of_a_missing_file_is_refused_without_creating_it(db_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable):
        open_database(db_path, read_only=True, clock=TickingClock())
    assert not db_path.exists()


def test_a_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DatabaseUnavailable):
        open_database(blocker / "microlot.sqlite", clock=TickingClock())


def test_unclean_shutdown_marker_triggers_a_full_check(db_path: Path) -> None:
    first = open_database(db_path, clock=TickingClock())
    assert not first.checked_fully
    marker = db_path.with_name(db_path.name + ".in-use")
    assert marker.exists()
    first.close()
    assert not marker.exists()

    marker.touch()  # what a crash leaves behind
    second = open_database(db_path, clock=TickingClock())
    try:
        assert second.checked_fully
    finally:
        second.close()
    assert not marker.exists()
