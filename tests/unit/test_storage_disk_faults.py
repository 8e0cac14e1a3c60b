"""A read-only folder and a full disk are told as such, each with what to do, never as a
damaged database with a backup to restore; no command leaves a half-written file behind.

The faults are real: a small tmpfs mounted for the test (full), or remounted read-only. Where
this machine does not allow mounting (not root, a container without the right), they skip."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from microlot_desk.storage.disk_faults import fault_of

Cli = Callable[..., object]


class Disk:
    def __init__(self, where: Path) -> None:
        self.where = where

    def remount_read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.where)], check=True)

    def fill(self, leave: int) -> None:
        """Take all but `leave` bytes of the disk's free space: whatever is written next and
        is larger no longer fits, however small the demo's files come out."""
        free = os.statvfs(self.where).f_bavail * os.statvfs(self.where).f_frsize
        (self.where / "filler").write_bytes(b"\0" * max(0, free - leave))

    def leftovers(self) -> list[str]:
        """Temporary files of an atomic write (".<name>.<hex>.part") anywhere on the disk."""
        return [p.name for p in self.where.rglob("*.part")]


def _mount(where: Path, size: str) -> Disk:
    where.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", f"mld-{uuid.uuid4().hex[:6]}", str(where)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a test disk here: {done.stderr.decode().strip()}")
    return Disk(where)


@pytest.fixture
def disk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Disk]:
    size = getattr(request, "param", "64k")
    mounted = _mount(tmp_path / "disk", size)
    yield mounted
    subprocess.run(["umount", "-l", str(mounted.where)], check=False)


def _told(result: object) -> str:
    assert result.code == 1, result  # type: ignore[attr-defined]
    err: str = result.err  # type: ignore[attr-defined]
    assert "Traceback" not in err and "damaged" not in err and "Restore" not in err
    return err


def test_a_new_database_on_a_full_disk(cli: Cli, disk: Disk) -> None:
    err = _told(cli("demo", data=disk.where))
    assert f"The disk holding {disk.where} is full" in err
    assert disk.leftovers() == []


@pytest.mark.parametrize("disk", ["16m"], indirect=True)
def test_a_read_only_folder_for_reading_and_writing_commands(cli: Cli, disk: Disk) -> None:
    assert cli("demo", data=disk.where).code == 0  # type: ignore[attr-defined]
    disk.remount_read_only()
    for command in (("lots", "list"), ("demo",)):
        err = _told(cli(*command, data=disk.where))
        assert f"{disk.where} cannot be written" in err


WRITE_COMMANDS = (
    ("lots", "edit", "CO-2026-014", "--set", "green_kg=1"),
    ("settings", "set", "station_name", "Beneficio Kochere"),
    ("keys", "trust", "7K3Q-QXWD-F2PA-HN4T-AB2C"),
    ("lots", "reassess"),
    ("db", "backup"),
    ("db", "check", "--repair"),
)


@pytest.mark.parametrize("disk", ["16m"], indirect=True)
def test_every_write_command_on_a_read_only_folder_says_so(
    cli: Cli, disk: Disk, tmp_path: Path
) -> None:
    assert cli("demo", data=disk.where).code == 0  # type: ignore[attr-defined]
    lot = tmp_path / "lot.json"
    lot.write_text('{"name": "Finca Ñambí", "country": "CO"}')
    disk.remount_read_only()
    for command in (*WRITE_COMMANDS, ("lots", "add", "--json", str(lot))):
        err = _told(cli(*command, data=disk.where))
        assert f"{disk.where} cannot be written" in err, command


@pytest.mark.parametrize("disk", ["40k"], indirect=True)
def test_an_export_to_a_full_disk_leaves_no_partial_file(cli: Cli, disk: Disk) -> None:
    assert cli("demo").code == 0  # type: ignore[attr-defined]  # the database is elsewhere
    disk.fill(leave=4096)  # no sheet, bundle or workbook of the demo is this small
    err = _told(cli("export", "sheet", "CO-2026-014", "ET-2026-003", "-o", str(disk.where)))
    assert "is full" in err
    for export in (("bundle", "export"), ("export", "xlsx")):
        err = _told(cli(*export, "-o", str(disk.where / "lots.out")))
        assert "is full" in err, export
    assert disk.leftovers() == []


def test_a_backup_on_a_full_disk_is_told_and_leaves_nothing(
    cli: Cli, tmp_path: Path, data_dir: Path
) -> None:
    assert cli("demo").code == 0  # type: ignore[attr-defined]
    size = (data_dir / "microlot.sqlite").stat().st_size
    disk = _mount(tmp_path / "small", f"{size + size // 2 + 200_000}")
    try:
        for name in ("microlot.sqlite", "microlot.sqlite.checked"):
            shutil.copy(data_dir / name, disk.where / name)
        results = [cli("db", "backup", data=disk.where) for _ in range(3)]
        failed = [r for r in results if r.code != 0]  # type: ignore[attr-defined]
        assert failed, "the disk was meant to fill up"
        assert "is full" in _told(failed[0])
        assert disk.leftovers() == []
    finally:
        subprocess.run(["umount", "-l", str(disk.where)], check=False)


def test_other_errors_are_not_called_a_full_disk_or_read_only(tmp_path: Path) -> None:
    assert fault_of(FileNotFoundError(2, "No such file"), tmp_path) is None
    assert fault_of(ValueError("no"), tmp_path) is None


def test_the_next_start_removes_what_a_killed_write_left(cli: Cli, data_dir: Path) -> None:
    assert cli("demo").code == 0  # type: ignore[attr-defined]
    (data_dir / "microlot.sqlite.in-use").touch()  # what a writer killed half-way leaves
    left = [
        data_dir / ".microlot.sqlite.0123456789ab.part",
        data_dir / "backups" / ".microlot-2026-backup.sqlite.abcdef012345.part",
        data_dir / "evidence" / "ab" / ".abcdef.a1b2c3d4e5f6.part",
    ]
    kept = [data_dir / "notes.part", data_dir / "evidence" / ".keep.0123.part"]
    for path in left + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")

    assert cli("lots", "list").code == 0  # type: ignore[attr-defined]

    assert [path.exists() for path in left] == [False, False, False]
    assert all(path.exists() for path in kept)  # not named as our temporary files are


def test_a_clean_start_lists_no_folder_for_leftovers(cli: Cli, data_dir: Path) -> None:
    """Only an unclean stop can leave a half-done write, so a normal start does not look."""
    assert cli("demo").code == 0  # type: ignore[attr-defined]
    stray = data_dir / "backups" / ".microlot-2026-backup.sqlite.abcdef012345.part"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"")
    assert cli("lots", "list").code == 0  # type: ignore[attr-defined]
    assert stray.exists()
