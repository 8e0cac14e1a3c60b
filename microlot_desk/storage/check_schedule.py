"""When the database file last passed a full check, kept beside it, so a full check can run on a
schedule instead of on every open.

The note (`<db>.checked`) names the moment and the file's inode: a file restored, copied or
replaced by anything (a backup restore, a sync tool, a user's file manager) has another inode,
so the note no longer applies and the next open checks it fully. The note is never a record: it
is not in backups, and losing it only costs one full check.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime, timedelta
from pathlib import Path

from microlot_desk.atomic_files import write_atomic
from microlot_desk.clock import Clock, stamp

FULL_CHECK_EVERY = timedelta(days=7)


def check_note(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def full_check_due(path: Path, clock: Clock) -> bool:
    """True unless `path` passed a full check less than FULL_CHECK_EVERY ago (by `clock`) and is
    still the same file."""
    try:
        note = json.loads(check_note(path).read_text(encoding="utf-8"))
        checked_at = datetime.fromisoformat(note["checked_at"])
        same_file = note["inode"] == path.stat().st_ino
    except (OSError, ValueError, KeyError, TypeError):
        return True
    if not same_file or checked_at.tzinfo is None:
        return True
    age = clock() - checked_at
    # A note from the future (a clock set wrong, then put right) does not put the check off.
    return not timedelta(0) <= age < FULL_CHECK_EVERY


def record_full_check(path: Path, clock: Clock) -> None:
    """Remember that `path` passed a full check now. A folder that cannot take the note (full or
    read-only) only means the next open checks again."""
    note = {"checked_at": stamp(clock), "inode": path.stat().st_ino}
    with contextlib.suppress(OSError):
        write_atomic(check_note(path), json.dumps(note).encode())


def forget_full_check(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(check_note(path))
