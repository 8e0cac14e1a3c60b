"""The headless face of the app: the same services as the GUI, driven from a terminal or a script.

Each command group lives in its own module and registers its sub-parsers here. Exit codes:
0 done, 1 refused (bad input, damaged or locked file; nothing was written), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from microlot_desk import __version__
from microlot_desk.cli import (
    cupping_commands,
    custody_commands,
    db_commands,
    export_commands,
    form_commands,
    lot_commands,
    plot_commands,
    settings_commands,
)
from microlot_desk.cli.command_clock import command_clock
from microlot_desk.clock import Clock, utc_now
from microlot_desk.errors import KnownError
from microlot_desk.messages import describe
from microlot_desk.paths import AppPaths, app_paths

COMMAND_GROUPS = (
    lot_commands,
    db_commands,
    export_commands,
    cupping_commands,
    form_commands,
    settings_commands,
    custody_commands,
    plot_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microlot-desk",
        description="Records, cupping and provenance for specialty-coffee micro-lots. "
        "With no command, the desktop app opens.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="folder holding the database and backups")
    parser.add_argument("--version", action="version", version=f"microlot-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def run(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    clock: Clock = utc_now,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    handler: Callable[[argparse.Namespace, AppPaths, TextIO], int] = args.handler
    token = command_clock.set(clock)
    try:
        return handler(args, app_paths(args.data_dir), out)
    except KnownError as error:
        print(f"microlot-desk: {describe(error)}", file=err)
        return 1
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        return 0
    finally:
        command_clock.reset(token)


def main(argv: Sequence[str] | None = None, *, clock: Clock = utc_now) -> int:
    """Entry for the CLI alone (tests call this with a frozen `clock`); `python -m microlot_desk`
    goes via __main__."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return run(args, clock=clock)


__all__ = ["build_parser", "main", "run"]
