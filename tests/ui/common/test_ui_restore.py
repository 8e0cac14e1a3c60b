"""File > Restore a backup…: choose a backup, the window closes, the app restores and reopens."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.app import restore_and_reopen
from microlot_desk.paths import AppPaths
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.common.restore_dialog import RestoreBackupDialog
from microlot_desk.ui.main_window import MainWindow


def _choose_first_backup() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, RestoreBackupDialog) and widget.isVisible():
            assert widget.list.count() >= 1
            widget.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.fixture
def reopened() -> Iterator[list[OpenDatabase]]:
    opened: list[OpenDatabase] = []
    yield opened
    for database in opened:
        database.close()


def test_a_chosen_backup_replaces_the_database_and_the_app_reopens_it(
    qtbot: QtBot,
    window: MainWindow,
    demo_database: OpenDatabase,
    db_path: Path,
    reopened: list[OpenDatabase],
) -> None:
    lots = LotService(demo_database)
    lot = lots.get_by_code("CO-2026-014")
    backup = window.workspace.backup_now()
    lots.update_fields(lot.id, {"green_kg": "999"})

    QTimer.singleShot(100, _choose_first_backup)
    action = next(
        a for a in window.findChildren(type(window.print_action)) if "Restore" in a.text()
    )
    action.trigger()

    assert window.restore_from == backup
    assert not window.isVisible()
    database = restore_and_reopen(demo_database, AppPaths(db_path.parent), backup)
    assert database is not None
    reopened.append(database)
    assert LotService(database).get_by_code("CO-2026-014").green_kg == Decimal("420")
    kept = [p for p in (db_path.parent / "backups").iterdir() if p.name.startswith("replaced-")]
    assert kept, "the replaced database was kept"
    reader = (
        open_database(kept[0], read_only=True, clock=TickingClock())
        if kept[0].suffix == ".sqlite"
        else None
    )
    if reader is not None:
        try:
            assert LotService(reader).get_by_code("CO-2026-014").green_kg == Decimal("999")
        finally:
            reader.close()


def test_cancelling_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    def cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, RestoreBackupDialog) and widget.isVisible():
                widget.reject()

    QTimer.singleShot(100, cancel)
    window.restore_backup()
    assert window.restore_from is None
    assert window.isVisible()
