"""The provenance sheet and the batch export are reached from the main window's File menu."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from driving import click_row, type_text
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from microlot_desk.ui.main_window import MainWindow


def test_print_needs_a_selected_lot(window: MainWindow) -> None:
    assert not window.print_action.isEnabled()


@pytest.fixture
def previews() -> Iterator[list[QDialog]]:
    found: list[QDialog] = []
    yield found
    for dialog in found:
        dialog.close()


def _preview(window: MainWindow) -> QDialog | None:
    return window.findChild(QDialog, "sheetPreview")


def test_print_opens_the_preview_of_the_selected_lot(
    qtbot: QtBot, window: MainWindow, previews: list[QDialog]
) -> None:
    click_row(qtbot, window.lots_page, "ET-2026-007")
    assert window.print_action.isEnabled()
    window.print_action.trigger()
    qtbot.waitUntil(lambda: _preview(window) is not None, timeout=15000)
    preview = _preview(window)
    assert preview is not None
    previews.append(preview)
    pdf: bytes = preview.pdf  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    assert "ET-2026-007" in preview.windowTitle() or b"ET-2026-007" in pdf


def test_export_offers_exactly_the_lots_in_the_filtered_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.lots_page
    page.focus_search()
    type_text(qtbot, page.search, "gesha")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    export = next(a for a in window.findChildren(type(window.print_action)) if "Export" in a.text())
    export.trigger()
    dialog = window.findChild(QDialog, "batchExport")
    assert dialog is not None and dialog.isVisible()
    summaries = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(text.startswith("2 lots") for text in summaries), summaries
    dialog.close()
    QApplication.processEvents()
