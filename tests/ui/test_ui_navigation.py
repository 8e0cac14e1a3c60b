"""Every screen can be reached: the rail, the File menu, and the lot editor's tabs."""

from __future__ import annotations

from driving import click_row
from PySide6.QtWidgets import QTableView, QTabWidget
from pytestqt.qtbot import QtBot

from microlot_desk.ui.main_window import MainWindow


def test_the_rail_opens_the_cupping_screen(qtbot: QtBot, window: MainWindow) -> None:
    titles = [window.rail.item(row).text() for row in range(window.rail.count())]
    assert titles == ["Lots", "Cupping", "Exchange", "Settings"]
    window.rail.setCurrentRow(1)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.cupping_holder)
    page = window.cupping_page
    assert page.isVisible()
    assert page.new_button.isEnabled()


def test_file_new_cupping_session_goes_to_the_set_up(qtbot: QtBot, window: MainWindow) -> None:
    action = next(a for a in window.menuBar().actions() if a.text() == "&File").menu().actions()
    session = next(a for a in action if "cupping session" in a.text())
    session.trigger()
    assert window.pages.currentWidget() is window.cupping_holder
    assert window.cupping_page.isVisible()


def test_the_lot_editor_has_a_cupping_history_tab(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CO-2026-014")
    tabs = page.editor.findChild(QTabWidget, "lotTabs")
    assert tabs is not None
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == ["Record", "Plots", "Custody", "Cupping", "Evidence", "Verdict"]
    tabs.setCurrentIndex(titles.index("Cupping"))
    history = tabs.currentWidget()
    assert history.objectName() == "scoreHistory"
    table = history.findChild(QTableView, "scoreHistoryTable")
    assert table is not None
    assert table.model().rowCount() == 0  # no session has scored this lot yet
