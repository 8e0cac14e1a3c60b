"""The anchors of custody chains kept outside the database (domain.custody_anchors): a log file
beside it that every printed sheet appends to, and the heads inside each backup copy.

The log, `custody-anchors.jsonl`, is one JSON object a line, only ever appended to. Each record
is written with a single `write` on a file opened for appending, so the worker processes of a
batch export can add theirs at the same time without mixing lines; a record is framed by
newlines on both sides, so a line cut off by a full disk or a kill spoils only itself. Reading
skips what does not parse. Links are refused (O_NOFOLLOW): the log is never someone else's file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from microlot_desk.domain.custody_anchors import AnchorSource, ChainAnchor
from microlot_desk.domain.custody_chain import ChainHead
from microlot_desk.errors import AnchorLogUnusable
from microlot_desk.storage.disk_faults import faults_told

ANCHOR_LOG_NAME = "custody-anchors.jsonl"
MAX_LINE_CHARS = 8192  # a record is a few hundred characters
_HASH_CHARS = frozenset("0123456789abcdef")


def anchor_log_path(database_path: Path) -> Path:
    return database_path.with_name(ANCHOR_LOG_NAME)


class AnchorLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, anchors: Iterable[ChainAnchor]) -> None:
        """Add the anchors, durably (fsynced); DiskFull or FolderReadOnly when it cannot."""
        text = "".join(f"\n{json.dumps(_record(a), ensure_ascii=False)}\n" for a in anchors)
        if not text:
            return
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        with faults_told(self.path.parent):
            descriptor = self._open(flags)
            try:
                data = text.encode("utf-8")
                written = os.write(descriptor, data)
                if written != len(data):  # a short write happens only when the disk is full
                    raise OSError(28, "No space left on device", str(self.path))
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

    def read(self) -> Iterator[ChainAnchor]:
        """Every anchor recorded, oldest first (nothing when there is no log yet)."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            descriptor = self._open(flags)
        except FileNotFoundError:
            return
        with open(descriptor, encoding="utf-8", errors="replace") as lines:
            for line in _bounded_lines(lines):
                found = _anchor(line)
                if found is not None:
                    yield found

    def _open(self, flags: int) -> int:
        """The log opened, refusing a link (O_NOFOLLOW) and anything but a regular file;
        AnchorLogUnusable for those, FileNotFoundError when there is no log yet."""
        try:
            descriptor = os.open(self.path, flags | getattr(os, "O_NONBLOCK", 0), 0o666)
        except FileNotFoundError:
            raise
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
                raise AnchorLogUnusable(path=str(self.path), detail=_why(error)) from None
            raise
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise AnchorLogUnusable(path=str(self.path), detail="not a regular file")
        return descriptor


def _why(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "it is a link"
    if error.errno == errno.EISDIR:
        return "it is a folder"
    return "not a regular file"


def heads_in_backup(path: Path, seen_at: str) -> list[ChainAnchor] | None:
    """The chain heads a backup copy holds, as anchors seen at `seen_at` (when it was taken);
    None when the copy cannot be read (damaged, or from before the custody tables)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        rows = conn.execute(
            "SELECT h.lot_id, coalesce(l.code, ''), h.count, h.head_hash"
            " FROM custody_heads h LEFT JOIN lots l ON l.id = h.lot_id"
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    return [
        ChainAnchor(
            lot_id=str(lot_id),
            code=str(code),
            head=ChainHead(int(count), str(head)),
            seen_at=seen_at,
            source=AnchorSource.BACKUP,
            file=str(path),
        )
        for lot_id, code, count, head in rows
    ]


def _bounded_lines(stream: TextIO) -> Iterator[str]:
    """The stream's lines, skipping any longer than a record can be (a planted file with no
    newline must not be read into memory whole)."""
    while True:
        line = stream.readline(MAX_LINE_CHARS)
        if not line:
            return
        if line.endswith("\n") or len(line) < MAX_LINE_CHARS:
            yield line
            continue
        while line and not line.endswith("\n"):  # the rest of the over-long line
            line = stream.readline(MAX_LINE_CHARS)


def _record(anchor: ChainAnchor) -> dict[str, object]:
    return {
        "lot": anchor.lot_id,
        "code": anchor.code,
        "count": anchor.head.count,
        "head": anchor.head.head_hash,
        "at": anchor.seen_at,
        "by": anchor.source.value,
        "file": anchor.file,
    }


def _anchor(line: str) -> ChainAnchor | None:
    """The anchor a log line records, or None for a blank, cut-off or foreign line."""
    if not line.strip():
        return None
    try:
        item = json.loads(line)
        anchor = ChainAnchor(
            lot_id=str(item["lot"]),
            code=str(item["code"]),
            head=ChainHead(int(item["count"]), str(item["head"])),
            seen_at=str(item["at"]),
            source=AnchorSource(item["by"]),
            file=str(item["file"]),
        )
    except (ValueError, TypeError, KeyError):
        return None
    head = anchor.head.head_hash
    if anchor.head.count < 0 or len(head) != 64 or not set(head) <= _HASH_CHARS:
        return None
    return anchor
