"""`db check` and the evidence store: files no row points to (strays) named by their path, rows
whose file is missing or damaged, and `db check --repair` moving only the strays into
DATA/evidence-quarantine/<stamp>/ — nothing deleted, rows and known files untouched.

The hostile states are made the way they happen: a demo SIGKILLed before its commit, a file
stored by BlobStore.put with no row (the same state), files planted or deleted behind the app's
back, a damaged file, a link to a device, another window holding the file."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ticking_clock import TEST_START, TickingClock

from microlot_desk.errors import ReadOnlyDatabase
from microlot_desk.export.demo.demo_files import demo_report_pdf
from microlot_desk.services.provenance.evidence_service import evidence_root
from microlot_desk.services.workspace.workspace import open_workspace
from microlot_desk.storage.blob_store import BlobStore

Cli = Callable[..., Any]
HoldLock = Callable[[Path], Any]

CHILD = Path(__file__).resolve().with_name("demo_kill_child.py")
ADVICE = (
    "A missing or damaged evidence file cannot be repaired by moving files: restore the "
    "evidence folder from a backup of the data folder (the database backups in backups/ hold "
    "no evidence files)."
)


def stray(path: Path) -> str:
    return f"{path} is in the evidence folder, but no attachment points to it"


def hint(count: int) -> str:
    if count == 1:
        return (
            "Run db check --repair to move this file into a quarantine folder; nothing is deleted."
        )
    return (
        f"Run db check --repair to move these {count} files into a quarantine folder; "
        "nothing is deleted."
    )


def store_files(root: Path) -> dict[Path, bytes]:
    """Every file under `root` but thumbnails, with its bytes (what the test sees on disk)."""
    return {
        path: path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "derived" not in path.relative_to(root).parts
    }


def rows(db_path: Path) -> list[str]:
    """Every row of every table as SQL text, read through a connection of the test's own."""
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def quarantine_of(data_dir: Path) -> Path:
    """The one stamped folder a repair made; its stamp is a moment of the test's clock."""
    (folder,) = (data_dir / "evidence-quarantine").iterdir()
    moment = datetime.strptime(folder.name, "%Y%m%dT%H%M%S%fZ")
    start = TEST_START.replace(tzinfo=None)
    assert start < moment < start + timedelta(hours=1), folder.name
    return folder


def test_a_file_stored_with_no_row_is_named_and_the_exit_is_non_zero(
    cli: Cli, db_path: Path
) -> None:
    cli("demo")
    store = BlobStore(evidence_root(db_path))
    path = store.path(store.put(demo_report_pdf(["stored, never attached"])))

    result = cli("db", "check")

    assert result.code == 1
    assert result.out.splitlines() == [stray(path), hint(1)]
    assert path.is_file()  # a check only reports


def test_files_planted_anywhere_in_the_store_are_strays_but_thumbnails_and_leftovers_are_not(
    cli: Cli, db_path: Path, data_dir: Path
) -> None:
    cli("demo")
    root = evidence_root(db_path)
    known = store_files(root)
    first = next(iter(known))
    planted = [
        root / "notes.txt",
        root / first.parent.name / "copy of photo.jpg",
        root / "00" / first.name,  # a known file's copy in the wrong folder
        root / "zz" / "deeper" / "file",
    ]
    for index, path in enumerate(planted):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"planted %d" % index)
    link = root / "cd" / "zero"
    link.parent.mkdir(exist_ok=True)
    link.symlink_to("/dev/zero")  # never read: the check would not end
    not_strays = [
        root / "derived" / f"{'f' * 64}_thumb.jpg",  # a thumbnail whose original is gone
        root / "derived" / ".x_thumb.jpg.0123456789ab.part",
        first.with_name(f".{first.name}.0123456789ab.part"),  # a write cut off
    ]
    for path in not_strays:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"not evidence")
    expected = sorted([*planted, link])

    found = cli("db", "check")

    assert found.code == 1
    assert found.out.splitlines() == [*[stray(path) for path in expected], hint(5)]

    repaired = cli("db", "check", "--repair")

    assert repaired.code == 1
    quarantine = quarantine_of(data_dir)
    targets = [quarantine / path.relative_to(root) for path in expected]
    assert repaired.out.splitlines() == [
        f"moved {path} to {target}" for path, target in zip(expected, targets, strict=True)
    ]
    for index, path in enumerate(planted):
        assert not path.exists()
        assert (quarantine / path.relative_to(root)).read_bytes() == b"planted %d" % index
    moved_link = quarantine / "cd" / "zero"
    assert moved_link.is_symlink() and os.readlink(moved_link) == "/dev/zero"
    assert all(path.read_bytes() == b"not evidence" for path in not_strays)
    assert {path: path.read_bytes() for path in known} == known
    assert cli("db", "check").out == "ok\n"


