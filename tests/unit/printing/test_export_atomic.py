"""A sheet is either the whole new PDF or not there: a failing build leaves nothing under the
final name. (How one file is written atomically is tested in tests/unit/test_atomic_files.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from microlot_desk.errors import NotFound
from microlot_desk.services.demo.demo_data import load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing import print_service
from microlot_desk.services.printing.print_service import PrintOptions, PrintService
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
    out.mkdir()
    with pytest.raises(MemoryError):
        service.export_sheet(lots.get_by_code("CO-2026-014"), out, PrintOptions(SHEET_LABELS))
    assert calls == ["build"]
    assert list(out.iterdir()) == []


def test_every_unknown_code_is_named_at_once(lots: LotService) -> None:
    load_demo(lots)
    with pytest.raises(NotFound) as raised:
        PrintService(lots).lots_by_code(["CO-2026-014", "NOPE-1", "XX-9"])
    assert raised.value.params == {"kind": "lot", "key": "NOPE-1, XX-9"}
