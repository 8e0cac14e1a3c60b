"""File > Verify a provenance sheet…: the chosen sheet is checked in a worker and the answer
says, in a sentence, whether it matches this station's records."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from microlot_desk.services.common import thread_guard
from microlot_desk.services.printing.print_service import PrintOptions
from microlot_desk.sheet_labels import labels_for
from microlot_desk.ui.main_window import MainWindow

CODE = "GT-2026-004"


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def answer_of(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(
        lambda: (
            window.sheet_check is not None
            and window.sheet_check.answer is not None
            and window.sheet_check.answer.isVisible()
        ),
        timeout=20000,
    )
    assert window.sheet_check is not None and window.sheet_check.answer is not None
    return window.sheet_check.answer


def test_a_sheet_of_this_station_is_verified_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printing = window.workspace.printing
    lot = window.workspace.lots.get_by_code(CODE)
    with thread_guard.disarmed():
        written = printing.export_sheet(lot, tmp_path, PrintOptions(labels_for("en")))
    choose(monkeypatch, written.path)
    assert window.verify_sheet_action.text() == "&Verify a provenance sheet…"
    window.verify_sheet_action.trigger()
    answer = answer_of(qtbot, window)
    assert answer.text().startswith(f"{CODE}: the sheet matches the records of this station")
    assert answer.icon() == QMessageBox.Icon.Information
    answer.accept()

    window.workspace.lots.update_fields(lot.id, {"name": "Renamed after printing"})
    window.sheet_check.answer = None  # type: ignore[union-attr]
    window.verify_sheet_action.trigger()
    answer = answer_of(qtbot, window)
    assert "DIFFERS" in answer.text() and "sections that differ: lot" in answer.text()
    assert answer.icon() == QMessageBox.Icon.Warning
    answer.accept()


def test_a_file_that_is_no_sheet_gets_the_reason(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a sheet")
    choose(monkeypatch, junk)
    window.verify_sheet_action.trigger()
    answer = answer_of(qtbot, window)
    assert "neither a PDF nor a picture" in answer.text()
    answer.accept()