def test_missing_damaged_and_stray_files_are_all_reported(cli: Cli, db_path: Path) -> None:
    cli("demo")
    store = BlobStore(evidence_root(db_path))
    gone, damaged, *_ = store_files(store.root)
    gone.unlink()
    damaged.write_bytes(damaged.read_bytes() + b"tampered")
    planted = store.path(store.put(demo_report_pdf(["left by a kill"])))

    result = cli("db", "check")

    assert result.code == 1
    assert result.out.splitlines() == [
        f"evidence file {gone.name} is missing from the evidence folder",
        f"evidence file {damaged.name} no longer matches its SHA-256",
        stray(planted),
        hint(1),
        ADVICE,
    ]


def test_repair_moves_the_strays_into_quarantine_and_leaves_everything_else(
    cli: Cli, db_path: Path, data_dir: Path
) -> None:
    cli("demo")
    store = BlobStore(evidence_root(db_path))
    known = store_files(store.root)
    first = store.path(store.put(demo_report_pdf(["first stray"])))
    second = first.parent / "a copy.pdf"
    second.write_bytes(b"%PDF-1.4 not attached")
    strays = {path: path.read_bytes() for path in sorted([first, second])}
    assert cli("db", "check").code == 1
    before = rows(db_path)

    repaired = cli("db", "check", "--repair")

    assert repaired.code == 1  # it found something, and moved it
    quarantine = quarantine_of(data_dir)
    moved = {path: quarantine / path.relative_to(store.root) for path in strays}
    assert repaired.out.splitlines() == [f"moved {path} to {moved[path]}" for path in strays]
    for path, data in strays.items():
        assert not path.exists()
        assert moved[path].read_bytes() == data
    assert store_files(store.root) == known
    assert rows(db_path) == before

    again = cli("db", "check", "--repair")

    assert (again.code, again.out) == (0, "ok\n")
    assert list((data_dir / "evidence-quarantine").iterdir()) == [quarantine]
    assert store_files(quarantine) == {moved[path]: data for path, data in strays.items()}
    assert rows(db_path) == before


def test_repair_cannot_bring_back_a_missing_or_damaged_file_and_says_what_can(
    cli: Cli, db_path: Path, data_dir: Path
) -> None:
    cli("demo")
    root = evidence_root(db_path)
    gone, damaged, *_ = store_files(root)
    gone.unlink()
    damaged.write_bytes(b"damaged behind the app's back")
    before = rows(db_path)

    result = cli("db", "check", "--repair")

    assert result.code == 1
    assert result.out.splitlines() == [
        f"evidence file {gone.name} is missing from the evidence folder",
        f"evidence file {damaged.name} no longer matches its SHA-256",
        ADVICE,
    ]
    assert damaged.read_bytes() == b"damaged behind the app's back"  # a known file stays
    assert not gone.exists()
    assert not (data_dir / "evidence-quarantine").exists()
    assert rows(db_path) == before


