"""A file damaged since its last full check is found by the weekly check when the app opens it,
before any window paints from it, and the person is offered the latest backup."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from ticking_clock import TEST_START, TickingClock

from microlot_desk.app import open_with_dialogs
from microlot_desk.paths import AppPaths
from microlot_desk.services.common import thread_guard
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.backups import take_backup
from microlot_desk.storage.check_schedule import FULL_CHECK_EVERY
from microlot_desk.storage.database import open_database

PAGE = 4096


def test_the_weekly_check_at_open_offers_the_backup_before_any_window(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(db_path, clock=TickingClock())
    with thread_guard.disarmed():
        lots = LotService(database)
        for i in range(250):
            lots.add_lot({"name": f"Lot {i}", "country": "CO", "story": "Three passes. " * 60})
        backup = take_backup(database.conn, db_path, "manual", clock=TickingClock())
    database.close()
    rng = random.Random(5)
    middle = db_path.stat().st_size // PAGE // 2
    with open(db_path, "r+b") as handle:
        for page in range(middle, middle + 3):
            handle.seek(page * PAGE)
            handle.write(bytes(rng.randrange(256) for _ in range(PAGE)))
    told: list[str] = []

    def critical(_parent: Any, _title: str, text: str, *_buttons: Any) -> Any:
        told.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "critical", critical)
    a_week_later = TickingClock(TEST_START + FULL_CHECK_EVERY * 2)

    assert open_with_dialogs(AppPaths(db_path.parent), a_week_later) is None
    assert len(told) == 1 and str(backup) in told[0]
