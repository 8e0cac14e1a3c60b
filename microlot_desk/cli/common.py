"""What every command needs: opening the database the right way, reading input, printing JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from microlot_desk.cli.command_clock import command_clock
from microlot_desk.domain.strict_json import MAX_BYTES as MAX_JSON_BYTES
from microlot_desk.domain.strict_json import JsonInputError, loads_strict
from microlot_desk.errors import BadInputFile, DatabaseLocked
from microlot_desk.messages import describe_json_problem
from microlot_desk.paths import AppPaths
from microlot_desk.services.workspace.workspace import Workspace, open_workspace
from microlot_desk.user_files import read_user_file


@contextmanager
def opened(paths: AppPaths, *, write: bool) -> Iterator[Workspace]:
    """Open for writing; a reading command falls back to read-only when another instance
    has the file, so `lots list` still works while the app is open."""
    try:
        workspace = open_workspace(paths.database, clock=command_clock.get(), lab_forms=paths.forms)
    except DatabaseLocked:
        if write or not paths.database.exists():
            raise
        workspace = open_workspace(
            paths.database, clock=command_clock.get(), read_only=True, lab_forms=paths.forms
        )
    try:
        yield workspace
    finally:
        workspace.close()


def print_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def read_json_input(source: str, *, parse_float: Callable[[str], Any] | None = None) -> Any:
    """A JSON document from a file or standard input ("-"), refused with the reason if bad.
    parse_float reads each non-integer number from its literal text (see loads_strict)."""
    data = read_user_file(source, max_bytes=MAX_JSON_BYTES)
    try:
        return loads_strict(data, parse_float=parse_float)
    except JsonInputError as exc:
        detail = describe_json_problem(exc.reason, exc.detail)
        raise BadInputFile(source=source, detail=detail) from exc


def pad(text: str, width: int) -> str:
    """Cut or pad to `width` terminal columns; Chinese characters take two columns each."""
    out, used = [], 0
    for ch in text:
        size = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + size > width:
            break
        out.append(ch)
        used += size
    return "".join(out) + " " * (width - used)
