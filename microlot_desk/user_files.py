"""Reading a file a person hands the app: evidence, an import, a location file, a form template
(and the exchange bundles to come). One set of rules for all of them:

- Only a regular file is read. A device (`/dev/zero` never ends), a pipe (blocks), a socket or
  a folder is refused by what it is, before anything is read.
- A symbolic link is refused, naming its target: a link can point anywhere (a system file, a
  device), so the person names the file they mean.
- The size is checked before a byte is read (a 2 GB sparse file is refused at once), and the
  reading is bounded as well, so a file that grows while it is read is still refused: memory
  never holds more than the limit, whatever is on the disk.
- Standard input ("-") is read up to the limit and one byte more.

Each refusal is an InputFileRefused with a reason the messages turn into a sentence.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from microlot_desk.errors import InputFileRefused

CHUNK_BYTES = 1 << 20
STANDARD_INPUT = "-"

_KINDS = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
)
# O_NOFOLLOW: a link swapped in after the check is not followed; O_NONBLOCK: a pipe swapped in
# does not hang the open. Neither exists on Windows, where lstat's answer stands alone.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_user_file(source: str | Path, *, max_bytes: int) -> bytes:
    """The whole file (or standard input for "-"), at most `max_bytes`; InputFileRefused
    naming the source and the reason otherwise."""
    if str(source) == STANDARD_INPUT:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputFileRefused(source="standard input", reason="too_large", max=max_bytes)
        return data
    with open_user_file(Path(source), max_bytes=max_bytes) as handle:
        return b"".join(read_chunks(handle, Path(source), max_bytes=max_bytes))


def read_chunks(handle: BinaryIO, path: Path, *, max_bytes: int) -> Iterator[bytes]:
    """The file's bytes in chunks, refusing (too_large) once more than `max_bytes` came."""
    total = 0
    while chunk := _read_some(handle, path):
        total += len(chunk)
        if total > max_bytes:
            raise InputFileRefused(source=str(path), reason="too_large", max=max_bytes)
        yield chunk


@contextmanager
def open_user_file(path: Path, *, max_bytes: int) -> Iterator[BinaryIO]:
    """The file open for reading after every check above (for a caller that streams it)."""
    source = str(path)
    check_user_file(path, max_bytes=max_bytes)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _unreadable(source, error) from None
    with os.fdopen(descriptor, "rb") as handle:
        _check_kind(os.fstat(descriptor), source, max_bytes)  # the file opened is the one checked
        yield handle


def _read_some(handle: BinaryIO, path: Path) -> bytes:
    try:
        return handle.read(CHUNK_BYTES)
    except OSError as error:  # a failing USB stick, a network share gone
        raise _unreadable(str(path), error) from None


def check_user_file(path: Path, *, max_bytes: int | None = None) -> int:
    """The file's size once it passes the rules above (a regular file, not a link, at most
    `max_bytes` when given), without reading it: for a file handed on whole (a backup to
    restore, which SQLite opens itself)."""
    info = _lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise InputFileRefused(source=str(path), reason="link", target=_target(path))
    _check_kind(info, str(path), max_bytes)
    return info.st_size


def _lstat(path: Path) -> os.stat_result:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        raise InputFileRefused(source=str(path), reason="not_found") from None
    except OSError as error:
        raise _unreadable(str(path), error) from None


def _check_kind(info: os.stat_result, source: str, max_bytes: int | None) -> None:
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise InputFileRefused(source=source, reason=kind)
    if not stat.S_ISREG(info.st_mode):
        raise InputFileRefused(source=source, reason="not_a_file")
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputFileRefused(source=source, reason="too_large", max=max_bytes)


def _target(path: Path) -> str:
    try:
        return str(path.resolve(strict=False))
    except (OSError, RuntimeError):  # a loop of links
        return os.readlink(path)


def _unreadable(source: str, error: OSError) -> InputFileRefused:
    return InputFileRefused(source=source, reason="unreadable", detail=error.strerror or str(error))
