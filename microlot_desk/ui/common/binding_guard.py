"""Keep PySide6 6.12.0's reference-count slips from aborting the app.

On Python 3.11, PySide6 6.12.0 drops one reference to `None` on every Qt call that returns
nothing (setText, show, processEvents, a findChild that finds nothing, ...) and one to `True`
on every signal emitted from Python. Those objects are ordinary before Python 3.12: once a long
day of typing has taken their count to zero, the interpreter aborts with "none_dealloc:
deallocating None". Python 3.12 made them immortal (PEP 683) by giving them a count no program
can exhaust; this does the same for 3.11, once, before any Qt call. Nothing changes for code
that counts correctly, and on Python 3.12+ it does nothing at all.
"""

from __future__ import annotations

import ctypes
import sys

# PEP 683's immortal count on 64-bit builds is about 4e9; far beyond any number of Qt calls.
_HEADROOM = 1 << 40

_done = False


def make_singletons_immortal() -> None:
    global _done
    if _done or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _done = True
