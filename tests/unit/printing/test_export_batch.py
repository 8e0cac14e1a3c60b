"""Batch export, built in this thread (a short batch, or one worker) and on two worker processes
that open the database read-only while this process holds it open for writing (as the app does):
every file whole, progress reported, cancel honoured, a missing lot reported rather than fatal."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pdf_probe import pypdf_text
from ticking_clock import TickingClock

from microlot_desk.services.demo.demo_data import DEMO_LOTS, demo_lot_id, load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing import batch_export
from microlot_desk.services.printing.batch_export import export_batch
from microlot_desk.services.printing.print_service import PrintOptions
from microlot_desk.sheet_labels import SHEET_LABELS

CODES = [raw["code"] for raw in DEMO_LOTS]


@pytest.fixture(params=["here", "processes"])
def workers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many workers to ask for; for "processes", even the demo's few lots go to two."""
    if request.param == "here":
        return 1
    monkeypatch.setattr(batch_export, "PROCESSES_FROM", 1)
    return 2


def test_all_lots_with_progress(
    lots: LotService, db_path: Path, tmp_path: Path, workers: int
) -> None:
    load_demo(lots)
    seen: list[tuple[int, int, str]] = []
    out = tmp_path / "out"
    ids = [demo_lot_id(code) for code in CODES] + ["no-such-lot"]
    result = export_batch(
        db_path,
        ids,
        out,
        PrintOptions(SHEET_LABELS, paper="letter"),
        progress=lambda done, total, code: seen.append((done, total, code)),
        clock=TickingClock(),
        workers=workers,
    )
    assert not result.cancelled
    assert sorted(w.subject for w in result.written) == sorted(CODES)
    assert [(f.lot_id, f.code) for f in result.failed] == [("no-such-lot", "not_found")]
    assert [done for done, _, _ in seen] == list(range(1, len(ids) + 1))
    assert {total for _, total, _ in seen} == {len(ids)}
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{code}.pdf" for code in CODES)
    assert "ኮንጋ የቡና አምራቾች ማህበር" in pypdf_text((out / "ET-2026-003.pdf").read_bytes())


def test_cancel_stops_the_batch_and_leaves_only_whole_files(
    lots: LotService, db_path: Path, tmp_path: Path, workers: int
) -> None:
    load_demo(lots)
    cancel = threading.Event()
    out = tmp_path / "out"
    ids = [demo_lot_id(code) for code in CODES] * 1
    result = export_batch(
        db_path,
        ids,
        out,
        PrintOptions(SHEET_LABELS),
        progress=lambda done, total, code: cancel.set(),
        cancel=cancel,
        clock=TickingClock(),
        workers=workers,
    )
    assert result.cancelled
    assert 1 <= len(result.written) < len(CODES)
    files = sorted(out.iterdir())
    assert [p.name for p in files] == sorted(w.path.name for w in result.written)  # no .part
    for path in files:
        assert path.read_bytes().rstrip().endswith(b"%%EOF")


def test_an_empty_batch_does_nothing(db_path: Path, lots: LotService, tmp_path: Path) -> None:
    result = export_batch(
        db_path, [], tmp_path / "out", PrintOptions(SHEET_LABELS), clock=TickingClock()
    )
    assert (result.written, result.failed, result.cancelled) == ((), (), False)
