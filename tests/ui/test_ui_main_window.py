"""The main window: undo and redo of saved edits, the menus and their shortcuts, the title, the
About box, a database opened read-only because another window holds it, and the demo loaded in a
worker behind a progress dialog with Cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from driving import (
    OFFSCREEN_POPUP_NOISE,
    StoredLot,
    cell,
    click_field,
    click_row,
    field_edit,
    line_text,
    press,
    retype,
    selected_code,
    show_window,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk import __version__
from microlot_desk.services.common.thread_guard import WorkOnGuiThread
from microlot_desk.services.demo import demo_provenance
from microlot_desk.services.demo.demo_data import load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.lots.field_widgets import LineField, TextField
from microlot_desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def menu_action(window: MainWindow, menu_title: str, action_text: str) -> QAction:
    for menu_action_ in window.menuBar().actions():
        if menu_action_.text().replace("&", "") == menu_title:
            menu = menu_action_.menu()
            assert menu is not None
            for action in menu.actions():
                if action.text().replace("&", "").startswith(action_text):
                    return action
    raise AssertionError(f"no {menu_title} > {action_text}")


def save_green_weight(qtbot: QtBot, window: MainWindow, code: str, value: str) -> None:
    page = window.lots_page
    click_row(qtbot, page, code)
    retype(qtbot, page, "green_kg", value)
    press(qtbot, Qt.Key.Key_Tab)


def test_undo_and_redo_with_the_keyboard_restore_the_database(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    save_green_weight(qtbot, window, "CO-2026-014", "455")
    assert stored("CO-2026-014").green_kg == Decimal(455)
    assert field_edit(page, "bag_count").hasFocus()  # a line field, with nothing of its own to undo

    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored("CO-2026-014").green_kg == Decimal(420)
    assert line_text(field_edit(page, "green_kg")) == "420"
    assert page.editor.save_state.text().startswith("Saved")
    assert cell(page, "CO-2026-014", "Green kg") == "420"

    press(
        qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert stored("CO-2026-014").green_kg == Decimal(455)
    assert line_text(field_edit(page, "green_kg")) == "455"


@pytest.mark.parametrize("resting_in", ["bag_count", "story", "country", "process"])
def test_ctrl_z_reaches_the_window_from_any_field_with_nothing_typed(
    qtbot: QtBot, window: MainWindow, stored: StoredLot, resting_in: str
) -> None:
    page = window.lots_page
    save_green_weight(qtbot, window, "CO-2026-014", "455")
    if resting_in != "process":  # a click on a list would open it; Tab there instead
        click_field(qtbot, page, resting_in)
    else:
        field_edit(page, "process").setFocus()
    assert QApplication.focusWidget() is field_edit(page, resting_in)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored("CO-2026-014").green_kg == Decimal(420)
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # the other Redo key
    assert stored("CO-2026-014").green_kg == Decimal(455)


def test_ctrl_z_while_typing_undoes_the_typing_first(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    save_green_weight(qtbot, window, "CO-2026-014", "455")
    bags = retype(qtbot, page, "bag_count", "13")
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(bags, QLineEdit)
    assert bags.text() != "13"  # the field's own typing went first ...
    assert stored("CO-2026-014").green_kg == Decimal(455)  # ... and the saved edit stayed


def test_undo_and_redo_from_the_edit_menu(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    undo = menu_action(window, "Edit", "Undo")
    redo = menu_action(window, "Edit", "Redo")
    assert not undo.isEnabled()
    assert undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    save_green_weight(qtbot, window, "ET-2026-003", "880")
    assert undo.isEnabled()
    assert "Green weight (kg)" in undo.text() and "ET-2026-003" in undo.text()
    undo.trigger()
    assert stored("ET-2026-003").green_kg == Decimal(900)
    assert redo.isEnabled()
    redo.trigger()
    assert stored("ET-2026-003").green_kg == Decimal(880)


def test_undo_of_an_edit_on_another_lot_shows_that_lot(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    save_green_weight(qtbot, window, "ET-2026-003", "880")
    click_row(qtbot, page, "PE-2026-006")
    window.undo_stack.undo()
    assert stored("ET-2026-003").green_kg == Decimal(900)
    lot = page.editor.lot
    assert lot is not None and lot.code == "ET-2026-003"  # the person sees what was undone
    assert selected_code(page) == "ET-2026-003"
    assert line_text(field_edit(page, "green_kg")) == "900"


def test_ctrl_f_goes_to_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CO-2026-014")
    retype(qtbot, page, "farm", "Finca La Esperanza")
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    find = menu_action(window, "Edit", "Find lots")
    assert find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)  # shown in the menu


def test_tab_walks_the_editor_in_reading_order(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CO-2026-014")
    retype(qtbot, page, "producer", "José Ñáñez Muñoz")
    order = ["producer_kind", "farm", "plot", "altitude_m", "area_ha", "country", "region"]
    for name in order:
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is field_edit(page, name), name


def test_the_title_names_the_file_and_the_app(window: MainWindow) -> None:
    # "file — app": ending with the app's name, so X11 and Windows do not append it a second time.
    assert window.windowTitle() == "microlot.sqlite — microlot_desk"


def test_the_about_box_shows_the_version(qtbot: QtBot, window: MainWindow) -> None:
    assert __version__ in window.about_text()
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    menu_action(window, "Help", "About").trigger()
    assert len(seen) == 1
    assert f"microlot_desk {__version__}" in seen[0]
    assert "microlot.sqlite" in seen[0]


@pytest.fixture
def read_only_window(
    qtbot: QtBot, demo_database: OpenDatabase, db_path: Path
) -> Iterator[MainWindow]:
    """The demo file held for writing (by `demo_database`), opened a second time read-only."""
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    shown = show_window(qtbot, reader)
    yield shown
    shown.close()
    reader.close()


def test_a_read_only_database_says_so_and_writes_nothing(
    qtbot: QtBot, read_only_window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    window = read_only_window
    page = window.lots_page
    before = dump()
    assert window.windowTitle() == "microlot.sqlite (read-only) — microlot_desk"
    assert "Read-only" in window.statusBar().currentMessage()
    click_row(qtbot, page, "CO-2026-014")
    assert "Read-only" in page.editor.save_state.text()

    for name, field in page.editor.fields.items():
        if isinstance(field, (LineField, TextField)):
            assert field.edit.isReadOnly(), name
        else:
            assert not field.focus_widget().isEnabled(), name
    # Typing into a read-only field changes nothing, on screen or on disk.
    green = field_edit(page, "green_kg")
    qtbot.mouseClick(green, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(green, "999")
    press(qtbot, Qt.Key.Key_Tab)
    assert line_text(green) == "420"

    assert not page.new_button.isEnabled()
    assert not menu_action(window, "File", "New lot").isEnabled()
    assert not menu_action(window, "File", "Load demo data").isEnabled()
    assert not menu_action(window, "Edit", "Undo").isEnabled()
    # The list, search and filters still work: reading is allowed.
    qtbot.keyClicks(page.search, "kiama")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1
    assert dump() == before


def test_a_read_only_empty_database_offers_nothing_it_cannot_do(
    qtbot: QtBot, database: OpenDatabase, db_path: Path
) -> None:
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    window = show_window(qtbot, reader)
    try:
        page = window.lots_page
        assert page.empty_banner.isVisible()
        buttons = page.empty_banner.findChildren(QPushButton)
        assert buttons and not any(b.isEnabled() for b in buttons)
    finally:
        window.close()
        reader.close()


def close_any_dialog(seen: list[str]) -> None:
    """Record and close a message box if one opens (so a test never hangs on one)."""
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        seen.append(box.text())
        box.accept()


def test_back_up_now_writes_a_copy_and_says_where(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    seen: list[str] = []
    QTimer.singleShot(200, lambda: close_any_dialog(seen))
    # The copy is made in a worker thread; the window says so when it is done.
    with qtbot.waitSignal(window.backup_finished, timeout=10000):
        menu_action(window, "File", "Back up now").trigger()
    assert seen == []  # no warning
    copies = list((db_path.parent / "backups").glob("microlot-*-manual.sqlite"))
    assert len(copies) == 1
    assert str(copies[0]) in window.statusBar().currentMessage()


def test_back_up_now_works_on_a_read_only_database(
    qtbot: QtBot, read_only_window: MainWindow, db_path: Path
) -> None:
    seen: list[str] = []
    QTimer.singleShot(200, lambda: close_any_dialog(seen))
    with qtbot.waitSignal(read_only_window.backup_finished, timeout=10000):
        menu_action(read_only_window, "File", "Back up now").trigger()
    assert seen == []
    assert len(list((db_path.parent / "backups").glob("microlot-*-manual.sqlite"))) == 1


def test_loading_the_demo_again_keeps_what_is_being_typed(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "ID-2026-009")
    typing = retype(qtbot, page, "farm", "Kebun Pantan Musara")
    menu_action(window, "File", "Load demo data").trigger()  # with the mouse: focus stays put
    assert "0 demo lots added" in window.statusBar().currentMessage()
    assert line_text(typing) == "Kebun Pantan Musara"
    assert selected_code(page) == "ID-2026-009"
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("ID-2026-009").farm == "Kebun Pantan Musara"


@pytest.fixture
def held_demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The demo's worker held after the lots are added, before their provenance, until the
    test sets the event: time to look at the progress and to press Cancel."""
    release = threading.Event()
    add_provenance = demo_provenance.add_provenance

    def held(lots: LotService, codes: set[str]) -> int:
        assert release.wait(20)
        return add_provenance(lots, codes)

    monkeypatch.setattr(demo_provenance, "add_provenance", held)
    yield release
    release.set()  # never leave a worker waiting


