"""A page of the lot list damaged between two full checks (so the open finds nothing): the
window says so once, with the backup to restore, instead of failing on every row it paints;
choosing the backup closes the window for the app to restore it and reopen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from driving import build_main_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.services.common import thread_guard
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.backups import take_backup
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.main_window import MainWindow

PAGE = 4096


@pytest.fixture
def backup(db_path: Path, clock: TickingClock) -> Path:
    """250 lots, checked in full at their first open, a backup, then the list's pages broken."""
    database = open_database(db_path, clock=clock)
    with thread_guard.disarmed():
        lots = LotService(database)
        lots.add_lots([({"name": f"Lot {i}", "country": "CO"}, None) for i in range(250)])
        taken = take_backup(database.conn, db_path, "manual", clock=clock)
    database.close()
    conn = sqlite3.connect(db_path)
    pages = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'lot_list'")]
    conn.close()
    with open(db_path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * PAGE)
            handle.write(b"\xff" * PAGE)
    return taken


@pytest.fixture
def damaged_database(backup: Path, db_path: Path, clock: TickingClock) -> Iterator[OpenDatabase]:
    opened = open_database(db_path, clock=clock)  # the full check is days away: opens fine
    yield opened
    opened.close()


def test_damage_met_by_the_list_is_told_once_with_the_backup(
    qtbot: QtBot, damaged_database: OpenDatabase, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []

    def critical(_parent: Any, _title: str, text: str, *_buttons: Any) -> Any:
        told.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "critical", critical)
    window: MainWindow = build_main_window(damaged_database)
    qtbot.addWidget(window)
    window.show()
    model = window.lots_page.model
    for row in range(5):  # as the view paints: no exception escapes, no second message
        assert model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) is None
    model.refresh()

    qtbot.waitUntil(lambda: not window.isVisible())
    assert len(told) == 1
    assert "damaged" in told[0].lower() and str(backup) in told[0]
    assert window.restore_from == backup
