"""The headless face of the app: the same services as the GUI, driven from a terminal or a script.

Each command group lives in its own module and registers its sub-parsers here. Exit codes:
0 done, 1 refused (bad input, damaged or locked file; nothing was written), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TextIO

from microlot_desk import __version__
from microlot_desk.cli.command_clock import command_clock
from microlot_desk.clock import Clock, utc_now
from microlot_desk.errors import KnownError
from microlot_desk.messages import describe
from microlot_desk.paths import AppPaths, app_paths

# Which module registers each command. A command loads only its own module (and what that
# imports), so `lots list` never pays for reportlab and the desktop app for none of them.
COMMAND_MODULES = {
    "demo": "lot_commands",
    "lots": "lot_commands",
    "db": "db_commands",
    "export": "export_commands",
    "score": "cupping_commands",
    "import": "cupping_commands",
    "sessions": "cupping_commands",
    "forms": "form_commands",
    "settings": "settings_commands",
    "custody": "custody_commands",
    "evidence": "custody_commands",
    "plots": "plot_commands",
    "keys": "keys_commands",
    "bundle": "bundle_commands",
    "verify": "verify_commands",
}
_OPTIONS_WITH_VALUE = ("--data-dir",)


def command_word(argv: Sequence[str]) -> str | None:
    """The first word of `argv` that is not a global option or its value: the command, if any."""
    words = iter(argv)
    for word in words:
        if any(len(word) > 3 and option.startswith(word) for option in _OPTIONS_WITH_VALUE):
            # argparse takes an unambiguous prefix (`--data`) for the whole option
            next(words, None)
        elif word == "--":
            return next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _groups_for(argv: Sequence[str] | None, every_command: bool) -> list[ModuleType]:
    """The command modules a parse of `argv` needs: the named command's alone; every one when
    help is asked for or the word is not a command (so argparse can list the choices); none
    when there is no command and no help (the desktop app opens)."""
    words = sys.argv[1:] if argv is None else list(argv)
    word = command_word(words)
    if word in COMMAND_MODULES and not every_command:
        names = [COMMAND_MODULES[word]]
    elif word is None and not every_command and not {"-h", "--help"} & set(words):
        names = []
    else:
        names = list(dict.fromkeys(COMMAND_MODULES.values()))
    return [importlib.import_module(f"microlot_desk.cli.{name}") for name in names]


def build_parser(
    argv: Sequence[str] | None = None, *, every_command: bool = False
) -> argparse.ArgumentParser:
    """The parser for `argv` (default: this process's arguments), with only the command modules
    that parse needs registered, or all of them with `every_command` (to print the help)."""
    parser = argparse.ArgumentParser(
        prog="microlot-desk",
        description="Records, cupping and provenance for specialty-coffee micro-lots. "
        "With no command, the desktop app opens.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="folder holding the database and backups")
    parser.add_argument("--version", action="version", version=f"microlot-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in _groups_for(argv, every_command):
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
    except OSError as error:
        # An export's file on a full disk or in a read-only folder (the database's own writes
        # already say so as DiskFull or FolderReadOnly).
        from microlot_desk.storage.disk_faults import fault_of

        where = Path(error.filename).parent if error.filename else Path.cwd()
        fault = fault_of(error, where)
        if fault is None:
            raise
        print(f"microlot-desk: {describe(fault)}", file=err)
        return 1
    except sqlite3.DatabaseError as error:
        # A page damaged since the file's last full check, met by this command's read.
        from microlot_desk.services.workspace.maintenance import damaged
        from microlot_desk.storage.database import is_damage

        if not is_damage(error):
            raise

        print(
            f"microlot-desk: {describe(damaged(app_paths(args.data_dir).database, error))}",
            file=err,
        )
        return 1
    finally:
        command_clock.reset(token)


def main(argv: Sequence[str] | None = None, *, clock: Clock = utc_now) -> int:
    """Entry for the CLI alone (tests call this with a frozen `clock`); `python -m microlot_desk`
    goes via __main__."""
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        build_parser(argv, every_command=True).print_help()
        return 2
    return run(args, clock=clock)


__all__ = ["build_parser", "main", "run"]
