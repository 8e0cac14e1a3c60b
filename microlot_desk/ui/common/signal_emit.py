"""Emitting a Qt signal from Python without wearing out `True`.

PySide6 6.12.0 on Python 3.11 drops one reference to `True` on every `SignalInstance.emit()`
called from Python (signals emitted by Qt itself are not affected). `True` is an ordinary
object before Python 3.12, so after a few thousand emits its count reaches zero and the
process aborts with "Fatal Python error: bool_dealloc: deallocating True or False". The
table-side entry screen emits on every keystroke, so a morning of cupping would get there.

`emit(signal, *args)` emits and gives back what the binding took. How much it takes is measured
once, on a probe signal, so nothing is given back where the binding is sound (a fixed PySide,
or Python 3.12+, where `True` is immortal and its count never moves).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

PROBE_EMITS = 16


class _Probe(QObject):
    ping = Signal()


_taken_per_emit: int | None = None


def taken_per_emit() -> int:
    """References to `True` one Python emit loses in this process's PySide (0 when sound)."""
    global _taken_per_emit
    if _taken_per_emit is None:
        probe = _Probe()
        before = sys.getrefcount(True)
        for _ in range(PROBE_EMITS):
            probe.ping.emit()
        lost = before - sys.getrefcount(True)
        _taken_per_emit = max(0, round(lost / PROBE_EMITS))
        _give_back(lost if lost > 0 else 0)  # what the probe itself cost
    return _taken_per_emit


def emit(signal: SignalInstance, *args: Any) -> None:
    """signal.emit(*args), then give `True` back the references the binding dropped."""
    taken = taken_per_emit()
    signal.emit(*args)
    _give_back(taken)


def _give_back(count: int) -> None:
    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
