"""A refused value in a short dialog: the reason appears beneath its field and the dialog grows
to hold it, so no field and its reason are squeezed on top of each other."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.provenance.lineage_dialogs import SplitDialog


def test_a_refused_part_shows_its_reason_below_the_field_in_a_grown_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    lot = window.workspace.lots.get_by_code("ET-2026-003")
    dialog = SplitDialog(window.workspace.lineage, lot, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    kg = dialog.rows[0][1]
    kg.setText("abc")
    dialog.save()

    assert dialog.result() == 0  # refused, still open
    reasons = [label for label in dialog.form.errors.values() if not label.isHidden()]
    assert reasons and "not a number" in reasons[0].text()
    assert dialog.height() > before
    assert dialog.height() >= dialog.sizeHint().height()  # all of it fits
    assert kg.height() >= kg.sizeHint().height()  # the field keeps its height
    field_bottom = kg.mapTo(dialog, QPoint(0, kg.height())).y()
    reason_top = reasons[0].mapTo(dialog, QPoint(0, 0)).y()
    assert reason_top >= field_bottom  # beneath the field, not over it
    dialog.reject()
