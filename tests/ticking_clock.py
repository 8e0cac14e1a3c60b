"""The tests' clock: frozen on a day that is not today, so a test that secretly reads the wall
clock fails, and moving one second on every call, so every write gets a distinct stamp."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

TEST_START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class TickingClock:
    """Each call is one second after the previous one."""

    def __init__(self, start: datetime = TEST_START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now
