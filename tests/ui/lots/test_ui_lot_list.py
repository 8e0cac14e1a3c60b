"""The lot list: search as you type, filters, sorting by a header click, the first-start banner,
and a new lot from the dialog, all driven through the real widgets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from driving import (
    OFFSCREEN_POPUP_NOISE,
    StoredLot,
    click_field,
    click_row,
    column,
    press,
    reactivate,
    retype,
    selected_code,
    shown_codes,
    type_text,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QHeaderView, QPushButton
from pytestqt.qtbot import QtBot

from microlot_desk.services.demo.demo_data import DEMO_TOTAL
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.ui.lots.lot_list_page import LotListPage
from microlot_desk.ui.lots.new_lot_dialog import NewLotDialog
from microlot_desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)

ALL_DEMO = DEMO_TOTAL


def search_for(qtbot: QtBot, page: LotListPage, text: str) -> None:
    """Type into the search box (Ctrl+F first) and wait for the list to follow the pause."""
    qtbot.keyClick(page.search, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_text(qtbot, page.search, text)
    qtbot.waitUntil(lambda: page.model.query.search == text, timeout=2000)


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("narino", ["CO-2026-014"]),  # finds "Nariño, La Unión"
        ("NARIÑO", ["CO-2026-014"]),
        ("Nar", ["CO-2026-014"]),  # as soon as three letters are in
        ("muñoz", ["CO-2026-014"]),
        ("munoz", ["CO-2026-014"]),
        ("አበበ", ["ET-2026-007"]),  # Ethiopic producer name
        ("ኮንጋ የቡና", ["ET-2026-003"]),
        ("李明华", ["CN-2026-002"]),  # Chinese producer name
        ("普洱", ["CN-2026-002"]),  # two characters: too short for trigrams, still found
        ("保山", ["CN-2026-005"]),
        ("gesha natural", ["PA-2026-007"]),  # every word must match
        ("yunnan", ["CN-2026-002", "CN-2026-005"]),
        ("kurume", ["ET-2026-003"]),  # a variety
        ("zzzz", []),
    ],
)
def test_search_as_you_type(qtbot: QtBot, window: MainWindow, typed: str, codes: list[str]) -> None:
    page = window.lots_page
    search_for(qtbot, page, typed)
    assert shown_codes(page) == codes
    total = f"of {ALL_DEMO} lots"
    assert page.count_label.text() == f"{len(codes)} {total}"


def test_search_waits_for_a_pause_in_typing(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    qtbot.keyClicks(page.search, "nar")
    assert page.model.query.search == ""  # not one query per key
    qtbot.waitUntil(lambda: shown_codes(page) == ["CO-2026-014"], timeout=2000)


def test_enter_in_the_search_box_searches_at_once(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    qtbot.keyClicks(page.search, "kiama")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert shown_codes(page) == ["KE-2026-011"]


def test_escape_in_the_search_box_clears_it(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    search_for(qtbot, page, "kiama")
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    qtbot.waitUntil(lambda: len(shown_codes(page)) == ALL_DEMO, timeout=2000)


def test_escape_in_the_editor_leaves_the_search_alone(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    search_for(qtbot, page, "gesha")
    click_row(qtbot, page, "PA-2026-007")
    retype(qtbot, page, "farm", "Jaramillo")
    press(qtbot, Qt.Key.Key_Escape)
    assert page.search.text() == "gesha"


def choose(qtbot: QtBot, combo: QComboBox, label: str) -> None:
    """Open a filter's list with a click, walk to the entry with the arrow keys, press Enter."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(combo.view().isVisible)
    start = combo.view().currentIndex().row()
    key = Qt.Key.Key_Down if combo.findText(label) > start else Qt.Key.Key_Up
    while combo.view().currentIndex().data() != label:
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Return)
    assert combo.currentText() == label
    reactivate(qtbot, combo)


