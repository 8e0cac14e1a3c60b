"""The Settings screen: reached from the rail, every field saved as it is left, refusals shown
beneath the field with nothing written, and the lot list following the change. A threshold that
judges every lot again does so in a worker (the GUI tests refuse that work on the GUI thread),
behind a progress dialog whose Cancel leaves every old verdict."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from driving import cell, show_window, shown_codes, type_text
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.services.common.thread_guard import WorkOnGuiThread
from microlot_desk.services.demo.demo_data import DEMO_TOTAL
from microlot_desk.services.lots import verdict_refresh
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.settings.settings_page import SettingsPage


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    """Click the rail's Settings item, as a person would."""
    row = next(r for r in range(window.rail.count()) if window.rail.item(r).text() == "Settings")
    rect = window.rail.visualItemRect(window.rail.item(row))
    qtbot.mouseClick(window.rail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.settings_holder)
    page = window.settings_holder.page
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(page.isVisible)
    return page


def field(page: SettingsPage, key: str) -> QWidget:
    widget = page.fields[key].focus_widget()
    scroll = page.findChild(QScrollArea, "settingsForm")
    assert scroll is not None
    QCoreApplication.processEvents()
    scroll.ensureWidgetVisible(widget, 0, 60)
    QCoreApplication.processEvents()
    return widget


def retype(qtbot: QtBot, page: SettingsPage, key: str, text: str) -> QWidget:
    """Click into the field, type over what is there, and leave it with Tab."""
    widget = field(page, key)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    assert widget.hasFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return widget


def stored_settings(db_path: Path) -> dict[str, str]:
    """The settings as committed, read through a connection of its own."""
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    try:
        return {str(row["key"]): str(row["value"]) for row in reader.db["settings"].rows}
    finally:
        reader.close()


def retype_and_wait(qtbot: QtBot, page: SettingsPage, key: str, text: str) -> QWidget:
    """retype() a setting that judges every lot again, and wait for the worker to end."""
    with qtbot.waitSignal(page.recompute_ended, timeout=20000):
        widget = retype(qtbot, page, key, text)
    return widget


def listed(window: MainWindow, code: str) -> tuple[str | None, int | None]:
    """A lot's stored verdict and hallmarks met, as the lot list holds them."""
    summaries = window.workspace.lots.page(LotQuery(), 0, 1000)
    summary = next(s for s in summaries if s.code == code)
    return summary.verdict, summary.verdict_met


def test_a_new_code_pattern_shows_in_the_preview_and_codes_the_next_lot(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    page = open_settings(qtbot, window)
    year = window.workspace.lots.clock().year  # the demo's Colombian lots are of 2026
    first = "CO-2026-022" if year == 2026 else f"CO-{year}-001"  # after CO-2026-021
    assert page.code_preview.text() == f"Next code: {first}"
    widget = field(page, "lot_code_pattern")
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, "{country}{year}/{seq:04d}")
    assert page.code_preview.text() == f"Next code: CO{year}/0001"  # live, before leaving
    assert stored_settings(db_path).get("lot_code_pattern") != "{country}{year}/{seq:04d}"
    qtbot.keyClick(widget, Qt.Key.Key_Tab)

    assert page.save_state.text().startswith("Saved")
    assert stored_settings(db_path)["lot_code_pattern"] == "{country}{year}/{seq:04d}"
    added = window.workspace.lots.add_lot(
        {"name": "Pattern test", "country": "CO", "harvest_start": f"{year}-05-01"}
    )
    assert added.code == f"CO{year}/0001"
    window.lots_page.data_changed()
    window.rail.setCurrentRow(0)
    page = open_settings(qtbot, window)
    assert page.code_preview.text() == f"Next code: CO{year}/0002"
    assert any(code == f"CO{year}/0001" for code in shown_codes(window.lots_page))


