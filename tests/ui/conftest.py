"""Fixtures for the GUI tests: the app's fonts, a real database file, the real main window on it,
and a second, read-only look at the file to see what really landed in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from driving import StoredLot, show_window
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.domain.lots import Lot
from microlot_desk.paths import resources_dir
from microlot_desk.services.common import thread_guard
from microlot_desk.services.demo.demo_data import load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.common.fonts import application_font, register_bundled_fonts
from microlot_desk.ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def _app_fonts(qapp: QApplication) -> None:
    """What make_application does for looks (it also installs its own Qt message handler, which
    would hide Qt warnings from pytest-qt, so it is not called here)."""
    qapp.setApplicationName("microlot_desk")
    register_bundled_fonts(resources_dir() / "fonts")
    qapp.setFont(application_font())


@pytest.fixture(autouse=True)
def _slow_work_refused_on_the_gui_thread() -> Iterator[None]:
    """As in a debug run of the app: a service that recomputes every lot, decodes a picture,
    hashes a file, loads the demo, backs up or exports a batch raises when the GUI thread calls
    it. Every GUI test so proves that the screen it drives hands that work to a worker."""
    thread_guard.arm()
    yield
    thread_guard.disarm()


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "microlot.sqlite"


@pytest.fixture
def database(db_path: Path, clock: TickingClock) -> Iterator[OpenDatabase]:
    opened = open_database(db_path, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def demo_database(database: OpenDatabase) -> OpenDatabase:
    with thread_guard.disarmed():  # the test's set-up, before any window shows
        load_demo(LotService(database))
    return database


@pytest.fixture
def window(qtbot: QtBot, demo_database: OpenDatabase) -> Iterator[MainWindow]:
    shown = show_window(qtbot, demo_database)
    yield shown
    shown.close()  # before the database closes: closing saves the field being edited


@pytest.fixture
def empty_window(qtbot: QtBot, database: OpenDatabase) -> Iterator[MainWindow]:
    shown = show_window(qtbot, database)
    yield shown
    shown.close()


@pytest.fixture
def stored(db_path: Path, clock: TickingClock) -> Iterator[StoredLot]:
    """Read a lot by code through a connection of its own: only committed data is seen."""
    opened: list[OpenDatabase] = []

    def read(code: str) -> Lot:
        reader = open_database(db_path, read_only=True, clock=clock)
        opened.append(reader)
        return LotService(reader).get_by_code(code)

    yield read
    for reader in opened:
        reader.close()


@pytest.fixture
def dump(db_path: Path, clock: TickingClock) -> Iterator[Callable[[], list[str]]]:
    """Every row of the file as SQL text, read separately: equal dumps mean nothing was written."""
    opened: list[OpenDatabase] = []

    def take() -> list[str]:
        reader = open_database(db_path, read_only=True, clock=clock)
        opened.append(reader)
        return list(reader.db.conn.iterdump())

    yield take
    for reader in opened:
        reader.close()