def test_filter_by_country(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    choose(qtbot, page.country_filter, "ET — Ethiopia")
    assert shown_codes(page) == ["ET-2026-003", "ET-2026-007"]
    assert page.count_label.text() == f"2 of {ALL_DEMO} lots"
    choose(qtbot, page.country_filter, "All countries")
    assert len(shown_codes(page)) == ALL_DEMO


def test_filter_by_process(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    choose(qtbot, page.process_filter, "Natural")
    assert shown_codes(page) == ["ET-2026-007", "PA-2026-007"]


def test_filter_by_variety(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    choose(qtbot, page.variety_filter, "Gesha")
    assert shown_codes(page) == ["CO-2026-014", "PA-2026-007"]


@pytest.mark.parametrize(
    ("size", "codes"),
    [
        ("Nano", ["CN-2026-005", "ET-2026-007"]),  # under 50 kg
        ("Small", ["CO-2026-021", "PA-2026-007"]),  # 50 to under 100 kg
        ("Regular", ["BR-2026-031", "KE-2026-011"]),  # over 1000 kg
    ],
)
def test_filter_by_size_class(
    qtbot: QtBot, window: MainWindow, size: str, codes: list[str]
) -> None:
    page = window.lots_page
    choose(qtbot, page.size_filter, size)
    assert shown_codes(page) == codes


def test_filters_and_search_combine(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    choose(qtbot, page.country_filter, "CO — Colombia")
    search_for(qtbot, page, "pink")
    assert shown_codes(page) == ["CO-2026-021"]
    choose(qtbot, page.country_filter, "ET — Ethiopia")
    assert shown_codes(page) == []


def sort_by(qtbot: QtBot, page: LotListPage, column: int) -> None:
    header: QHeaderView = page.table.horizontalHeader()
    page.table.scrollTo(page.model.index(0, column))  # bring the column into view
    QApplication.processEvents()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    assert 0 <= x < header.viewport().width()
    pos = header.viewport().rect().topLeft()
    pos.setX(x)
    pos.setY(header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_a_header_sorts_and_clicking_again_reverses(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.lots_page
    assert shown_codes(page) == sorted(shown_codes(page))  # by code at first
    producer = column(page, "Producer")
    sort_by(qtbot, page, producer)
    producers = [page.model.index(r, producer).data() for r in range(page.model.rowCount())]
    assert producers[0] == "Asociación de Mujeres Cafetaleras de Jaén"
    assert producers[-2:] == ["张秀英", "李明华"]  # by code point, after every Latin name
    sort_by(qtbot, page, producer)
    reversed_producers = [
        page.model.index(r, producer).data() for r in range(page.model.rowCount())
    ]
    assert reversed_producers == producers[::-1]
    assert page.table.horizontalHeader().sortIndicatorSection() == producer
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_sorting_by_weight_is_numeric(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    sort_by(qtbot, page, column(page, "Green kg"))
    assert shown_codes(page)[0] == "CN-2026-005"  # 30 kg
    assert shown_codes(page)[-1] == "KE-2026-011"  # 2400 kg, not "900" last as text would be


def test_sorting_keeps_the_selected_lot_selected(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    click_row(qtbot, page, "GT-2026-004")
    sort_by(qtbot, page, column(page, "Name"))
    assert selected_code(page) == "GT-2026-004"
    editor_lot = page.editor.lot
    assert editor_lot is not None and editor_lot.code == "GT-2026-004"


def test_a_column_that_cannot_be_sorted_does_not_pretend_to_be(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.lots_page
    before = shown_codes(page)
    header = page.table.horizontalHeader()
    sort_by(qtbot, page, column(page, "Varieties"))  # not sortable
    assert shown_codes(page) == before
    assert header.sortIndicatorSection() == 0  # the indicator stays where the order comes from


def test_editing_while_searching_keeps_the_lot_selected(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    search_for(qtbot, page, "washed")
    click_row(qtbot, page, "KE-2026-011")
    retype(qtbot, page, "bag_count", "41")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("KE-2026-011").bag_count == 41
    assert page.search.text() == "washed"
    assert selected_code(page) == "KE-2026-011"
    assert page.table.selectionModel().currentIndex().row() == shown_codes(page).index(
        "KE-2026-011"
    )


def test_an_edit_that_takes_the_lot_out_of_the_search_keeps_it_in_the_editor(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    search_for(qtbot, page, "kiama")
    click_row(qtbot, page, "KE-2026-011")
    retype(qtbot, page, "name", "Gatomboya AA")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("KE-2026-011").name == "Gatomboya AA"
    lot = page.editor.lot
    assert lot is not None and lot.code == "KE-2026-011"  # still being edited
    assert page.editor.fields["name"].value() == "Gatomboya AA"


def test_a_filter_stays_honest_when_its_last_lot_moves_away(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    """The filter menu and the list must agree after the last Kenyan lot becomes Tanzanian."""
    page = window.lots_page
    choose(qtbot, page.country_filter, "KE — Kenya")
    click_row(qtbot, page, "KE-2026-011")
    retype(qtbot, page, "country", "TZ")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("KE-2026-011").country == "TZ"
    shown_filter = page.country_filter.currentData() or ""
    assert shown_filter == page.model.query.country


def test_an_empty_database_offers_the_demo(
    qtbot: QtBot, empty_window: MainWindow, stored: StoredLot
) -> None:
    page = empty_window.lots_page
    assert page.empty_banner.isVisible()
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "0 lots"
    assert not page.editor.isEnabled()
    button = page.empty_banner.findChild(QPushButton, "loadDemo")
    assert button is not None and button.isEnabled()
    # Loaded in a worker (the GUI tests refuse it on the GUI thread), behind a progress dialog.
    with qtbot.waitSignal(empty_window.demo_ended, timeout=30000) as ended:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert empty_window.demo_progress is not None
        assert empty_window.demo_progress.isVisible()
    assert ended.args == [ALL_DEMO]
    assert empty_window.demo_progress is None

    assert page.model.rowCount() >= 12
    assert not page.empty_banner.isVisible()
    assert page.count_label.text() == f"{ALL_DEMO} lots"
    assert "demo lots added" in empty_window.statusBar().currentMessage()
    assert selected_code(page) is not None  # something to look at straight away
    assert page.editor.isEnabled()
    assert stored("CO-2026-014").name == "La Esperanza Gesha"
    # The country filter now offers the demo's countries (filled when opened, as a person would).
    page.country_filter.showPopup()
    countries = [page.country_filter.itemData(i) for i in range(page.country_filter.count())]
    page.country_filter.hidePopup()
    assert {"CO", "ET", "CN", "KE"} <= set(countries)


def test_the_banner_is_gone_once_there_are_lots(window: MainWindow) -> None:
    assert not window.lots_page.empty_banner.isVisible()


def fill_new_lot_dialog(qtbot: QtBot, name: str, country: str) -> Callable[[], None]:
    """What a person does in the New lot dialog, run once it is open (its exec() blocks)."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewLotDialog) or not dialog.isActiveWindow():
            QTimer.singleShot(20, fill)  # not open yet
            return
        try:
            assert dialog.name.hasFocus()
            type_text(qtbot, dialog.name, name)
            qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
            assert dialog.country.combo.hasFocus()
            type_text(qtbot, dialog.country.combo, country)
            press(qtbot, Qt.Key.Key_Tab)
            buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == "OK"]
            assert len(buttons) == 1
            qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():  # never leave the test waiting on an open dialog
                dialog.reject()

    return fill


def test_a_new_lot_from_the_dialog_is_stored_and_selected(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    search_for(qtbot, page, "kiama")  # a search that would hide the new lot
    QTimer.singleShot(0, fill_new_lot_dialog(qtbot, "Finca Ñambí Geisha", "co"))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)

    lot = page.editor.lot
    assert lot is not None
    assert lot.name == "Finca Ñambí Geisha"
    assert lot.code.startswith("CO-")
    assert stored(lot.code).name == "Finca Ñambí Geisha"
    assert stored(lot.code).country == "CO"
    assert page.search.text() == ""
    assert selected_code(page) == lot.code
    reactivate(qtbot, page)  # the window manager's part once the dialog is gone
    assert page.editor.fields["producer"].focus_widget().hasFocus()  # ready for the next field
    assert page.count_label.text() == f"{ALL_DEMO + 1} lots"


def test_the_new_lot_shortcut_opens_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, close_it)
            return
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(0, close_it)
    qtbot.keyClick(window.lots_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["New lot"]


def test_the_new_lot_dialog_refuses_a_lot_without_a_name(
    qtbot: QtBot, demo_database: OpenDatabase, dump: Callable[[], list[str]]
) -> None:
    lots = LotService(demo_database)
    dialog = NewLotDialog(lots)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dump()
    type_text(qtbot, dialog.country.combo, "PE")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter presses OK
    assert dialog.isVisible()
    assert "Lot name" in dialog.message.text()
    assert "required" in dialog.message.text()
    assert dialog.created is None
    assert dump() == before
    type_text(qtbot, dialog.name, "Jaén Mujeres 2")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.created is not None and dialog.created.code.startswith("PE-")
    assert lots.get(dialog.created.id).name == "Jaén Mujeres 2"


def test_the_new_lot_dialog_names_a_bad_country(
    qtbot: QtBot, demo_database: OpenDatabase, dump: Callable[[], list[str]]
) -> None:
    dialog = NewLotDialog(LotService(demo_database))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    reactivate(qtbot, dialog)
    before = dump()
    type_text(qtbot, dialog.name, "Somewhere")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    type_text(qtbot, dialog.country.combo, "QQ")
    press(qtbot, Qt.Key.Key_Tab)
    buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == "OK"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert "'QQ' is not an ISO 3166" in dialog.message.text()
    assert dialog.created is None
    assert dump() == before


def test_clicking_into_a_field_of_another_lot_row(qtbot: QtBot, window: MainWindow) -> None:
    """Clicking rows one after another shows each lot in the editor."""
    page = window.lots_page
    for code in ("ET-2026-003", "CN-2026-002", "BR-2026-031"):
        click_row(qtbot, page, code)
        assert page.editor.title.text().startswith(f"<b>{code}</b>")
        assert click_field(qtbot, page, "code")
