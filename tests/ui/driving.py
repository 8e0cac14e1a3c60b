"""Driving the real widgets the way a person does: click a row, click a field, type over it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from microlot_desk.app import build_main_window
from microlot_desk.domain.lots import Lot
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.ui.lots.lot_list_page import LotListPage
from microlot_desk.ui.lots.lot_table_model import LOT_ID_ROLE
from microlot_desk.ui.main_window import MainWindow

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
# What Qt's offscreen platform says whenever a popup (a combo box list, a completer) opens: it
# cannot raise windows or grab input. Not a problem of ours; every other warning still fails.
OFFSCREEN_POPUP_NOISE = [
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the (keyboard|mouse)$",
]
WINDOW_SIZE = (1366, 768)  # a common laptop screen
StoredLot = Callable[[str], Lot]  # a lot by code, as committed to the file


def shown_codes(page: LotListPage) -> list[str]:
    model = page.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def column(page_or_model: LotListPage | QAbstractItemModel, title: str) -> int:
    """The list's column with this header, as a person finds it."""
    model = page_or_model.model if isinstance(page_or_model, LotListPage) else page_or_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def cell(page: LotListPage, code: str, title: str) -> str:
    """What the list shows for a lot under a column header."""
    return str(page.model.index(row_of_code(page, code), column(page, title)).data())


def row_of_code(page: LotListPage, code: str) -> int:
    return shown_codes(page).index(code)


def click_row(qtbot: QtBot, page: LotListPage, code: str) -> None:
    """Click the lot's row in the table, as a person would."""
    index = page.model.index(row_of_code(page, code), 0)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    lot = page.editor.lot
    assert lot is not None and lot.code == code


def selected_code(page: LotListPage) -> str | None:
    rows = page.table.selectionModel().selectedRows()
    return str(rows[0].data()) if len(rows) == 1 else None


def selected_lot_id(page: LotListPage) -> str | None:
    current: QModelIndex = page.table.currentIndex()
    return current.data(LOT_ID_ROLE) if current.isValid() else None


def field_edit(page: LotListPage, name: str) -> QWidget:
    return page.editor.fields[name].focus_widget()


def click_field(qtbot: QtBot, page: LotListPage, name: str) -> QWidget:
    """Scroll the editor to a field and click into it."""
    widget = field_edit(page, name)
    scroll = page.editor.findChild(QScrollArea)
    assert scroll is not None
    QCoreApplication.processEvents()  # pending layout first, so the scrolling lands right
    scroll.ensureWidgetVisible(widget, 0, 60)
    QCoreApplication.processEvents()
    reactivate(qtbot, widget)
    assert widget.visibleRegion().boundingRect().contains(widget.rect().center())
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    assert widget.hasFocus() or QApplication.activePopupWidget() is not None
    return widget


def reactivate(qtbot: QtBot, widget: QWidget) -> None:
    """After a popup closed, a window manager hands activation back to the main window; the
    offscreen platform leaves it on the hidden popup, so do the window manager's part."""
    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)


def retype(qtbot: QtBot, page: LotListPage, name: str, text: str) -> QWidget:
    """Click a field, select what is there, type `text` over it (not leaving the field)."""
    widget = click_field(qtbot, page, name)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    return widget


def line_text(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text()
    edit = widget.findChild(QLineEdit)  # an editable combo box
    assert edit is not None
    return edit.text()


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a person: plain keys for ASCII; a key carrying the character for other Latin
    letters (a Spanish or Portuguese keyboard); an input method's commit for Ethiopic and Chinese,
    as those are typed. (QTest cannot click keys outside Latin-1.)"""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        elif ord(char) < 0x250:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QCoreApplication.sendEvent(widget, event)
        else:
            commit = QInputMethodEvent()
            commit.setCommitString(char)
            QCoreApplication.sendEvent(widget, commit)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """Press a key where the keyboard goes: an open popup (a completer's list) first, else the
    widget with the focus. (QTest would otherwise hand it to a widget behind the popup.)"""
    popup = QApplication.activePopupWidget()
    target = (popup.focusWidget() or popup) if popup is not None else QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def show_window(qtbot: QtBot, database: OpenDatabase) -> MainWindow:
    window = build_main_window(database)
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
