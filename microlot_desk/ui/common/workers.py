"""Running slow work (backups, exports, imports, recomputing verdicts) off the GUI thread.

The relay lives in the GUI thread; the worker only emits its signals, which Qt then delivers as
queued calls into the GUI thread, so callbacks may touch widgets safely.

A failure comes back as the exception object itself, traceback included, never flattened into
a string: the GUI tells a KnownError's message and shows anything else, a bug, in the crash
dialog with where it happened (see `error_dialogs.known_or_crash`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from microlot_desk.services.common.progress import Progress
from microlot_desk.ui.common.signal_emit import emit

OnError = Callable[[Exception], None]


class _Relay(QObject):
    failed = Signal(object)
    done = Signal(object)
    progressed = Signal(int, int)

    def __init__(
        self,
        on_error: OnError,
        on_done: Callable[[Any], None] | None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_error = on_error
        self._on_done = on_done
        self._on_progress = on_progress
        self.failed.connect(self._deliver_failure)
        self.done.connect(self._deliver_result)
        self.progressed.connect(self._deliver_progress)

    @Slot(object)
    def _deliver_failure(self, error: Exception) -> None:
        _in_flight.discard(self)
        self._on_error(error)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        _in_flight.discard(self)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None and self in _in_flight:
            self._on_progress(done, total)

    def report(self, done: int, total: int) -> None:
        """Called in the worker: queued to the GUI thread."""
        emit(self.progressed, done, total)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, never lost in a worker
            emit(self._relay.failed, error)
            return
        emit(self._relay.done, result)


# Relays waiting for their job: kept referenced here until the result has been delivered.
_in_flight: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any],
    on_error: OnError,
    on_done: Callable[[Any], None] | None = None,
) -> None:
    relay = _Relay(on_error, on_done)
    _in_flight.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


def run_with_progress(
    work: Callable[[Progress], Any],
    on_progress: Callable[[int, int], None],
    on_error: OnError,
    on_done: Callable[[Any], None] | None = None,
) -> Progress:
    """Like run_in_background, for work that reports how far it got (`on_progress(done,
    total)` in the GUI thread). Setting the returned Progress's `cancel` asks the work to stop:
    it then fails with services.common.progress.Cancelled, having undone what it did."""
    relay = _Relay(on_error, on_done, on_progress)
    progress = Progress(report=relay.report)
    _in_flight.add(relay)
    QThreadPool.globalInstance().start(_Job(lambda: work(progress), relay))
    return progress
