"""Other forms at the table: the CVA affective sheet's defective cups (a type must be chosen,
and a defective cup should be non-uniform too) and the CVA descriptive sheet's descriptors,
typed with the form's lexicon offered as you type and free text kept as a note."""

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
from driving import OFFSCREEN_POPUP_NOISE
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.cupping.cup_row import CupRow
from microlot_desk.ui.cupping.descriptor_field import DescriptorField
from microlot_desk.ui.cupping.sheet_entry import SheetEntry

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)

CVA_SECTIONS = (
    "fragrance",
    "aroma",
    "flavor",
    "aftertaste",
    "acidity",
    "sweetness",
    "mouthfeel",
    "overall",
)


def open_entry(qtbot: QtBot, service: CuppingService, table: Table) -> Iterator[SheetEntry]:
    undo_stack = QUndoStack()
    screen = SheetEntry(service, undo_stack)
    host = show_in_host(qtbot, screen, undo_stack)
    screen.open_session(table.session_id)
    assert screen.form is not None
    qtbot.waitUntil(screen.form.stops[0].focus_widget().hasFocus)
    yield screen
    host.close()


@pytest.fixture
def cva(qtbot: QtBot, lot_service: LotService, cupping: CuppingService):  # type: ignore[no-untyped-def]  # noqa: F811
    table = set_table(
        lot_service, cupping, samples=1, cuppers=1, blind=False, form_id="cva-affective"
    )
    for screen in open_entry(qtbot, cupping, table):
        yield screen, table


@pytest.fixture
def descriptive(qtbot: QtBot, lot_service: LotService, cupping: CuppingService):  # type: ignore[no-untyped-def]  # noqa: F811
    table = set_table(
        lot_service, cupping, samples=1, cuppers=1, blind=False, form_id="cva-descriptive"
    )
    for screen in open_entry(qtbot, cupping, table):
        yield screen, table


def test_cva_defective_cups_need_a_type_and_a_non_uniform_mark(
    qtbot: QtBot,
    cva,
    committed: CuppingService,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    entry, table = cva
    where = (table.sample_ids[0], table.cupper_ids[0])
    form = entry.form
    assert form is not None
    for section in CVA_SECTIONS:
        assert focused() is form.fields[section].focus_widget()
        typed(qtbot, "6")
        enter(qtbot)
    assert entry.total_panel.total.text() == "84.25"  # all 6s (DOMAIN.md §3)
    assert focused() is form.fields["non_uniform_cups"].focus_widget()
    enter(qtbot)
    defective = form.fields["defective_cups"]
    assert isinstance(defective, CupRow)
    assert focused() is defective
    typed(qtbot, "2")
    warnings = entry.total_panel.warnings
    assert "without a defect type" in warnings.text()
    assert entry.total_panel.total.text() == "84.25"  # an untyped cup does not count
    assert committed.sheets.get(*where).values["defective_cups"] == [
        False,
        True,
        False,
        False,
        False,
    ]
    box = defective.types[1]
    box.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert box.currentData() == "moldy"
    assert entry.total_panel.total.text() == "80.25"
    assert "should also be marked as Non-uniform cups" in warnings.text()
    form.fields["non_uniform_cups"].focus_widget().setFocus()
    typed(qtbot, "2")
    assert entry.total_panel.total.text() == "78.25"  # 84.25 - 2 - 4
    assert not warnings.isVisible()
    stored = committed.sheets.get(*where)
    assert stored.values["defective_cups"] == [False, "moldy", False, False, False]
    assert stored.values["non_uniform_cups"] == [False, True, False, False, False]
    assert stored.final == Decimal("78.25")


def test_descriptors_offer_the_forms_terms_and_keep_other_words_as_notes(
    qtbot: QtBot,
    descriptive,
    committed: CuppingService,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    entry, table = descriptive
    where = (table.sample_ids[0], table.cupper_ids[0])
    form = entry.form
    assert form is not None
    field = form.fields["fragrance_aroma_descriptors"]
    assert isinstance(field, DescriptorField)
    field.focus_widget().setFocus()
    typed(qtbot, "ber")
    popup = field.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Berry"]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert field.edit.text() == ""  # one Enter in the list picks the term and ticks it
    assert committed.sheets.get(*where).values["fragrance_aroma_descriptors"] == ["berry"]
    typed(qtbot, "Floral")
    enter(qtbot)
    typed(qtbot, "jasmine tea")
    enter(qtbot)
    stored = committed.sheets.get(*where)
    assert stored.values["fragrance_aroma_descriptors"] == ["berry", "floral"]
    assert stored.notes["fragrance_aroma_descriptors"] == "jasmine tea"
    assert form.notes["fragrance_aroma_descriptors"].value() == "jasmine tea"
    press(qtbot, Qt.Key.Key_Backspace)  # in the empty box: unticks the last term
    stored = committed.sheets.get(*where)
    assert stored.values["fragrance_aroma_descriptors"] == ["berry"]
    qtbot.waitUntil(lambda: len(field.findChildren(QToolButton)) == 1)  # deleteLater
    assert [chip.objectName() for chip in field.findChildren(QToolButton)] == ["chip_berry"]
