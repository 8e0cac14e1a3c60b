"""The one way the app writes a file: either the whole new content is there, or what was there
before is, untouched.

The bytes go to a temporary file in the same folder (same file system, so the rename is atomic),
are flushed and fsynced, and only then replace the final name; the folder is fsynced so the
rename itself survives a power cut. Any failure, a full disk included, removes the temporary
file: no half-written or empty file is ever left behind.

It sits at the package root, beside `errors` and `paths`, because storage (evidence files,
backups, the lock note), export and the screens all write files and may not import each other.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

# Like any file the user creates: 0o666 less the umask (tempfile would make it 0o600).
USER_FILE_MODE = 0o666


def temporary_beside(path: Path) -> Path:
    """A fresh hidden name in `path`'s folder, for a file that will replace `path`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")


_TEMPORARY_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.part")


def is_temporary(name: str) -> bool:
    """Whether a file name is one temporary_beside makes: a write in progress or cut off."""
    return _TEMPORARY_NAME.fullmatch(name) is not None


def remove_leftovers(folder: Path, *, depth: int = 0) -> list[Path]:
    """Remove what a write killed half-way (power cut, kill -9) left in `folder` and, down to
    `depth` levels, its subfolders: only files named by temporary_beside, which no reader ever
    opens. Call it only while no other writer can be writing there (holding the write lock)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if entry.is_dir(follow_symlinks=False) and depth > 0:
            removed += remove_leftovers(Path(entry.path), depth=depth - 1)
        elif entry.is_file(follow_symlinks=False) and is_temporary(entry.name):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def atomic_output(
    path: Path, mode: int = USER_FILE_MODE, *, readable: bool = False
) -> Iterator[BinaryIO]:
    """Yield a binary file to write into (and read back, `readable`); it becomes `path` only
    if the block succeeds."""
    temporary = temporary_beside(path)
    access = os.O_RDWR if readable else os.O_WRONLY
    flags = access | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.fdopen(os.open(temporary, flags, mode), "w+b" if readable else "wb")
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_atomic(path: Path, data: bytes, mode: int = USER_FILE_MODE) -> None:
    """Write `data` to `path` atomically (see the module docstring)."""
    with atomic_output(path, mode) as handle:
        handle.write(data)


def replace_durably(written: Path, path: Path) -> None:
    """Put a file another writer made (SQLite's VACUUM INTO or backup API) under `path`: fsync
    it, rename it over `path`, fsync the folder. On failure `written` is removed."""
    try:
        with open(written, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(written, path)
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable. A file system that cannot fsync a folder (some network
    shares) has done what it can; Windows cannot open a folder, and MoveFileEx is durable."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
