"""Driving the cupping screens: a session set up through the services (lots with Chinese and
Ethiopic names), the screens shown in a window with the Edit menu's Undo and Redo (as the main
window has them), keys pressed where the keyboard is, and a separate read-only look at the file
to see what was committed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from driving import WINDOW_SIZE, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
LOT_NAMES = ("Finca Nariño Gesha", "ቡና ጎጂ Guji Natural", "普洱 Catimor 蜜处理")


@dataclass(frozen=True)
class Table:
    session_id: str
    lot_ids: tuple[str, ...]
    lot_codes: tuple[str, ...]
    sample_ids: tuple[str, ...]
    cupper_ids: tuple[str, ...]
    codes: tuple[str, ...]  # the samples' blind codes, in table order


def set_table(
    lots: LotService,
    cupping: CuppingService,
    *,
    samples: int = 3,
    cuppers: int = 2,
    blind: bool = True,
    form_id: str = "sca-2004",
    held_on: str = "2026-11-27",
) -> Table:
    made = [
        lots.add_lot({"name": LOT_NAMES[n % len(LOT_NAMES)], "country": "CO"})
        for n in range(samples)
    ]
    view = cupping.create_session(
        {
            "held_on": held_on,
            "form_id": form_id,
            "blind": blind,
            "leader": "Ana Leader",
            "title": "Pre-shipment round",
        }
    )
    session_id = view.session.id
    added = [
        cupping.add_sample(session_id, lot.id, {"sample_type": "pre_shipment"}) for lot in made
    ]
    names = ("Ana Gómez", "Tadesse Bekele", "李明", "Maria Souza")
    seated = [
        cupping.add_new_cupper(
            session_id,
            {
                "cupper_name": names[n % len(names)] + ("" if n < 4 else f" {n}"),
                "affiliation": "independent_lab" if n % 2 == 0 else "exporter",
            },
        )
        for n in range(cuppers)
    ]
    return Table(
        session_id,
        tuple(lot.id for lot in made),
        tuple(lot.code for lot in made),
        tuple(sample.id for sample in added),
        tuple(cupper.id for cupper in seated),
        tuple(sample.blind_code for sample in added),
    )


class Host(QMainWindow):
    """A window holding one screen, with Undo and Redo on their standard keys."""

    def __init__(self, page: QWidget, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.setCentralWidget(page)
        menu = self.menuBar().addMenu("&Edit")
        undo = undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        menu.addAction(undo)
        menu.addAction(redo)


def show_in_host(qtbot: QtBot, page: QWidget, undo_stack: QUndoStack) -> Host:
    host = Host(page, undo_stack)
    qtbot.addWidget(host)
    host.resize(*WINDOW_SIZE)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    return host


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, which: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """Press a key where the keyboard is (an open popup first)."""
    popup = QApplication.activePopupWidget()
    target = (popup.focusWidget() or popup) if popup is not None else focused()
    qtbot.keyClick(target, which, modifier)


def typed(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the focus."""
    type_text(qtbot, focused(), text)


def enter(qtbot: QtBot) -> None:
    press(qtbot, Qt.Key.Key_Return)


@pytest.fixture
def cupping(database: OpenDatabase) -> CuppingService:
    return CuppingService(database)


@pytest.fixture
def lot_service(database: OpenDatabase) -> LotService:
    return LotService(database)


@pytest.fixture
def committed(db_path: Path) -> Iterator[CuppingService]:
    """The cupping services over a read-only connection of their own: only committed data."""
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    yield CuppingService(reader)
    reader.close()
