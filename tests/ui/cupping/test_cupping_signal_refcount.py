"""PySide6 6.12.0 on Python 3.11 drops a reference to `True` on every signal emitted from
Python; enough of them abort the process ("bool_dealloc"). The cupping screens emit through
ui.common.signal_emit.emit, which gives the references back: typing at the table must leave `True`
as it found it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from microlot_desk.services.common.form_library import load_form_library
from microlot_desk.ui.common.signal_emit import emit, taken_per_emit
from microlot_desk.ui.cupping.sheet_fields import ScoreField

EMITS = 3000  # more than True's whole count at start-up on the affected binding


class Probe(QObject):
    ping = Signal(str)


def test_emitting_through_the_helper_leaves_true_alone(qapp: QApplication) -> None:
    probe = Probe()
    heard: list[str] = []
    probe.ping.connect(heard.append)
    assert taken_per_emit() in (0, 1)
    before = sys.getrefcount(True)
    for _ in range(EMITS):
        emit(probe.ping, "x")
    assert len(heard) == EMITS
    assert abs(sys.getrefcount(True) - before) < 10


def test_typing_in_a_score_field_leaves_true_alone(qtbot: QtBot) -> None:
    section = load_form_library().get("sca-2004").section("flavor")
    field = ScoreField(section)
    qtbot.addWidget(field)
    edits: list[None] = []
    field.edited.connect(lambda: edits.append(None))
    field.show()
    before = sys.getrefcount(True)
    for _ in range(EMITS // 2):
        qtbot.keyClicks(field.edit, "7")
        qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    assert len(edits) == EMITS
    assert abs(sys.getrefcount(True) - before) < 10
