"""The weekly full check of the file runs in a worker after the window shows: the window is
usable at once, and damage found is told with the way out (restore the latest backup)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ticking_clock import TEST_START, TickingClock

from microlot_desk.app import build_main_window, check_after_showing
from microlot_desk.services import thread_guard
from microlot_desk.services.lot_service import LotService
from microlot_desk.storage.backups import take_backup
from microlot_desk.storage.check_schedule import FULL_CHECK_EVERY, check_note
from microlot_desk.storage.database import OpenDatabase, open_database

PAGE = 4096
A_WEEK_LATER = TEST_START + FULL_CHECK_EVERY + FULL_CHECK_EVERY / 7


def make_file_with_backup(path: Path) -> Path:
    database = open_database(path, clock=TickingClock())
    with thread_guard.disarmed():
        lots = LotService(database)
        for i in range(250):
            lots.add_lot({"name": f"Lot {i}", "country": "CO", "story": "Three passes. " * 60})
        backup = take_backup(database.conn, path, "manual", clock=TickingClock())
    database.close()
    return backup


def lose_pages(path: Path) -> None:
    rng = random.Random(5)
    middle = path.stat().st_size // PAGE // 2
    with open(path, "r+b") as handle:
        for page in range(middle, middle + 3):
            handle.seek(page * PAGE)
            handle.write(bytes(rng.randrange(256) for _ in range(PAGE)))


@pytest.fixture
def opened() -> Iterator[list[OpenDatabase]]:
    databases: list[OpenDatabase] = []
    yield databases
    for database in databases:
        database.close()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every critical message box's text; the person answers Yes (restore)."""
    told: list[str] = []

    def critical(_parent: Any, _title: str, text: str, *_buttons: Any) -> Any:
        told.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return told


def test_damage_found_after_the_window_shows_offers_the_backup(
    qtbot: QtBot, db_path: Path, opened: list[OpenDatabase], boxes: list[str]
) -> None:
    backup = make_file_with_backup(db_path)
    lose_pages(db_path)
    database = open_database(db_path, clock=TickingClock(A_WEEK_LATER), defer_due_check=True)
    opened.append(database)
    assert database.full_check_due  # the open itself read only the header and the schema

    window = build_main_window(database)
    qtbot.addWidget(window)
    window.show()
    check_after_showing(window, database)
    qtbot.waitUntil(lambda: window.restore_from is not None, timeout=20000)

    assert window.restore_from == backup
    assert not window.isVisible()  # run_gui now restores and reopens
    assert len(boxes) == 1 and str(backup) in boxes[0]


def test_a_sound_file_is_checked_in_the_background_and_noted(
    qtbot: QtBot, db_path: Path, opened: list[OpenDatabase], boxes: list[str]
) -> None:
    make_file_with_backup(db_path)
    database = open_database(db_path, clock=TickingClock(A_WEEK_LATER), defer_due_check=True)
    opened.append(database)
    window = build_main_window(database)
    qtbot.addWidget(window)
    window.show()
    check_after_showing(window, database)

    qtbot.waitUntil(lambda: not database.full_check_due, timeout=20000)
    checked_at = json.loads(check_note(db_path).read_text())["checked_at"]
    assert checked_at.startswith(A_WEEK_LATER.date().isoformat())
    assert boxes == [] and window.restore_from is None
    window.close()
