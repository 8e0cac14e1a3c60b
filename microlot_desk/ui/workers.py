"""Running slow work (backups, exports, imports) off the GUI thread.

The relay lives in the GUI thread; the worker only emits its signals, which Qt then delivers as
queued calls into the GUI thread, so callbacks may touch widgets safely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from microlot_desk.ui.signal_emit import emit


class _Relay(QObject):
    failed = Signal(str)
    done = Signal(object)

    def __init__(
        self, on_error: Callable[[str], None], on_done: Callable[[Any], None] | None
    ) -> None:
        super().__init__()
        self._on_error = on_error
        self._on_done = on_done
        self.failed.connect(self._deliver_failure)
        self.done.connect(self._deliver_result)

    @Slot(str)
    def _deliver_failure(self, text: str) -> None:
        _in_flight.discard(self)
        self._on_error(text)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        _in_flight.discard(self)
        if self._on_done is not None:
            self._on_done(result)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # reported to the GUI thread, never lost in a worker
            emit(self._relay.failed, f"{type(error).__name__}: {error}")
            return
        emit(self._relay.done, result)


# Relays waiting for their job: kept referenced here until the result has been delivered.
_in_flight: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any],
    on_error: Callable[[str], None],
    on_done: Callable[[Any], None] | None = None,
) -> None:
    relay = _Relay(on_error, on_done)
    _in_flight.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))
