"""The issue's scenario, end to end on the real Cupping screen: a blind session of three samples
and two cuppers is scored with the keyboard alone, revealed, one sheet is left out of the panel,
and the panel means are checked in the database through a connection of their own."""

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
    set_table,
    show_in_host,
    typed,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.cupping.cupping_page import PANEL, CuppingPage
from microlot_desk.ui.cupping.panel_dialogs import ConfirmDialog

LEFT = Qt.MouseButton.LeftButton
SCA_ORDER = (
    ("fragrance_aroma", "score"),
    ("fragrance_dry", "intensity"),
    ("fragrance_break", "intensity"),
    ("flavor", "score"),
    ("aftertaste", "score"),
    ("acidity", "score"),
    ("acidity_intensity", "intensity"),
    ("body", "score"),
    ("body_level", "intensity"),
    ("balance", "score"),
    ("uniformity", "cups"),
    ("clean_cup", "cups"),
    ("sweetness", "cups"),
    ("overall", "score"),
    ("taint_cups", "marks"),
    ("fault_cups", "marks"),
    ("", "note"),
)
# (cupper, sample) -> (the quality score typed for all seven attributes, failing cups by section)
SHEETS: dict[tuple[int, int], tuple[str, dict[str, str]]] = {
    (0, 0): ("8", {}),  # 7 x 8 + 30 = 86.00
    (0, 1): ("7,75", {"sweetness": "3"}),  # 54.25 + 30 - 2 = 82.25
    (0, 2): ("8.25", {}),  # 57.75 + 30 = 87.75
    (1, 0): ("8,5", {}),  # 59.50 + 30 = 89.50
    (1, 1): ("8", {}),  # 86.00
    (1, 2): ("6,5", {}),  # 45.50 + 30 = 75.50: far from the other cupper
}


@pytest.fixture
def table(lot_service: LotService, cupping: CuppingService) -> Table:  # noqa: F811
    return set_table(lot_service, cupping, samples=3, cuppers=2, blind=True)


@pytest.fixture
def page(
    qtbot: QtBot,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
) -> Iterator[CuppingPage]:
    undo_stack = QUndoStack()
    screen = CuppingPage(cupping, lot_service, undo_stack)
    host = show_in_host(qtbot, screen, undo_stack)
    yield screen
    host.close()


def score_sheet_with_keys(
    qtbot: QtBot, page: CuppingPage, quality: str, fails: dict[str, str]
) -> None:
    """One sheet, section by section: type, Enter; blank intensities and marks: Enter only."""
    form = page.entry.form
    assert form is not None
    for key, kind in SCA_ORDER:
        field = form.notes[key] if kind == "note" else form.fields[key]
        assert focused() is field.focus_widget(), f"expected the focus on {key or 'the note'}"
        if kind == "score":
            typed(qtbot, quality)
        elif kind == "cups":
            for cup in fails.get(key, ""):
                typed(qtbot, cup)
        enter(qtbot)


