"""One writer per database file: a lock file beside it, and a note saying who holds it.

The OS lock (filelock) is released by the kernel when a process dies, even by kill -9, so a crash
never leaves the file locked. The note is only for telling the user who has the file open.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from microlot_desk.errors import DatabaseLocked


def _holder_note() -> dict[str, object]:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        user = "unknown"
    return {
        "user": user,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }


class WriteLock:
    def __init__(self, database_path: Path) -> None:
        self.lock_path = database_path.with_name(database_path.name + ".lock")
        self.note_path = database_path.with_name(database_path.name + ".lock-holder")
        self._lock = FileLock(str(self.lock_path), timeout=0)

    def acquire(self) -> None:
        """Take the lock now or raise DatabaseLocked naming the holder; never waits."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise DatabaseLocked(
                path=str(self.lock_path.with_suffix("")), **self.holder()
            ) from None
        tmp = self.note_path.with_name(self.note_path.name + ".tmp")
        tmp.write_text(json.dumps(_holder_note()), encoding="utf-8")
        os.replace(tmp, self.note_path)

    def holder(self) -> dict[str, object]:
        try:
            note = json.loads(self.note_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"user": "unknown", "host": "unknown", "pid": "?", "since": "?"}
        return note if isinstance(note, dict) else {}

    def release(self) -> None:
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                self.note_path.unlink()
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked
