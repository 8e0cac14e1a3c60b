"""The slow half of evidence, with no database in it, so the GUI can run it in a worker thread:
reading a chosen file (microlot_desk.user_files: a regular file only, its size capped before
and while it is read), checking it as EvidenceService.attach does (check_evidence: type by its
first bytes, a picture decoded once with the bomb guard), writing it into the content-addressed
store durably (written and fsynced: the row that points to it is committed afterwards, by
EvidenceService.attach_stored on the GUI thread, which uses this result and decodes and hashes
nothing again) and caching its thumbnail; and making the thumbnail of a stored photo. Each call
here refuses to run on the GUI thread (services.common.thread_guard).

The store is content-addressed, so a prepared file whose attach is then refused leaves nothing
but a file no row points to (kept, as removed attachments keep theirs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from microlot_desk.domain.evidence import EvidenceKind, MediaType
from microlot_desk.export.provenance.photo_files import read_gps, thumbnail, without_gps
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.provenance.evidence_service import (
    EvidenceService,
    EvidenceUnavailable,
    StoredFile,
    check_evidence,
    read_evidence_file,
)
from microlot_desk.storage.blob_store import BlobDamaged, BlobMissing, BlobStore


@dataclass(frozen=True)
class PreparedFile:
    """A file checked and stored, ready for EvidenceService.attach_stored(stored=...)."""

    name: str
    stored: StoredFile


def _thumb_name(sha256: str) -> str:
    return f"{sha256}_thumb.jpg"  # the name EvidenceService.thumbnail caches under


class EvidenceFiles:
    def __init__(self, store: BlobStore, *, read_only: bool = False) -> None:
        self._store = store
        self._read_only = read_only

    @classmethod
    def of(cls, evidence: EvidenceService, *, read_only: bool) -> EvidenceFiles:
        """The files behind an EvidenceService (its store under DATA/evidence)."""
        return cls(evidence.store, read_only=read_only)

    def prepare(self, path: Path, kind: EvidenceKind, *, max_bytes: int) -> PreparedFile:
        """Read, check and store a file chosen to be attached (at most `max_bytes`:
        EvidenceService.max_bytes). EvidenceRefused or InputFileRefused says why not; nothing
        is stored then."""
        require_worker_thread("reading, decoding and hashing a file to attach")
        data = read_evidence_file(path, max_bytes=max_bytes)
        media = check_evidence(data, kind, max_bytes=max_bytes)
        gps = read_gps(data) if media.is_image else None
        sha256 = self._store.put(data) if not self._read_only else ""
        if media.is_image and not self._read_only:
            self._store.put_derived(_thumb_name(sha256), thumbnail(data).jpeg)
        return PreparedFile(path.name, StoredFile(sha256, len(data), media, gps))

    def read(self, sha256: str) -> bytes:
        """The stored bytes, verified against the hash (EvidenceUnavailable otherwise)."""
        require_worker_thread("reading and hashing a stored file")
        try:
            return self._store.read(sha256)
        except BlobMissing:
            raise EvidenceUnavailable(sha256=sha256, state="missing") from None
        except BlobDamaged:
            raise EvidenceUnavailable(sha256=sha256, state="damaged") from None

    def shareable(self, sha256: str, media_type: MediaType) -> bytes:
        """The file to give away: a photo without its GPS position; a PDF as it is."""
        data = self.read(sha256)
        return without_gps(data) if media_type.is_image else data

    def thumbnail(self, sha256: str) -> bytes:
        """A small upright JPEG of a stored photo (cached beside the store; made again if
        lost). EvidenceUnavailable when the stored file is missing or damaged."""
        require_worker_thread("making a photo's thumbnail")
        cached = self._store.derived_path(_thumb_name(sha256))
        if cached.is_file():
            return cached.read_bytes()
        made = thumbnail(self.read(sha256)).jpeg
        if not self._read_only:
            self._store.put_derived(_thumb_name(sha256), made)
        return made
