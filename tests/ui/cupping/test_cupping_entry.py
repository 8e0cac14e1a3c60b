"""The table-side entry screen, driven with the keyboard: the total on every keystroke, a refused
value kept with its reason and nothing written, stepping by the form's increment, blind codes,
undo, moving between samples and cuppers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from cupping_driving import (
    Table,
    committed,  # noqa: F401  (fixture)
    cupping,  # noqa: F401  (fixture)
    enter,
    focused,
    lot_service,  # noqa: F401  (fixture)
    press,
    set_table,
    show_in_host,
    typed,
)
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.cupping.sheet_entry import SheetEntry

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def table(lot_service: LotService, cupping: CuppingService) -> Table:  # noqa: F811
    return set_table(lot_service, cupping, samples=3, cuppers=2, blind=True)


@pytest.fixture
def undo_stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def entry(
    qtbot: QtBot,
    cupping: CuppingService,  # noqa: F811
    table: Table,
    undo_stack: QUndoStack,
) -> Iterator[SheetEntry]:
    screen = SheetEntry(cupping, undo_stack)
    host = show_in_host(qtbot, screen, undo_stack)  # held here: the window owns the screen
    screen.open_session(table.session_id)
    form = screen.form
    assert form is not None
    qtbot.waitUntil(form.fields["fragrance_aroma"].focus_widget().hasFocus)
    yield screen
    host.close()


def total(entry: SheetEntry) -> str:
    return entry.total_panel.total.text()


def test_enter_walks_the_sections_and_saves_each(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    typed(qtbot, "8,5")
    enter(qtbot)
    assert entry.form is not None
    assert focused() is entry.form.fields["fragrance_dry"].focus_widget()
    sheet = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert sheet.values["fragrance_aroma"] == Decimal("8.5")
    assert entry.save_state.text().startswith("Saved")


def fill(cupping: CuppingService, table: Table, values: dict[str, object], sample: int = 0) -> None:  # noqa: F811
    """Sheet values entered beforehand through the service (not the part under test)."""
    for name, value in values.items():
        cupping.sheets.set_field(table.sample_ids[sample], table.cupper_ids[0], name, value)


ALL_BUT_OVERALL: dict[str, object] = {
    "fragrance_aroma": "8.5",
    "flavor": "8.25",
    "aftertaste": "8",
    "acidity": "8.25",
    "body": "8",
    "balance": "8",
    "uniformity": 5,
    "clean_cup": 5,
    "sweetness": 5,
}  # 79.00 points before Overall


def reopen(entry: SheetEntry, table: Table, field: str) -> None:
    entry.open_session(table.session_id)
    assert entry.form is not None
    entry.form.fields[field].focus_widget().setFocus()


def test_the_total_follows_every_keystroke_and_nothing_is_written_until_the_field_is_left(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    cupping: CuppingService,  # noqa: F811
    committed: CuppingService,  # noqa: F811
) -> None:
    fill(cupping, table, ALL_BUT_OVERALL)
    reopen(entry, table, "overall")
    assert total(entry) == "—"
    assert "Overall" in entry.total_panel.status.text()
    seen = []
    for char in "7,5":
        typed(qtbot, char)
        seen.append(total(entry))
    assert seen == ["86.00", "86.00", "86.50"]
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    assert total(entry) == "86.00"
    press(qtbot, Qt.Key.Key_Backspace)
    assert total(entry) == "—"
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert "overall" not in stored.values and stored.state == "incomplete"
    typed(qtbot, "9")
    assert total(entry) == "88.00"
    assert entry.total_panel.band.text() == "Excellent"
    enter(qtbot)
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.final == Decimal("88.00") and stored.state == "complete"


def test_an_off_step_value_is_refused_with_the_reason_and_kept_for_fixing(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    assert entry.form is not None
    field = entry.form.fields["fragrance_aroma"]
    typed(qtbot, "8,3")
    enter(qtbot)
    error = entry.form.errors[id(field)]
    assert error.isVisible()
    assert "Fragrance/Aroma" in error.text() and "steps of 0.25" in error.text()
    assert entry.save_state.text().startswith("Not saved")
    assert focused() is field.focus_widget()  # Enter did not move on
    assert field.focus_widget().text() == "8,3"  # type: ignore[attr-defined]
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.sheet_id is None and not stored.values  # nothing written at all
    # Leaving for another sample is refused too, so the value cannot be lost unseen.
    press(qtbot, Qt.Key.Key_PageDown)
    assert entry.current == (table.sample_ids[0], table.cupper_ids[0])
    press(qtbot, Qt.Key.Key_A, CTRL)
    typed(qtbot, "8,25")
    enter(qtbot)
    assert not error.isVisible()
    assert entry.save_state.text().startswith("Saved")
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.values["fragrance_aroma"] == Decimal("8.25")


def test_escape_takes_back_a_refused_value(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
) -> None:
    assert entry.form is not None
    field = entry.form.fields["flavor"]
    field.focus_widget().setFocus()
    typed(qtbot, "11")
    enter(qtbot)
    assert entry.form.has_error(field)
    press(qtbot, Qt.Key.Key_Escape)
    assert field.focus_widget().text() == ""  # type: ignore[attr-defined]
    assert not entry.form.has_error(field)
    press(qtbot, Qt.Key.Key_PageDown)
    assert entry.current == (table.sample_ids[1], table.cupper_ids[0])


def test_arrows_and_plus_minus_step_by_the_forms_increment(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    assert entry.form is not None
    edit = entry.form.fields["fragrance_aroma"].focus_widget()
    press(qtbot, Qt.Key.Key_Up)
    assert edit.text() == "6.00"  # type: ignore[attr-defined]  # the form's warning line
    press(qtbot, Qt.Key.Key_Up)
    typed(qtbot, "+")
    assert edit.text() == "6.50"  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Down)
    assert edit.text() == "6.25"  # type: ignore[attr-defined]
    enter(qtbot)
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.values["fragrance_aroma"] == Decimal("6.25")
    # Intensities step by their own increment (1) and stop at their top (5).
    assert focused() is entry.form.fields["fragrance_dry"].focus_widget()
    for _ in range(7):
        press(qtbot, Qt.Key.Key_Up)
    assert focused().text() == "5"  # type: ignore[attr-defined]


def test_a_score_below_six_warns_without_blocking(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    typed(qtbot, "5,5")
    assert entry.form is not None
    field = entry.form.fields["fragrance_aroma"]
    assert "below 6" in entry.form.errors[id(field)].text()
    assert "below 6" in entry.total_panel.warnings.text()
    enter(qtbot)
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.values["fragrance_aroma"] == Decimal("5.5")


def test_cups_rows_enter_records_all_passing_and_digits_mark_a_failing_cup(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    assert entry.form is not None
    row = entry.form.fields["uniformity"]
    row.focus_widget().setFocus()
    enter(qtbot)
    assert focused() is entry.form.fields["clean_cup"].focus_widget()
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.values["uniformity"] == [True] * 5
    typed(qtbot, "3")
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.values["clean_cup"] == [True, True, False, True, True]
    assert "8 points" in entry.form.fields["clean_cup"].summary.text()  # type: ignore[attr-defined]
    qtbot.mouseClick(entry.form.fields["taint_cups"].buttons[1], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.values["taint_cups"] == [False, True, False, False, False]


def test_undo_and_redo_restore_a_saved_field(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    assert entry.form is not None
    edit = entry.form.fields["fragrance_aroma"].focus_widget()
    typed(qtbot, "8,5")
    enter(qtbot)
    edit.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    typed(qtbot, "9")
    enter(qtbot)
    where = (table.sample_ids[0], table.cupper_ids[0])
    assert committed.sheets.get(*where).values["fragrance_aroma"] == Decimal(9)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert committed.sheets.get(*where).values["fragrance_aroma"] == Decimal("8.5")
    assert edit.text() == "8.50"  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert committed.sheets.get(*where).values["fragrance_aroma"] == Decimal(9)
    assert edit.text() == "9.00"  # type: ignore[attr-defined]


def test_blind_codes_only_until_the_reveal(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    cupping: CuppingService,  # noqa: F811
) -> None:
    model = entry.glance.glance
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert rows == list(table.codes)
    shown = entry.header.sample_title.text()
    assert table.codes[0] in shown
    for code in table.lot_codes:
        assert code not in shown and all(code not in str(r) for r in rows)
    cupping.reveal(table.session_id, "Ana Leader")
    entry.refresh_session()
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert rows == list(table.lot_codes)
    assert "Finca Nariño Gesha" in entry.header.sample_title.text()


def test_page_down_keeps_the_section_and_ctrl_down_changes_cupper(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
) -> None:
    assert entry.form is not None
    entry.form.fields["acidity"].focus_widget().setFocus()
    press(qtbot, Qt.Key.Key_PageDown)
    assert entry.current == (table.sample_ids[1], table.cupper_ids[0])
    assert focused() is entry.form.fields["acidity"].focus_widget()
    assert table.codes[1] in entry.header.sample_title.text()
    press(qtbot, Qt.Key.Key_Right, CTRL)
    assert entry.current == (table.sample_ids[2], table.cupper_ids[0])
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert entry.current == (table.sample_ids[2], table.cupper_ids[1])
    assert "Tadesse Bekele" in entry.header.cupper_title.text()
    press(qtbot, Qt.Key.Key_PageUp)
    assert entry.current == (table.sample_ids[1], table.cupper_ids[1])
    index = entry.glance.currentIndex()
    assert (index.row(), index.column()) == (1, 1)


def test_the_table_model_passes_the_model_tester(qtmodeltester, entry: SheetEntry) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(entry.glance.glance)


def test_numbers_follow_the_users_locale(
    qtbot: QtBot,
    entry: SheetEntry,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    previous = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    try:
        assert entry.form is not None
        edit = entry.form.fields["fragrance_aroma"].focus_widget()
        typed(qtbot, "8.5")  # the keypad's point still reads as the decimal separator
        enter(qtbot)
        assert edit.text() == "8,50"  # type: ignore[attr-defined]
        edit.setFocus()
        press(qtbot, Qt.Key.Key_A, CTRL)
        typed(qtbot, "7,75")
        enter(qtbot)
        assert edit.text() == "7,75"  # type: ignore[attr-defined]
        assert entry.form.errors[id(entry.form.fields["fragrance_aroma"])].isHidden()
    finally:
        QLocale.setDefault(previous)
    stored = committed.sheets.get(table.sample_ids[0], table.cupper_ids[0])
    assert stored.values["fragrance_aroma"] == Decimal("7.75")


def test_f11_takes_the_table_full_screen_and_escape_brings_it_back(
    qtbot: QtBot, entry: SheetEntry
) -> None:
    window = entry.window()
    press(qtbot, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
