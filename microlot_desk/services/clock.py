"""Time as the services see it: UTC, and replaceable in tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(clock: Clock) -> str:
    """UTC ISO-8601 with microseconds, so later edits always sort after earlier ones."""
    return clock().astimezone(UTC).isoformat(timespec="microseconds")
