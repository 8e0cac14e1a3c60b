"""A check that slow work never runs on the GUI thread.

Recomputing every lot's verdict, decoding a picture, hashing a stored file, loading the demo,
taking a backup or exporting a batch of sheets freezes the window when called on the thread
that paints it. Services know no Qt, so the GUI tells this module which thread that is (`arm`,
in debug runs of the app and in every GUI test); those services then call
`require_worker_thread()` first, which raises when armed and called on that thread. Unarmed
(the CLI, unit tests, a normal run) it costs one comparison.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

_gui_thread: int | None = None


class WorkOnGuiThread(RuntimeError):
    """A bug: slow work was called on the GUI thread instead of in a worker."""


def arm(gui_thread: int | None = None) -> None:
    """From now on, refuse slow work on this thread (the calling one when not given)."""
    global _gui_thread
    _gui_thread = threading.get_ident() if gui_thread is None else gui_thread


def disarm() -> None:
    global _gui_thread
    _gui_thread = None


@contextlib.contextmanager
def disarmed() -> Iterator[None]:
    """Set-up work on the GUI thread that no person waits for (a test filling its database)."""
    armed = _gui_thread
    disarm()
    try:
        yield
    finally:
        if armed is not None:
            arm(armed)


def require_worker_thread(work: str) -> None:
    """Raise WorkOnGuiThread when armed and called on the GUI thread; `work` names the call."""
    if _gui_thread is not None and threading.get_ident() == _gui_thread:
        raise WorkOnGuiThread(f"{work} ran on the GUI thread; run it in a worker")
