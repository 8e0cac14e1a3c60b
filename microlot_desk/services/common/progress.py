"""How long work tells how far it got, and hears that the person cancelled it (no Qt here: the
GUI passes a callback that forwards to its progress bar, and sets the event from Cancel)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


class Cancelled(Exception):
    """The person cancelled; raised inside the transaction, so everything it did is undone."""


def _ignore(_done: int, _total: int) -> None:
    return None


@dataclass
class Progress:
    report: Callable[[int, int], None] = _ignore
    cancel: threading.Event = field(default_factory=threading.Event)

    def step(self, done: int, total: int) -> None:
        """Say how far the work is; raise Cancelled when the person asked to stop."""
        if self.cancel.is_set():
            raise Cancelled
        self.report(done, total)
