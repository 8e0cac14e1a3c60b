"""Telling a full disk and a read-only folder from a damaged file.

SQLite says "database or disk is full" and "attempt to write a readonly database" through the
same exception class as a damaged page, and the operating system says ENOSPC or EROFS through
OSError. Each gets its own refusal, saying what to do (free space, choose another folder); only
a file that really is damaged is offered a backup to restore, since restoring would not help
a full disk and could lose the newest work.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from microlot_desk.errors import DatabaseUnavailable, DiskFull, FolderReadOnly, KnownError

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def fault_of(error: BaseException, folder: Path) -> KnownError | None:
    """DiskFull or FolderReadOnly (naming `folder`) when `error` is one of those, else None."""
    if isinstance(error, OSError):
        if error.errno in _FULL_ERRNOS:
            return DiskFull(folder=str(folder))
        if error.errno in _READ_ONLY_ERRNOS:
            return FolderReadOnly(folder=str(folder))
        return None
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "")
        if name == "SQLITE_FULL" or (name.startswith("SQLITE_IOERR") and _full(folder)):
            return DiskFull(folder=str(folder))
        if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
            return FolderReadOnly(folder=str(folder)) if _read_only(folder) else None
    return None


@contextlib.contextmanager
def faults_told(folder: Path, *, sqlite_only: bool = False) -> Iterator[None]:
    """Raise DiskFull or FolderReadOnly for the block's OS or SQLite error that is one (also
    when it came wrapped as DatabaseUnavailable); any other error passes unchanged. With
    `sqlite_only`, an OSError passes too: inside a transaction it may be about another file
    (one the person handed in), which `folder` would misname."""
    caught = sqlite3.Error if sqlite_only else (OSError, sqlite3.Error)
    try:
        yield
    except caught as error:
        fault = fault_of(error, folder)
        if fault is None:
            raise
        raise fault from error
    except DatabaseUnavailable as error:
        fault = fault_of(error.__cause__, folder) if error.__cause__ is not None else None
        if fault is None:
            raise
        raise fault from error


def _full(folder: Path) -> bool:
    """An I/O error is a full disk when the disk has no free block left."""
    try:
        return shutil.disk_usage(folder).free == 0
    except OSError:
        return False


def _read_only(folder: Path) -> bool:
    return not os.access(folder, os.W_OK) or _mounted_read_only(folder)


def _mounted_read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
