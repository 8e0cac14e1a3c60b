"""Writing a file so that it is either the whole new content or not there at all.

The bytes go to a temporary file in the same folder (same file system, so the rename is atomic),
are flushed and fsynced, and only then replace the final name; the folder is fsynced so the
rename itself survives a power cut. Any failure removes the temporary file and leaves whatever
was under the final name before untouched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file to write into; it becomes `path` only if the block succeeds."""
    folder = path.parent
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.part"
    # 0o666 less the umask, as for any file the user creates (tempfile would make it 0o600).
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.fdopen(os.open(temporary, flags, 0o666), "wb")
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (see module docstring)."""
    with atomic_output(path) as handle:
        handle.write(data)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; MoveFileEx is durable enough
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