def test_loading_the_demo_shows_progress_and_cancel_adds_nothing(
    qtbot: QtBot,
    empty_window: MainWindow,
    held_demo: threading.Event,
    dump: Callable[[], list[str]],
    tmp_path: Path,
) -> None:
    before = dump()
    menu_action(empty_window, "File", "Load demo data").trigger()
    dialog = empty_window.demo_progress
    assert dialog is not None
    # Held in the worker with the lots added: the GUI thread is free and the bar has moved.
    qtbot.waitUntil(lambda: dialog.bar.value() == 1, timeout=10000)
    assert dialog.isVisible() and dialog.isModal() and dialog.bar.maximum() == 2
    assert dialog.text.text().startswith("Adding the demo lots")
    dialog.grab().save(str(tmp_path / "demo-progress.png"))

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(empty_window.demo_ended, timeout=20000) as ended:
        held_demo.set()
    assert ended.args == [-1]
    assert empty_window.demo_progress is None
    assert empty_window.statusBar().currentMessage() == "Demo data not loaded: cancelled."
    assert empty_window.lots_page.model.rowCount() == 0
    assert dump() == before  # the lots added before the cancel were undone with the rest


def test_the_demo_loaded_on_the_gui_thread_is_refused_by_the_guard(
    empty_window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    """What keeps the demo tests honest: the load itself refuses the GUI thread."""
    before = dump()
    with pytest.raises(WorkOnGuiThread, match="demo"):
        load_demo(empty_window.workspace.lots)
    assert dump() == before
