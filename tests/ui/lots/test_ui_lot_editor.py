"""Editing a lot through the real widgets: each field is saved as it is left, refused values stay
in the field with the reason beneath it, and the database is read back separately every time."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

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
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from microlot_desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def error_under(window: MainWindow, name: str) -> QLabel:
    return window.lots_page.editor.errors[name]


def test_editing_the_green_weight_saves_it(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CO-2026-014")
    assert stored("CO-2026-014").green_kg == Decimal(420)
    retype(qtbot, page, "green_kg", "455")
    assert stored("CO-2026-014").green_kg == Decimal(420)  # nothing is written while typing
    press(qtbot, Qt.Key.Key_Tab)

    assert stored("CO-2026-014").green_kg == Decimal(455)
    assert page.editor.save_state.text().startswith("Saved")
    assert field_edit(page, "bag_count").hasFocus()  # Tab moved on to the next field
    assert cell(page, "CO-2026-014", "Green kg") == "455"  # the list shows it too
    assert selected_code(page) == "CO-2026-014"
    assert not error_under(window, "green_kg").isVisible()


def test_enter_saves_the_field_and_moves_to_the_next(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "ET-2026-007")
    retype(qtbot, page, "farm", "Bombe Hills")
    press(qtbot, Qt.Key.Key_Return)
    assert stored("ET-2026-007").farm == "Bombe Hills"
    assert field_edit(page, "plot").hasFocus()
    assert page.editor.save_state.text().startswith("Saved")


def test_producer_names_in_ethiopic_and_chinese_are_saved_exactly(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CN-2026-005")
    retype(qtbot, page, "producer", "张秀英 · ጽጌረዳ")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("CN-2026-005").producer_name == "张秀英 · ጽጌረዳ"
    assert cell(page, "CN-2026-005", "Producer") == "张秀英 · ጽጌረዳ"


def refused(
    qtbot: QtBot,
    window: MainWindow,
    dump: Callable[[], list[str]],
    code: str,
    name: str,
    typed: str,
    reason: str,
    shown_under: str | None = None,
) -> None:
    """Type a bad value, leave the field: the reason shows, the text stays, nothing is written."""
    page = window.lots_page
    click_row(qtbot, page, code)
    before = dump()
    edit = retype(qtbot, page, name, typed)
    press(qtbot, Qt.Key.Key_Tab)

    label = error_under(window, shown_under or name)
    assert label.isVisible()
    assert reason in label.text()
    assert line_text(edit) == typed  # the person's text is kept, to be corrected
    assert edit.property("invalid") is True
    assert page.editor.save_state.text().startswith("Not saved")
    assert dump() == before


def test_a_weight_that_is_not_a_number_is_refused(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    refused(qtbot, window, dump, "CO-2026-014", "green_kg", "abc", "is not a number")


def test_an_unknown_country_is_refused(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    refused(qtbot, window, dump, "PE-2026-006", "country", "ZZ", "'ZZ' is not an ISO 3166")


def test_a_harvest_ending_before_it_starts_is_refused(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    refused(
        qtbot, window, dump, "CO-2026-014", "harvest_end", "2026-05-01", "before the harvest start"
    )


def test_a_harvest_start_after_the_end_is_marked_where_it_was_typed(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]], stored: StoredLot
) -> None:
    refused(qtbot, window, dump, "CO-2026-014", "harvest_start", "2026-06-30", "before the harvest")
    page = window.lots_page
    assert error_under(window, "harvest_end").isVisible()  # the rule names the end date
    # Correcting the start clears both marks and saves.
    retype(qtbot, page, "harvest_start", "2026-05-10")
    press(qtbot, Qt.Key.Key_Tab)
    assert str(stored("CO-2026-014").harvest_start) == "2026-05-10"
    assert not error_under(window, "harvest_start").isVisible()
    assert not error_under(window, "harvest_end").isVisible()


def test_a_code_already_used_is_refused(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    refused(qtbot, window, dump, "CO-2026-021", "code", "CO-2026-014", "already used")


def test_correcting_a_refused_value_saves_it_and_clears_the_reason(
    qtbot: QtBot, window: MainWindow, stored: StoredLot, dump: Callable[[], list[str]]
) -> None:
    refused(qtbot, window, dump, "CO-2026-014", "green_kg", "1,200", "ambiguous")
    page = window.lots_page
    edit = retype(qtbot, page, "green_kg", "430.5")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("CO-2026-014").green_kg == Decimal("430.5")
    assert not error_under(window, "green_kg").isVisible()
    assert edit.property("invalid") is False
    assert page.editor.save_state.text().startswith("Saved")


def test_a_country_can_be_typed_as_a_code_or_a_name(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "PE-2026-006")
    edit = retype(qtbot, page, "country", "bo")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("PE-2026-006").country == "BO"
    assert line_text(edit).startswith("BO — Bolivia")

    edit = retype(qtbot, page, "country", "ecuador")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("PE-2026-006").country == "EC"
    assert not error_under(window, "country").isVisible()

    retype(qtbot, page, "country", "Perú")  # accents ignored, as in the search
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("PE-2026-006").country == "PE"


def test_choosing_a_process_from_the_list_saves_it(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "PE-2026-006")
    combo = click_field(qtbot, page, "process")  # a click opens the list
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(combo.view().isVisible)
    while combo.view().currentIndex().data() != "Natural":
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert not combo.view().isVisible()
    assert combo.currentText() == "Natural"
    assert stored("PE-2026-006").process == "natural"


def test_ticking_an_isolation_criterion_saves_it(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "PE-2026-006")
    box = page.editor.fields["isolation"].boxes["varietal"]  # type: ignore[attr-defined]
    click_field(qtbot, page, "isolation")  # the first box, "Geographic", was ticked
    assert {i.value for i in stored("PE-2026-006").isolation} == set()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert {i.value for i in stored("PE-2026-006").isolation} == {"varietal"}


def test_the_story_is_saved_when_the_box_is_left(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "RW-2026-002")
    retype(qtbot, page, "story", "Picked by 40 families on the ridge above Lake Kivu.")
    assert stored("RW-2026-002").story != "Picked by 40 families on the ridge above Lake Kivu."
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("RW-2026-002").story == "Picked by 40 families on the ridge above Lake Kivu."


def test_closing_the_window_saves_the_field_being_typed(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "GT-2026-004")
    retype(qtbot, page, "region", "Huehuetenango, Concepción Huista")
    window.close()
    assert stored("GT-2026-004").region == "Huehuetenango, Concepción Huista"


def test_typing_in_a_field_survives_an_undo_from_the_menu(
    qtbot: QtBot, window: MainWindow, stored: StoredLot
) -> None:
    """Undo chosen with the mouse while another field holds unsaved typing: the typing stays."""
    page = window.lots_page
    click_row(qtbot, page, "KE-2026-011")
    retype(qtbot, page, "green_kg", "2300")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("KE-2026-011").green_kg == Decimal(2300)
    bags = retype(qtbot, page, "bag_count", "39")  # typed, not yet left
    window.undo_stack.undo()  # what Edit > Undo does; the focus stays in the Bags field
    assert stored("KE-2026-011").green_kg == Decimal(2400)
    assert line_text(field_edit(page, "green_kg")) == "2400"
    assert line_text(bags) == "39"
    assert bags.hasFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert stored("KE-2026-011").bag_count == 39


def test_focus_in_the_editor_stays_put_while_the_list_refreshes(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "BR-2026-031")
    retype(qtbot, page, "name", "Sítio São João CD")
    press(qtbot, Qt.Key.Key_Tab)  # saved: the list reloads and reselects
    assert QApplication.focusWidget() is field_edit(page, "code")
    assert selected_code(page) == "BR-2026-031"
    assert "Sítio São João CD" in page.editor.title.text()