def test_a_pattern_without_seq_is_refused_and_nothing_is_stored(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    page = open_settings(qtbot, window)
    before = dump()
    widget = retype(qtbot, page, "lot_code_pattern", "{country}-{year}")

    assert page.fields["lot_code_pattern"].value() == "{country}-{year}"  # the text is kept
    error = page.errors["lot_code_pattern"]
    assert error.isVisible()
    assert error.text() == "must contain {seq} and only {country}, {year}, {station} besides"
    assert page.code_preview.text().startswith("Next code: — ")
    assert "Not saved" in page.save_state.text()
    assert "b00020" in widget.styleSheet()
    assert dump() == before


def test_the_largest_evidence_file_is_a_setting_checked_as_it_is_left(
    qtbot: QtBot, window: MainWindow, db_path: Path, dump: Callable[[], list[str]]
) -> None:
    page = open_settings(qtbot, window)
    assert page.fields["evidence_max_mb"].value() == "50"
    before = dump()
    retype(qtbot, page, "evidence_max_mb", "0")
    assert page.errors["evidence_max_mb"].text() == "must be between 1 and 1024"
    assert dump() == before
    retype(qtbot, page, "evidence_max_mb", "8")
    assert page.save_state.text().startswith("Saved")
    assert stored_settings(db_path)["evidence_max_mb"] == "8"
    assert window.workspace.evidence.max_bytes() == 8 * 1024 * 1024  # the next attach uses it


def test_a_lower_micro_limit_moves_a_lot_into_the_micro_class(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    lots_page = window.lots_page
    assert cell(lots_page, "CO-2026-021", "Size class") == "Small"  # 95 kg
    page = open_settings(qtbot, window)
    retype_and_wait(qtbot, page, "size_micro_from", "90")

    assert not page.errors["size_micro_from"].isVisible()
    assert stored_settings(db_path)["size_micro_from"] == "90"
    assert cell(lots_page, "CO-2026-021", "Size class") == "Micro"
    # And refused out of order: the micro-lot cannot start below the nano limit.
    retype(qtbot, page, "size_micro_from", "10")
    assert "out of order" in page.errors["size_micro_from"].text()
    assert stored_settings(db_path)["size_micro_from"] == "90"


def test_a_higher_score_threshold_changes_a_stored_verdict(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    assert listed(window, "GT-2026-004") == ("genuine", 6)
    page = open_settings(qtbot, window)
    assert page.fields["verdict.min_score"].value() == "86"
    with qtbot.waitSignal(page.settings_changed):
        retype(qtbot, page, "verdict.min_score", "90")

    assert stored_settings(db_path)["verdict.min_score"] == "90"
    assert listed(window, "GT-2026-004") == ("failing", 5)
    assert cell(window.lots_page, "GT-2026-004", "Verdict").endswith("(5/6)")
    retype(qtbot, page, "verdict.min_score", "120")
    assert page.errors["verdict.min_score"].text() == "must be between 0 and 100"
    assert stored_settings(db_path)["verdict.min_score"] == "90"


def test_custody_stages_are_saved_one_per_line(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    page = open_settings(qtbot, window)
    stages = page.fields["stages"].value().splitlines()
    assert "hulling" in stages
    widget = field(page, "stages")
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    type_text(qtbot, widget, "Solar drying")
    qtbot.keyClick(widget, Qt.Key.Key_Tab)

    assert page.save_state.text().startswith("Saved")
    assert window.workspace.custody.stages() == (*stages, "solar_drying")
    assert page.fields["stages"].value().splitlines()[-1] == "solar_drying"  # as stored
    assert '"solar_drying"' in stored_settings(db_path)["custody.stages"]


@pytest.fixture
def read_only_window(
    qtbot: QtBot, demo_database: OpenDatabase, db_path: Path
) -> Iterator[MainWindow]:
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    shown = show_window(qtbot, reader)
    yield shown
    shown.close()
    reader.close()


def test_a_read_only_database_shows_every_setting_disabled(
    qtbot: QtBot, read_only_window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    before = dump()
    page = open_settings(qtbot, read_only_window)
    assert "Read-only" in page.save_state.text()
    for key, widget in page.fields.items():
        assert not widget.focus_widget().isEnabled(), key
    assert page.fields["verdict.min_score"].value() == "86"
    assert dump() == before


def test_settings_on_a_fresh_database_preview_a_first_code(
    qtbot: QtBot, empty_window: MainWindow, database: OpenDatabase
) -> None:
    page = open_settings(qtbot, empty_window)
    assert page.code_preview.text() == f"Next code: CO-{LotService(database).clock().year}-001"


@pytest.fixture
def held_recompute(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every lot judged one at a time, and the worker held at the third lot until the test
    sets the event: time to look at the progress and to press Cancel."""
    release = threading.Event()
    refresh = VerdictRefresher.refresh
    calls: list[int] = []

    def held(self: VerdictRefresher, lot_ids: Iterable[str], **kwargs: Any) -> None:
        if threading.current_thread() is not threading.main_thread():
            calls.append(1)
            if len(calls) == 3:
                assert release.wait(20)
        refresh(self, lot_ids, **kwargs)

    monkeypatch.setattr(verdict_refresh, "EVERY_LOT_BATCH", 1)
    monkeypatch.setattr(VerdictRefresher, "refresh", held)
    yield release
    release.set()  # never leave a worker waiting


def test_a_threshold_judges_every_lot_in_a_worker_with_progress_and_cancel(
    qtbot: QtBot,
    window: MainWindow,
    db_path: Path,
    dump: Callable[[], list[str]],
    held_recompute: threading.Event,
    tmp_path: Path,
) -> None:
    assert listed(window, "GT-2026-004") == ("genuine", 6)
    page = open_settings(qtbot, window)
    before = dump()
    retype(qtbot, page, "verdict.min_score", "90")

    # The worker is held at the third lot: the GUI thread is free, the progress shows.
    dialog = page.recompute
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.bar.value() == 2, timeout=10000)
    assert dialog.isVisible() and dialog.isModal()
    assert dialog.bar.maximum() == DEMO_TOTAL
    assert dialog.windowTitle() == "Judging every lot again"
    assert page.save_state.text() == "Saving: judging every lot again…"
    window.grab().save(str(tmp_path / "settings-window.png"))
    dialog.grab().save(str(tmp_path / "settings-progress.png"))

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.text.text().startswith("Cancelling")
    assert dialog.isVisible()  # until the worker has undone its transaction
    with qtbot.waitSignal(page.recompute_ended, timeout=20000):
        held_recompute.set()

    assert page.recompute is None
    assert page.save_state.text() == "Not saved: cancelled; every lot keeps its verdict."
    assert page.fields["verdict.min_score"].value() == "86"
    assert listed(window, "GT-2026-004") == ("genuine", 6)
    assert "verdict.min_score" not in stored_settings(db_path)
    assert dump() == before  # neither the threshold nor any verdict was written


def test_escape_on_the_progress_cancels_rather_than_hiding_it(
    qtbot: QtBot, window: MainWindow, db_path: Path, held_recompute: threading.Event
) -> None:
    page = open_settings(qtbot, window)
    retype(qtbot, page, "size_micro_from", "90")
    dialog = page.recompute
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.bar.value() == 2, timeout=10000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.cancel_requested
    with qtbot.waitSignal(page.recompute_ended, timeout=20000):
        held_recompute.set()
    assert "size_micro_from" not in stored_settings(db_path)
    assert cell(window.lots_page, "CO-2026-021", "Size class") == "Small"


def test_a_threshold_saved_on_the_gui_thread_is_refused_by_the_guard(
    window: MainWindow, dump: Callable[[], list[str]]
) -> None:
    """What keeps the tests above honest: the recompute itself refuses the GUI thread."""
    before = dump()
    with pytest.raises(WorkOnGuiThread, match="every lot"):
        window.workspace.verdicts.set_thresholds({"verdict.min_score": "90"})
    assert dump() == before
