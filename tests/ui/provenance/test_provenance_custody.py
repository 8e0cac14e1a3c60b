"""The Custody tab: recording an event and correcting it (append-only: the correction is a new
event and both stay in view), a refused event leaving the file as it was, a chain edited behind
the app's back shown loudly, a split and a merge through their short dialogs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from driving import OFFSCREEN_POPUP_NOISE, cell, show_window
from provenance_driving import (
    click,
    committed,
    gone,
    open_lot_tab,
    pick,
    type_into,
    wait_dialog,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.domain.verdict import HallmarkName
from microlot_desk.storage.database import open_database
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.provenance.custody_event_dialog import CustodyEventDialog
from microlot_desk.ui.provenance.custody_model import STAGE, WEIGHTS
from microlot_desk.ui.provenance.custody_view import CustodyView
from microlot_desk.ui.provenance.evidence_view import EvidenceView
from microlot_desk.ui.provenance.lineage_dialogs import MergeDialog, SplitDialog
from microlot_desk.ui.provenance.plot_view import PlotView
from microlot_desk.ui.provenance.verdict_view import VerdictView

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def custody_tab(qtbot: QtBot, window: MainWindow, code: str) -> CustodyView:
    view = open_lot_tab(qtbot, window, code, "Custody")
    assert isinstance(view, CustodyView)
    return view


def rows(view: CustodyView, column: int) -> list[str]:
    model = view.model
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def save(qtbot: QtBot, dialog: CustodyEventDialog) -> None:
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def test_an_event_is_added_then_corrected_and_both_stay_in_the_history(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    view = custody_tab(qtbot, window, "CO-2026-014")
    assert view.model.rowCount() == 9
    assert "Custody chain intact: 9 event(s)" in view.chain_label.text()

    click(qtbot, view.add_button)
    dialog = wait_dialog(qtbot, view, CustodyEventDialog)
    pick(qtbot, dialog.stage, "sorting")
    type_into(qtbot, dialog.edits["started"], "2026-05-21T08:00-05:00")
    type_into(qtbot, dialog.edits["ended"], "2026-05-21T12:00-05:00")
    type_into(qtbot, dialog.edits["place"], "Bodega Pasto")
    type_into(qtbot, dialog.edits["kg_in"], "420")
    pick(qtbot, dialog.form_in, "green")
    type_into(qtbot, dialog.edits["kg_out"], "412,5")  # a decimal comma, as many type it
    pick(qtbot, dialog.form_out, "green")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: gone(dialog))

    assert view.model.rowCount() == 10
    new_row = rows(view, STAGE).index("Sorting")
    assert rows(view, WEIGHTS)[new_row] == "420 kg green\n→ 412.5 kg green"
    assert view.selected_event_id() is not None  # the new event is selected
    with committed(db_path) as stored:
        lot = stored.lots.get_by_code("CO-2026-014")
        sorting = [e for e in stored.custody.effective(lot.id) if e.stage == "sorting"]
        assert [(e.kg_in, e.kg_out, e.place) for e in sorting] == [
            (Decimal("420"), Decimal("412.5"), "Bodega Pasto")
        ]
        original_id = sorting[0].id

    click(qtbot, view.correct_button)
    dialog = wait_dialog(qtbot, view, CustodyEventDialog)
    assert dialog.edits["kg_out"].text() == "412.5"  # the event as recorded, to correct
    type_into(qtbot, dialog.edits["kg_out"], "405")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: gone(dialog))

    stages = rows(view, STAGE)
    assert view.model.rowCount() == 11  # nothing was overwritten: both versions are listed
    assert "Sorting\ncorrected by #11" in stages
    corrected = stages.index("Sorting\ncorrected by #11")
    assert stages[corrected + 1] == "Sorting\ncorrects #10"  # the correction right after it
    assert rows(view, WEIGHTS)[corrected + 1] == "420 kg green\n→ 405 kg green"
    old_row = view.model.row(corrected)
    assert old_row is not None and not old_row.line.in_force
    assert "intact: 11 event(s)" in view.chain_label.text()
    with committed(db_path) as stored:
        lot = stored.lots.get_by_code("CO-2026-014")
        events = stored.custody.events(lot.id)
        assert len(events) == 11
        assert events[-1].amends_id == original_id and events[-1].kg_out == Decimal("405")
        assert [e.kg_out for e in stored.custody.effective(lot.id) if e.stage == "sorting"] == [
            Decimal("405")
        ]
        assert stored.custody.chain_status(lot.id).intact


def test_a_refused_event_shows_the_reason_beside_the_field_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    view = custody_tab(qtbot, window, "CO-2026-014")
    before = dump()
    click(qtbot, view.add_button)
    dialog = wait_dialog(qtbot, view, CustodyEventDialog)
    pick(qtbot, dialog.stage, "sorting")
    type_into(qtbot, dialog.edits["started"], "2026-05-21T12:00-05:00")
    type_into(qtbot, dialog.edits["ended"], "2026-05-21T08:00-05:00")
    type_into(qtbot, dialog.edits["kg_in"], "lots")
    save(qtbot, dialog)

    assert dialog.isVisible()  # still open, with what was typed
    kg_error = dialog.form.errors["kg_in"]
    assert kg_error.isVisible() and kg_error.text() == "is not a number"
    dialog.close()
    assert dump() == before
    assert view.model.rowCount() == 9

    # The rule across fields is checked once the number is right.
    click(qtbot, view.add_button)
    dialog = wait_dialog(qtbot, view, CustodyEventDialog)
    type_into(qtbot, dialog.edits["started"], "2026-05-21T12:00-05:00")
    type_into(qtbot, dialog.edits["ended"], "2026-05-21T08:00-05:00")
    type_into(qtbot, dialog.edits["kg_in"], "420")
    save(qtbot, dialog)
    assert dialog.form.errors["ended"].text().startswith("is before")
    assert dialog.form.errors["kg_in"].text() == "is required when a weight is given"
    dialog.close()
    assert dump() == before


def test_a_custody_row_edited_behind_the_apps_back_is_shown_as_broken(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    lot_id = window.workspace.lots.get_by_code("GT-2026-004").id
    conn = sqlite3.connect(db_path)  # what someone with the sqlite3 tool would do
    conn.execute("DROP TRIGGER custody_events_no_update")
    conn.execute(f"UPDATE custody_events SET kg_out = '330' WHERE lot_id = '{lot_id}' AND seq = 7")
    conn.commit()
    conn.close()

    view = custody_tab(qtbot, window, "GT-2026-004")
    banner = view.chain_label.text()
    assert "CUSTODY CHAIN BROKEN" in banner
    assert "event 7 (Hulling) was changed after it was recorded" in banner
    assert "#b00020" in view.banner.styleSheet()  # the loud frame
    row = next(r for r in range(view.model.rowCount()) if rows(view, 0)[r] == "7")
    tip = view.model.index(row, STAGE).data(Qt.ItemDataRole.ToolTipRole)
    assert "changed after it was recorded" in tip
    assert view.model.index(row, STAGE).data(Qt.ItemDataRole.DecorationRole) is not None

    verdict = open_lot_tab(qtbot, window, "GT-2026-004", "Verdict")
    assert isinstance(verdict, VerdictView)
    assert "not met" in verdict.status_text(HallmarkName.SEPARATION)
    assert "altered outside the app" in verdict.evidence_text(HallmarkName.SEPARATION)
    assert "custody chain was altered outside the app" in verdict.flags.text()


def test_a_split_makes_sub_lots_listed_beside_the_parent(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    view = custody_tab(qtbot, window, "GT-2026-004")
    click(qtbot, view.split_button)
    dialog = wait_dialog(qtbot, view, SplitDialog)
    type_into(qtbot, dialog.rows[0][1], "200")
    type_into(qtbot, dialog.rows[1][1], "150")  # 350 kg: more than the lot's 300
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert dialog.isVisible()
    assert "more than the lot's 300 kg" in dialog.form.errors["parts[0]"].text()

    type_into(qtbot, dialog.rows[1][1], "100")
    type_into(qtbot, dialog.event_fields["started"], "2026-04-20")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: gone(dialog))

    assert "split into GT-2026-004-A (200 kg), GT-2026-004-B (100 kg)" in view.lineage_label.text()
    assert cell(window.lots_page, "GT-2026-004-A", "Green kg") == "200"  # the list has them
    with committed(db_path) as stored:
        child = stored.lots.get_by_code("GT-2026-004-B")
        assert child.green_kg == Decimal("100")
        parent = stored.lineage.lineage(stored.lots.get_by_code("GT-2026-004").id)
        assert [s.code for s in parent.children] == ["GT-2026-004-A", "GT-2026-004-B"]


def test_a_merge_with_unknown_coffee_ends_identity_preservation(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    view = custody_tab(qtbot, window, "CO-2026-014")
    assert "identity preserved" in view.lineage_label.text()
    click(qtbot, view.merge_button)
    dialog = wait_dialog(qtbot, view, MergeDialog)
    type_into(qtbot, dialog.rows[0][0], "NO-SUCH-LOT")
    type_into(qtbot, dialog.rows[0][1], "30")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert "names no lot of this database" in dialog.form.errors["with[0]"].text()

    type_into(qtbot, dialog.rows[0][0], "")
    type_into(qtbot, dialog.rows[0][1], "")
    type_into(qtbot, dialog.unknown, "60")
    pick(qtbot, dialog.stage, "bagging")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: gone(dialog))

    assert "Traceability: mass balance" in view.lineage_label.text()
    assert "60 kg of unknown origin" in view.lineage_label.text()
    assert "no longer identity preserved" in view.checks_label.text()
    assert "Failing" in cell(window.lots_page, "CO-2026-014", "Verdict")
    with committed(db_path) as stored:
        lot_id = stored.lots.get_by_code("CO-2026-014").id
        assert stored.lineage.lineage(lot_id).level.value == "mass_balance"


def test_the_custody_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow
) -> None:
    view = custody_tab(qtbot, window, "RW-2026-002-A")  # inherited rows and its own
    qtmodeltester.check(view.model)
    assert rows(view, STAGE)[0] == "Picking\ninherited from RW-2026-002"
    view.show_lot(window.workspace.lots.get_by_code("CN-2026-002").id)
    qtmodeltester.check(view.model)
    bagging = rows(view, STAGE).index("Bagging")
    assert "blend signal at Bagging (event 8)" in view.model.index(bagging, STAGE).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "blend signal at Bagging (event 8): 355 kg in, 600 kg out" in view.checks_label.text()


def test_a_read_only_window_records_nothing(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    """A second window on the same file opens read-only: every recording action is off."""
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    try:
        second = show_window(qtbot, reader)
        view = custody_tab(qtbot, second, "CO-2026-014")
        view.table.selectRow(0)
        assert view.model.rowCount() == 9
        for button in (view.add_button, view.correct_button, view.split_button):
            assert not button.isEnabled()
        assert not view.merge_button.isEnabled()
        evidence = open_lot_tab(qtbot, second, "CO-2026-014", "Evidence")
        assert isinstance(evidence, EvidenceView) and not evidence.attach_button.isEnabled()
        plots = open_lot_tab(qtbot, second, "CO-2026-014", "Plots")
        assert isinstance(plots, PlotView)
        assert not plots.text.isEnabled() and not plots.save_button.isEnabled()
        second.close()
    finally:
        reader.close()
