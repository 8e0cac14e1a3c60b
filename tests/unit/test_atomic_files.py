"""Every file the app writes is either the whole new content or what was there before: a full
disk or a crash at any step leaves the old file untouched and no temporary file behind."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from ticking_clock import TickingClock

from microlot_desk.atomic_files import atomic_output, replace_durably, write_atomic
from microlot_desk.errors import DiskFull
from microlot_desk.storage.backups import take_backup
from microlot_desk.storage.blob_store import BlobStore
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.write_lock import WriteLock


def disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    write_atomic(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert names(tmp_path) == ["a.pdf"]


def test_failure_while_writing_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as handle:
        handle.write(b"half a pdf")
        raise RuntimeError("disk pulled out")
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["a.pdf"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "notes.json"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(OSError) as raised:
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert raised.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["notes.json"]  # no 0-byte temporary


def test_a_new_file_gets_the_permissions_of_any_file_the_user_creates(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.pdf", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644  # not tempfile's 0o600


def test_a_file_another_writer_made_is_removed_when_it_cannot_be_put_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = tmp_path / ".made.part"
    written.write_bytes(b"made by sqlite")
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        replace_durably(written, target)
    monkeypatch.undo()
    assert names(tmp_path) == ["copy.sqlite"]
    assert target.read_bytes() == b"old"


def test_a_backup_on_a_full_disk_leaves_no_part_file(
    database: OpenDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(DiskFull):  # told as a full disk, not as SQLite's or the system's error
        take_backup(database.conn, database.path, "manual", clock=database.clock)
    monkeypatch.undo()
    assert names(database.path.parent / "backups") == []


def test_a_backup_that_sqlite_cannot_write_leaves_no_part_file(
    database: OpenDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FullDisk:
        def execute(self, *_args: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

    with pytest.raises(sqlite3.OperationalError):
        take_backup(FullDisk(), database.path, "manual", clock=database.clock)  # type: ignore[arg-type]
    assert names(database.path.parent / "backups") == []


def test_evidence_on_a_full_disk_is_not_stored_half(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BlobStore(tmp_path / "evidence")
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        store.put(b"a photo of the drying beds")
    monkeypatch.undo()
    assert [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()] == []


def test_the_lock_note_names_the_holder_and_the_clock_time(tmp_path: Path) -> None:
    lock = WriteLock(tmp_path / "microlot.sqlite", clock=TickingClock())
    lock.acquire()
    try:
        note = json.loads((tmp_path / "microlot.sqlite.lock-holder").read_text(encoding="utf-8"))
    finally:
        lock.release()
    assert note["since"] == "2026-11-27T09:00:01+00:00"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".part", ".tmp"))]
