"""Files in the evidence store that no row names ("strays"), and moving them aside.

BlobStore.put writes a file before the row that points to it is committed, so a kill or a power
cut in between (the demo's one long transaction, an attachment, a photo a window prepared but
never attached) leaves a whole file that nothing points to. Such a file is not damage and not
evidence of anything the database holds; it is listed, and on request moved into a quarantine
folder beside the store, DATA/evidence-quarantine/<UTC stamp>/, at the same place relative to the
store. Nothing here deletes a file, and no file a row names is ever moved.

Not strays: the derived folder (thumbnails are caches made again on demand; a thumbnail whose
original is gone is silently ignored, never reported or moved), and the temporary files of a
write in progress or cut off (`.<name>.<12 hex>.part`, see atomic_files), which the next start
after an unclean stop removes. Anything else is a stray: a file under a name the store never
uses, in the wrong folder, a symbolic link (listed and moved as the link, never followed or read).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from microlot_desk.atomic_files import is_temporary, sync_folder
from microlot_desk.clock import Clock, file_stamp
from microlot_desk.storage.blob_store import DERIVED_FOLDER, BlobStore

QUARANTINE_FOLDER = "evidence-quarantine"


@dataclass(frozen=True)
class MovedFile:
    """A stray file moved from `source` (in the store) to `target` (in the quarantine)."""

    source: Path
    target: Path


def stray_files(store: BlobStore, known: Collection[str]) -> list[Path]:
    """Every file in the store that is not at the place of one of the `known` SHA-256s, sorted.
    Nothing is opened or read: a planted link to a device costs no more than a file."""
    expected = set()
    for sha256 in known:
        try:
            expected.add(store.path(sha256))
        except ValueError:  # not a SHA-256: it names no place in the store
            continue
    return sorted(path for path in _files_under(store.root) if path not in expected)


def quarantine_folder(store: BlobStore, clock: Clock) -> Path:
    """Where a repair at this moment moves the strays: DATA/evidence-quarantine/<UTC stamp>."""
    return store.root.with_name(QUARANTINE_FOLDER) / file_stamp(clock)


def move_aside(store: BlobStore, strays: list[Path], destination: Path) -> list[MovedFile]:
    """Move each stray (a path inside the store) under `destination`, keeping its place relative
    to the store; a `destination` already there gets a fresh sibling, so nothing is overwritten.
    Every folder is made before the first file moves (a full disk stops it before anything
    moved); each move is a rename, so a file is always in one of the two places, whole."""
    if not strays:
        return []
    destination = _fresh(destination)
    plan = [MovedFile(path, destination / path.relative_to(store.root)) for path in strays]
    for move in plan:
        move.target.parent.mkdir(parents=True, exist_ok=True)
    for move in plan:
        os.rename(move.source, move.target)
    made = {folder for move in plan for folder in _up_to(move.target.parent, destination.parent)}
    for folder in made | {move.source.parent for move in plan}:
        sync_folder(folder)  # the new folders and both ends of every rename survive a power cut
    return plan


def _up_to(folder: Path, top: Path) -> Iterator[Path]:
    """`folder` and each folder above it, up to and including `top`."""
    yield folder
    while folder not in (top, folder.parent):
        folder = folder.parent
        yield folder


def _fresh(destination: Path) -> Path:
    candidate, number = destination, 1
    while candidate.exists():
        number += 1
        candidate = destination.with_name(f"{destination.name}-{number}")
    return candidate


def _files_under(root: Path) -> Iterator[Path]:
    """Everything but folders under `root`, symbolic links unfollowed, without the derived
    folder and the temporary files of atomic writes."""
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:  # no evidence stored yet
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                if path != root / DERIVED_FOLDER:
                    pending.append(path)
            elif not is_temporary(entry.name):
                yield path