def test_a_blind_session_scored_with_the_keyboard_revealed_and_one_sheet_left_out(
    qtbot: QtBot,
    page: CuppingPage,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    page.open_session(table.session_id)
    entry = page.entry
    form = entry.form
    assert form is not None
    qtbot.waitUntil(form.fields["fragrance_aroma"].focus_widget().hasFocus)

    # ---- scoring: the keyboard alone, cupper by cupper, sample by sample ---------------
    glance = entry.glance.glance
    headers = [glance.headerData(r, Qt.Orientation.Vertical) for r in range(3)]
    assert headers == list(table.codes)
    for cupper in range(2):
        for sample in range(3):
            assert entry.current == (table.sample_ids[sample], table.cupper_ids[cupper])
            assert table.codes[sample] in entry.header.sample_title.text()
            quality, fails = SHEETS[(cupper, sample)]
            score_sheet_with_keys(qtbot, page, quality, fails)
            assert glance.state(table.sample_ids[sample], table.cupper_ids[cupper]) == "complete"
    for sample in table.sample_ids:  # every sheet is committed and complete
        for cupper in table.cupper_ids:
            assert committed.sheets.get(sample, cupper).state == "complete"
    assert committed.sheets.get(table.sample_ids[1], table.cupper_ids[0]).final == Decimal("82.25")
    for code in table.lot_codes:  # blind until revealed
        assert code not in entry.header.sample_title.text()

    # ---- the panel: reveal, then leave the far-off sheet out ----------------------------
    page.tabs.setCurrentIndex(PANEL)
    panel = page.panel
    items = [panel.samples.item(r).text() for r in range(panel.samples.count())]
    assert [item.split()[0] for item in items] == list(table.codes)
    qtbot.mouseClick(panel.reveal_button, LEFT)
    dialog = panel.dialog
    assert isinstance(dialog, ConfirmDialog)
    dialog.by.clear()
    qtbot.keyClicks(dialog.by, "Ana Leader")
    ok_button(qtbot, dialog)
    reveal = committed.session(table.session_id).reveal
    assert reveal is not None and reveal.by == "Ana Leader"
    items = [panel.samples.item(r).text() for r in range(panel.samples.count())]
    assert [item.split()[0] for item in items] == list(table.lot_codes)
    assert not panel.reveal_button.isVisible()
    assert "Revealed by Ana Leader" in panel.reveal_state.text()

    click_list_row(qtbot, panel, 2)
    assert panel.final.text() == "81.63"  # (87.75 + 75.50) / 2, rounded half up
    line_row = panel.lines.row_of(sheet_id_of(committed, table, 2, 1))
    assert panel.lines.line(line_row).flagged  # type: ignore[union-attr]
    click_table_row(qtbot, panel, line_row)
    qtbot.mouseClick(panel.exclude_button, LEFT)
    dialog = panel.dialog
    assert isinstance(dialog, ConfirmDialog)
    qtbot.keyClicks(dialog.reason, "cup cooled too far before flavour")
    ok_button(qtbot, dialog)

    # ---- what the database says --------------------------------------------------------
    finals = [committed.sheets.panel(sample).final_mean for sample in table.sample_ids]
    assert finals == [Decimal("87.75"), Decimal("84.13"), Decimal("87.75")]
    third = committed.sheets.panel(table.sample_ids[2])
    assert third.summary is not None and third.summary.final.count == 1
    assert third.summary.section("flavor").mean == Decimal("8.25")
    assert third.summary.section("overall").mean == Decimal("8.25")
    left_out = [line for line in third.lines if line.exclusion is not None]
    assert [line.cupper.id for line in left_out] == [table.cupper_ids[1]]
    assert left_out[0].exclusion is not None
    assert left_out[0].exclusion.reason == "cup cooled too far before flavour"
    assert left_out[0].exclusion.by == "Ana Leader"  # the leader's name is filled in
    first = committed.sheets.panel(table.sample_ids[0]).summary
    assert first is not None and first.section("flavor").mean == Decimal("8.25")
    assert first.section("sweetness").mean == Decimal("10.00")

    # ---- and what the leader sees --------------------------------------------------------
    assert panel.final.text() == "87.75"
    assert panel.lines.data(panel.lines.index(line_row, 4)).startswith("Left out: cup cooled")
    assert not panel.exclude_button.isEnabled() and panel.restore_button.isEnabled()


def sheet_id_of(reader: CuppingService, table: Table, sample: int, cupper: int) -> str:
    sheet = reader.sheets.get(table.sample_ids[sample], table.cupper_ids[cupper])
    assert sheet.sheet_id is not None
    return sheet.sheet_id


def ok_button(qtbot: QtBot, dialog: ConfirmDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert isinstance(button, QPushButton)
    qtbot.mouseClick(button, LEFT)


def click_list_row(qtbot: QtBot, panel, row: int) -> None:  # type: ignore[no-untyped-def]
    item = panel.samples.item(row)
    rect = panel.samples.visualItemRect(item)
    qtbot.mouseClick(panel.samples.viewport(), LEFT, pos=rect.center())
    assert panel.samples.currentRow() == row


def click_table_row(qtbot: QtBot, panel, row: int) -> None:  # type: ignore[no-untyped-def]
    table = panel.lines_table
    rect = table.visualRect(panel.lines.index(row, 0))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())
    assert table.currentIndex().row() == row
