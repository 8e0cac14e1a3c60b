"""The time a command runs at: the real clock, unless `cli.run` was handed another (the tests
freeze it). Set for the length of one command, so no command reads the wall clock itself; a
module of its own so that setting it imports nothing else."""

from __future__ import annotations

from contextvars import ContextVar

from microlot_desk.clock import Clock, utc_now

command_clock: ContextVar[Clock] = ContextVar("command_clock", default=utc_now)
