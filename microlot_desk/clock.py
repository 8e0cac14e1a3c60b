"""Time as the app sees it: UTC, and an input like any other.

Every layer takes a `Clock` instead of reading the time itself, so a test can freeze it and a
date can never break a test. Only the composition roots (`app.py`, `cli`) pass `utc_now`, the
real clock. It lives at the package root, beside `errors` and `paths`, because storage (backup
names, the lock note) needs it as much as the services do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(clock: Clock) -> str:
    """UTC ISO-8601 with microseconds, so later edits always sort after earlier ones."""
    return clock().astimezone(UTC).isoformat(timespec="microseconds")


def file_stamp(clock: Clock) -> str:
    """UTC time for a file name: sorts by time and has no characters a file system refuses."""
    return clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


class FixedClock:
    """Always the same moment: one "generated at" for every sheet of a batch, and a clock that
    crosses to a worker process (it pickles, where a closure does not)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment
