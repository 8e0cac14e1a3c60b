"""Batch export from the dialog, as a user runs it while the app holds the database: choose a
folder, Export, watch the bar fill; or Cancel part-way and keep only whole files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.services.demo.demo_data import DEMO_LOTS, demo_lot_id
from microlot_desk.services.printing.batch_export import BatchResult
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.ui.printing.batch_export import BatchExportDialog

CODES = [raw["code"] for raw in DEMO_LOTS]


@pytest.fixture
def dialog(qtbot: QtBot, demo_database: OpenDatabase, tmp_path: Path) -> BatchExportDialog:
    lots = [(demo_lot_id(code), code) for code in CODES] + [("gone-id", "GONE-1")]
    shown = BatchExportDialog(
        demo_database.path, lots, folder=tmp_path / "sheets", clock=TickingClock()
    )
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_export_fills_the_bar_and_writes_every_sheet(
    qtbot: QtBot, dialog: BatchExportDialog, tmp_path: Path
) -> None:
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as done:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.running and not dialog.start_button.isEnabled()
    result = done.args[0]
    assert isinstance(result, BatchResult) and not result.cancelled
    assert dialog.progress.value() == dialog.progress.maximum() == len(CODES) + 1
    folder = tmp_path / "sheets"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{c}.pdf" for c in CODES)
    status = dialog.status.text()
    assert f"{len(CODES)} sheets written to {folder}" in status
    assert "GONE-1: No lot 'gone-id' was found." in status
    assert not dialog.running and dialog.start_button.isEnabled()


def test_cancel_stops_part_way_and_leaves_whole_files(
    qtbot: QtBot, dialog: BatchExportDialog, tmp_path: Path
) -> None:
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=60_000)
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text() == "Cancelling…"
    result = done.args[0]
    assert result.cancelled
    files = sorted((tmp_path / "sheets").iterdir())
    assert 1 <= len(files) < len(CODES)
    assert [p.name for p in files] == sorted(w.path.name for w in result.written)
    assert all(p.read_bytes().rstrip().endswith(b"%%EOF") for p in files)
    assert "Cancelled" in dialog.status.text()


def test_closing_while_running_cancels_then_closes(qtbot: QtBot, dialog: BatchExportDialog) -> None:
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert dialog.isVisible()  # still open: the batch is being cancelled
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    assert not dialog.running
