"""The station's Ed25519 key pair, in `DATA/station-key.pem` beside the database (PKCS #8, owner
read and write only).

Made once, the first time it is asked for, and never replaced: a key that cannot be read is
refused with the reason, not silently made again, since a new key is a new station to everyone who
trusted the old one. Two processes starting at once cannot end with two keys: the new key is
written to a private temporary file and linked into place, which fails if another got there
first (its key is then the one read). Links are refused (O_NOFOLLOW); permissions wider than the
owner's are narrowed on reading.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from microlot_desk.atomic_files import temporary_beside, write_atomic
from microlot_desk.errors import StationKeyUnusable
from microlot_desk.storage.disk_faults import faults_told

KEY_NAME = "station-key.pem"
KEY_MODE = 0o600
MAX_KEY_BYTES = 4096  # a PEM Ed25519 key is 119 bytes

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# cryptography is imported inside the functions that use it: it costs about 80 ms, and the
# backups module (which copies the key file) is loaded on paths that never sign anything.


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_NAME


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The key in `path`, made there first if there is none."""
    try:
        return load_key(path)
    except FileNotFoundError:
        pass
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with faults_told(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = temporary_beside(path)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_MODE)
        try:
            with open(descriptor, "wb") as stream:
                stream.write(pem)
                stream.flush()
                os.fsync(stream.fileno())
            with contextlib.suppress(FileExistsError):  # another process made one first
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    return load_key(path)


def load_key(path: Path) -> Ed25519PrivateKey:
    """The key in `path`; FileNotFoundError when there is none, StationKeyUnusable when the
    file is not a key (or not a plain file)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StationKeyUnusable(path=str(path), detail=error.strerror or str(error)) from None
    with open(descriptor, "rb") as stream:
        found = os.fstat(stream.fileno())
        if not stat.S_ISREG(found.st_mode):
            raise StationKeyUnusable(path=str(path), detail="not a plain file")
        if found.st_mode & 0o077:
            with contextlib.suppress(OSError):
                os.fchmod(stream.fileno(), KEY_MODE)
        data = stream.read(MAX_KEY_BYTES + 1)
    if len(data) > MAX_KEY_BYTES:
        raise StationKeyUnusable(path=str(path), detail="far larger than a key")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise StationKeyUnusable(path=str(path), detail=str(error) or "not a key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise StationKeyUnusable(path=str(path), detail="not an Ed25519 key")
    return key


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    """The raw 32-byte public key (what a fingerprint is made from)."""
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def ensure_station_key(data_dir: Path) -> Path:
    """Make the station's key on first start (nothing when it has one); its path."""
    path = key_path(data_dir)
    load_or_create_key(path)
    return path


def key_copy_of(backup: Path) -> Path:
    """Where a backup keeps its copy of the key: `<backup name>.station-key.pem` beside it."""
    return backup.with_name(f"{backup.stem}.{KEY_NAME}")


def copy_key_beside(data_dir: Path, backup: Path) -> Path | None:
    """Copy the station's key next to a backup just written (owner-only, atomic), so a restore
    onto a new laptop keeps the station's identity; None when there is no usable key yet."""
    source = key_path(data_dir)
    try:
        load_key(source)  # only a real key is copied
        pem = source.read_bytes()
    except (FileNotFoundError, StationKeyUnusable):
        return None
    target = key_copy_of(backup)
    write_atomic(target, pem, KEY_MODE)
    return target


def restore_key_from(backup: Path, data_dir: Path) -> Path | None:
    """After a restore into a data folder that has no key (a new laptop): the key copied beside
    the backup becomes the station's, so it stays the same station. A folder that has a key
    keeps it (never replaced, see the module). Returns the key put in place, if any."""
    target = key_path(data_dir)
    copy = key_copy_of(backup)
    if target.exists() or target.is_symlink():
        return None
    try:
        load_key(copy)
        pem = copy.read_bytes()
    except (FileNotFoundError, StationKeyUnusable):
        return None
    write_atomic(target, pem, KEY_MODE)
    return target
