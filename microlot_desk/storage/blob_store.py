"""Photos and documents on disk, each stored once under its SHA-256:
DATA/evidence/ab/abcdef… (the first two hex digits as a folder, so no folder grows huge).

`put` writes the bytes to a temporary file beside the final name, flushes and fsyncs it, renames
it into place and fsyncs the folder — all before the caller commits the row that points to it,
so a committed row never points at a missing or half-written file. A file already there is
checked against its hash and rewritten if damaged. Reads verify the hash too.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from microlot_desk.atomic_files import write_atomic

# Evidence is read by anyone who may read the data folder, written only by the app.
STORED_FILE_MODE = 0o644
# Thumbnails and other caches made from stored files, in their own folder of the store.
DERIVED_FOLDER = "derived"

_HEX = re.compile(r"^[0-9a-f]{64}$")


class BlobMissing(Exception):
    def __init__(self, sha256: str) -> None:
        super().__init__(sha256)
        self.sha256 = sha256


class BlobDamaged(Exception):
    def __init__(self, sha256: str, found: str) -> None:
        super().__init__(sha256)
        self.sha256 = sha256
        self.found = found


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if not _HEX.match(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store `data` durably; return its SHA-256."""
        digest = sha256_of(data)
        target = self.path(digest)
        if target.is_file() and self._intact(target, digest):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, STORED_FILE_MODE)
        return digest

    def read(self, sha256: str) -> bytes:
        """The stored bytes; BlobMissing or BlobDamaged when they are not what was stored."""
        target = self.path(sha256)
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            raise BlobMissing(sha256) from None
        found = sha256_of(data)
        if found != sha256:
            raise BlobDamaged(sha256, found)
        return data

    def verify(self, sha256: str) -> str:
        """ "ok", "missing" or "damaged" (streamed, so a large file is not read whole). Anything
        but a regular file in its place (a link, a device, a pipe) is damaged and never read: a
        link to /dev/zero would be hashed for ever, one to a file elsewhere can change."""
        target = self.path(sha256)
        try:
            found = os.lstat(target)
        except FileNotFoundError:
            return "missing"
        if not stat.S_ISREG(found.st_mode):
            return "damaged"
        return "ok" if self._intact(target, sha256) else "damaged"

    def derived_path(self, name: str) -> Path:
        """Where a derived file (a thumbnail) may be cached: re-creatable, never evidence."""
        return self.root / DERIVED_FOLDER / name

    def put_derived(self, name: str, data: bytes) -> Path:
        target = self.derived_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, STORED_FILE_MODE)
        return target

    @staticmethod
    def _intact(path: Path, sha256: str) -> bool:
        digest = hashlib.sha256()
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(descriptor, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256
