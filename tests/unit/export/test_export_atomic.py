"""A file is either the whole new PDF or not there: a failing build or write leaves nothing
under the final name (and an older file there untouched), and no temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from microlot_desk.errors import NotFound
from microlot_desk.export.atomic_write import atomic_output, write_atomic
from microlot_desk.services import print_service
from microlot_desk.services.demo_data import load_demo
from microlot_desk.services.lot_service import LotService
from microlot_desk.services.print_service import PrintOptions, PrintService
from microlot_desk.sheet_labels import SHEET_LABELS


def test_write_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    write_atomic(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_failure_while_writing_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as handle:
        handle.write(b"half a pdf")
        raise RuntimeError("disk pulled out")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_new_file_gets_the_permissions_of_any_file_the_user_creates(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.pdf", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644  # not tempfile's 0o600


def test_a_failing_build_leaves_no_file_under_the_final_name(
    lots: LotService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(lots)
    service = PrintService(lots)
    calls: list[str] = []

    def failing(data: object) -> object:
        calls.append("build")
        raise MemoryError("out of memory half-way through the layout")

    monkeypatch.setattr(print_service, "render_sheet", failing)
    out = tmp_path / "out"
    with pytest.raises(MemoryError):
        service.export_sheets(["CO-2026-014"], out, PrintOptions(SHEET_LABELS))
    assert calls == ["build"]
    assert list(out.iterdir()) == []


def test_an_unknown_code_stops_the_export_before_any_file(lots: LotService, tmp_path: Path) -> None:
    load_demo(lots)
    out = tmp_path / "out"
    with pytest.raises(NotFound) as raised:
        PrintService(lots).export_sheets(
            ["CO-2026-014", "NOPE-1", "XX-9"], out, PrintOptions(SHEET_LABELS)
        )
    assert raised.value.params == {"kind": "lot", "key": "NOPE-1, XX-9"}
    assert not out.exists()
