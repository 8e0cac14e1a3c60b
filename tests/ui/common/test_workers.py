"""Work in a worker thread: its failure comes back as the exception itself, so a known problem
is told in words and a bug reaches the crash dialog with the traceback of where it happened;
its progress reaches the GUI thread; and slow services refuse the GUI thread when armed."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from microlot_desk.errors import NotFound
from microlot_desk.services.common import thread_guard
from microlot_desk.services.common.progress import Cancelled, Progress
from microlot_desk.ui.common.error_dialogs import known_or_crash
from microlot_desk.ui.common.workers import run_in_background, run_with_progress


def lot_lookup_in_the_worker() -> None:
    raise NotFound(kind="lot", key="CO-2026-999")


def sheet_layout_in_the_worker() -> None:
    raise ZeroDivisionError("column width 0")


def test_a_known_problem_in_a_worker_is_told_in_words(qtbot: QtBot) -> None:
    told: list[str] = []
    run_in_background(lot_lookup_in_the_worker, on_error=known_or_crash(told.append))
    qtbot.waitUntil(lambda: told != [], timeout=5000)
    assert told == ["No lot 'CO-2026-999' was found."]


def test_a_bug_in_a_worker_reaches_the_crash_dialog_with_its_traceback(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.text(), box.detailedText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    told: list[str] = []
    run_in_background(sheet_layout_in_the_worker, on_error=known_or_crash(told.append))
    qtbot.waitUntil(lambda: shown != [], timeout=5000)
    assert told == []  # not flattened into a status line
    text, details = shown[0]
    assert text.startswith("microlot_desk hit a bug.")
    assert "in sheet_layout_in_the_worker" in details  # where it happened, in the worker
    assert details.rstrip().endswith("ZeroDivisionError: column width 0")
    assert "ZeroDivisionError: column width 0" in capsys.readouterr().err


def test_progress_reaches_the_gui_thread_and_cancel_reaches_the_work(qtbot: QtBot) -> None:
    seen: list[tuple[int, int, bool]] = []
    failures: list[Exception] = []
    halfway = threading.Event()

    def work(progress: Progress) -> None:
        progress.step(1, 4)
        progress.step(2, 4)
        halfway.set()
        assert progress.cancel.wait(10)
        progress.step(3, 4)  # raises Cancelled

    def on_progress(done: int, total: int) -> None:
        seen.append((done, total, threading.current_thread() is threading.main_thread()))

    progress = run_with_progress(work, on_progress, failures.append)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert halfway.is_set()
    progress.cancel.set()
    qtbot.waitUntil(lambda: failures != [], timeout=5000)
    assert seen == [(1, 4, True), (2, 4, True)]
    assert isinstance(failures[0], Cancelled)


def test_the_guard_refuses_only_the_thread_it_was_armed_with(qtbot: QtBot) -> None:
    # Armed by the GUI tests' fixture with this (the GUI) thread.
    with pytest.raises(thread_guard.WorkOnGuiThread, match="hashing a file ran on the GUI"):
        thread_guard.require_worker_thread("hashing a file")
    results: list[object] = []
    run_in_background(
        lambda: thread_guard.require_worker_thread("hashing a file") or "ran",
        on_error=results.append,
        on_done=results.append,
    )
    qtbot.waitUntil(lambda: results != [], timeout=5000)
    assert results == ["ran"]
    with thread_guard.disarmed():
        thread_guard.require_worker_thread("set-up")  # no error
    with pytest.raises(thread_guard.WorkOnGuiThread):
        thread_guard.require_worker_thread("hashing a file")  # armed again