def test_repair_beside_another_window_is_refused_and_moves_nothing(
    cli: Cli, db_path: Path, data_dir: Path, hold_lock: HoldLock
) -> None:
    cli("demo")
    store = BlobStore(evidence_root(db_path))
    planted = store.path(store.put(demo_report_pdf(["the other window's?"])))
    holder = hold_lock(db_path)

    refused = cli("db", "check", "--repair")

    assert refused.code == 1
    assert "open in another microlot_desk" in refused.err
    assert f"process {holder.pid}" in refused.err
    assert refused.out == ""
    assert planted.is_file()
    assert not (data_dir / "evidence-quarantine").exists()
    read_only = cli("db", "check")  # a check alone still runs, read-only
    assert read_only.code == 1 and read_only.out.splitlines() == [stray(planted), hint(1)]

    holder.release()
    assert cli("db", "check", "--repair").code == 1
    assert not planted.exists()


def test_a_read_only_workspace_refuses_to_move_strays(db_path: Path, clock: TickingClock) -> None:
    """The service's own guard, for a caller that opened the file read-only (the GUI's second
    window): refused before anything moves."""
    open_workspace(db_path, clock=clock).close()
    planted = BlobStore(evidence_root(db_path)).put(b"left over")
    workspace = open_workspace(db_path, clock=clock, read_only=True)
    try:
        try:
            workspace.move_stray_evidence()
        except ReadOnlyDatabase:
            pass
        else:
            raise AssertionError("moved strays on a read-only database")
        assert workspace.evidence.store.exists(planted)
    finally:
        workspace.close()
    assert not (db_path.parent / "evidence-quarantine").exists()


def test_the_file_of_a_removed_attachment_is_kept_and_not_a_stray(
    cli: Cli, db_path: Path, tmp_path: Path, clock: TickingClock
) -> None:
    cli("demo")
    document = tmp_path / "report.pdf"
    document.write_bytes(demo_report_pdf(["attached, then removed"]))
    attachment_id, sha256 = cli(
        "evidence", "add", "CO-2026-014", str(document), "--kind", "document"
    ).out.split()
    workspace = open_workspace(db_path, clock=clock)
    try:
        workspace.evidence.remove(attachment_id)  # a tombstone: the file stays
    finally:
        workspace.close()

    result = cli("db", "check", "--repair")

    assert (result.code, result.out) == (0, "ok\n")
    assert BlobStore(evidence_root(db_path)).path(sha256).read_bytes() == document.read_bytes()


def _first_line(process: subprocess.Popen[bytes], timeout: float = 120) -> bytes:
    assert process.stdout is not None
    deadline, line = time.monotonic() + timeout, b""
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        chunk = os.read(process.stdout.fileno(), 1) if ready else b""
        if not chunk:
            break
        line += chunk
    return line


def test_a_demo_killed_before_its_commit_leaves_strays_that_check_names_and_repair_moves(
    cli: Cli, db_path: Path, data_dir: Path
) -> None:
    child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir)], stdout=subprocess.PIPE)
    try:
        assert _first_line(child) == b"Stored\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.stdout is not None
        child.stdout.close()
    root = evidence_root(db_path)
    left = store_files(root)
    assert len(left) > 1  # the demo's photos and reports, whole

    found = cli("db", "check")

    assert found.code == 1
    assert found.out.splitlines() == [*[stray(path) for path in left], hint(len(left))]
    assert cli("lots", "list", "--json").out.strip() == "[]"  # nothing of the demo committed

    repaired = cli("db", "check", "--repair")

    quarantine = quarantine_of(data_dir)
    moved = {path: quarantine / path.relative_to(root) for path in left}
    assert repaired.code == 1
    assert repaired.out.splitlines() == [f"moved {path} to {moved[path]}" for path in left]
    assert store_files(quarantine) == {moved[path]: data for path, data in left.items()}
    assert store_files(root) == {}

    assert cli("demo").code == 0  # loaded again, whole this time
    assert cli("db", "check").out == "ok\n"
    assert store_files(quarantine) == {moved[path]: data for path, data in left.items()}
