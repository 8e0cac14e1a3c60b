"""A sheet is either the whole new PDF or not there: a failing build leaves nothing under the
final name. (How one file is written atomically is tested in tests/unit/test_atomic_files.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from microlot_desk.errors import NotFound
from microlot_desk.services import print_service
from microlot_desk.services.demo_data import load_demo
from microlot_desk.services.lot_service import LotService
from microlot_desk.services.print_service import PrintOptions, PrintService
from microlot_desk.sheet_labels import SHEET_LABELS


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
