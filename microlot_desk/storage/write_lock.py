"""One writer per database file: a lock file beside it, and a note saying who holds it.

The lock is an OS advisory lock (fcntl on POSIX, msvcrt on Windows) on an open file handle: the
kernel drops it when the process dies, even by kill -9 or a power cut, so a crash never leaves
the database locked. The note is only for telling the next person who has the file open.
(A few lines of our own instead of the filelock package: that one imports asyncio, which cost a
fifth of the app's start-up time.)
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import UTC
from pathlib import Path
from typing import IO

from microlot_desk.atomic_files import write_atomic
from microlot_desk.clock import Clock
from microlot_desk.errors import DatabaseLocked, DatabaseUnavailable


def _user() -> str:
    # What getpass.getuser() does, without importing it (and socket with it) at start-up.
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    if sys.platform != "win32":
        import pwd

        try:
            return pwd.getpwuid(os.getuid()).pw_name
        except KeyError:  # no passwd entry in some containers
            pass
    return "unknown"


def _host() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "unknown")


def _holder_note(clock: Clock) -> dict[str, object]:
    return {
        "user": _user(),
        "host": _host(),
        "pid": os.getpid(),
        "since": clock().astimezone(UTC).isoformat(timespec="seconds"),
    }


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class WriteLock:
    def __init__(self, database_path: Path, *, clock: Clock) -> None:
        self.database_path = database_path
        self._clock = clock
        self.lock_path = database_path.with_name(database_path.name + ".lock")
        self.note_path = database_path.with_name(database_path.name + ".lock-holder")
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock now or raise DatabaseLocked naming the holder; never waits."""
        if self._handle is not None:
            return
        try:
            handle = open(self.lock_path, "a+b")  # noqa: SIM115 - held open for the lock's life
        except OSError as exc:
            raise DatabaseUnavailable(path=str(self.database_path), detail=str(exc)) from exc
        try:
            locked = _try_lock(handle)
        except OSError as exc:  # a file system without locks (some network shares)
            handle.close()
            raise DatabaseUnavailable(path=str(self.database_path), detail=str(exc)) from exc
        if not locked:
            handle.close()
            raise DatabaseLocked(path=str(self.database_path), **self.holder())
        self._handle = handle
        note = json.dumps(_holder_note(self._clock)).encode("utf-8")
        # The note only tells the next person who has the file; a full disk must not turn a
        # lock we hold into one nobody can release.
        with contextlib.suppress(OSError):
            write_atomic(self.note_path, note)

    def holder(self) -> dict[str, object]:
        try:
            note = json.loads(self.note_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            note = None
        if not isinstance(note, dict):
            return {"user": "unknown", "host": "unknown", "pid": "?", "since": "?"}
        return {key: note.get(key, "?") for key in ("user", "host", "pid", "since")}

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self.note_path.unlink()
        # Closing the handle releases the OS lock.
        self._handle.close()
        self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None
