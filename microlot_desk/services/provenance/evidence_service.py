"""Evidence: photos and documents attached to a lot, a producer, a plot or a custody event.

attach() checks the file (type by its first bytes, size caps, a picture decoded once with the
bomb guard), reads a photo's GPS position, writes the file into the content-addressed store
and fsyncs it, and only then commits the row pointing to it — one transaction that also
refreshes the verdict of every lot the target belongs to. The same file attached twice is
stored once. The GUI does the slow half in a worker (EvidenceFiles.prepare: decode, hash,
store) and then records it with attach_stored(), which decodes and hashes nothing.
Removing an attachment leaves a tombstone (the file stays: other rows, or a bundle sent
earlier, may point to it).

Everything here that decodes a picture or hashes a file calls require_worker_thread() first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.evidence import (
    IMAGE_ONLY,
    Attachment,
    EvidenceKind,
    GpsCheck,
    GpsPosition,
    MediaType,
    TargetType,
    check_photo_position,
    sniff,
)
from microlot_desk.domain.lot_changes import new_id
from microlot_desk.domain.lot_fields import BadValue, clean_name, clean_text
from microlot_desk.errors import (
    FieldError,
    InputFileRefused,
    KnownError,
    NotFound,
    ValidationFailed,
)
from microlot_desk.export.printing.sheet_images import UnreadableImage
from microlot_desk.export.provenance.photo_files import read_gps, thumbnail, without_gps
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.common.verdict_settings import load_verdict_settings
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.blob_store import BlobDamaged, BlobMissing, BlobStore
from microlot_desk.storage.evidence_repository import EvidenceRepository
from microlot_desk.storage.evidence_strays import stray_files
from microlot_desk.user_files import read_user_file

EVIDENCE_FOLDER = "evidence"


class EvidenceRefused(KnownError):
    """A file was not accepted as evidence; `reason`: unknown_type (not JPEG, PNG, WebP or
    PDF), too_large (`max` bytes), unreadable_image, wrong_kind (a photo or portrait must be
    a picture), empty."""

    code = "evidence_refused"


def read_evidence_file(path: Path | str, *, max_bytes: int) -> bytes:
    """A file chosen to be attached, read by the rules of microlot_desk.user_files; a file over
    the station's limit is refused as evidence too large (the message names the setting)."""
    try:
        return read_user_file(path, max_bytes=max_bytes)
    except InputFileRefused as refused:
        if refused.params.get("reason") == "too_large":
            raise EvidenceRefused(reason="too_large", max=max_bytes) from None
        raise


def check_evidence(data: bytes, kind: EvidenceKind, *, max_bytes: int) -> MediaType:
    """The file's type when it may be attached as `kind`; EvidenceRefused says why not (empty,
    too large, not a picture or PDF, a picture that cannot be decoded safely)."""
    if not data:
        raise EvidenceRefused(reason="empty")
    if len(data) > max_bytes:
        raise EvidenceRefused(reason="too_large", max=max_bytes)
    media = sniff(data[:64])
    if media is None:
        raise EvidenceRefused(reason="unknown_type")
    if kind in IMAGE_ONLY and not media.is_image:
        raise EvidenceRefused(reason="wrong_kind", kind=kind.value)
    if media.is_image:
        from microlot_desk.export.provenance.photo_files import check_photo

        try:
            check_photo(data)
        except UnreadableImage as error:
            raise EvidenceRefused(reason="unreadable_image", detail=str(error)) from None
    return media


class EvidenceUnavailable(KnownError):
    """A stored file is missing or no longer matches its hash (`state`: missing, damaged)."""

    code = "evidence_unavailable"


def evidence_root(database_path: Path) -> Path:
    """DATA/evidence beside the database (AppPaths.evidence for the app's own data folder)."""
    return database_path.parent / EVIDENCE_FOLDER


@dataclass(frozen=True)
class StoredFile:
    """A file already checked and in the store, as EvidenceFiles.prepare leaves it."""

    sha256: str
    size_bytes: int
    media_type: MediaType
    gps: GpsPosition | None


@dataclass(frozen=True)
class StoredProblem:
    """A stored file that `db check` found missing or damaged, and what points to it."""

    sha256: str
    state: str


class EvidenceService:
    def __init__(self, lots: LotService, root: Path | None = None, clock: Clock | None = None):
        self._lots = lots
        self._database = lots.database
        self._repo = EvidenceRepository(self._database)
        self.store = BlobStore(root or evidence_root(self._database.path))
        self._clock = clock or lots.clock

    def max_bytes(self) -> int:
        """The largest file this station accepts as evidence (its evidence_max_mb setting);
        read on the thread that owns the database, before a worker reads the file."""
        return self._lots.station.evidence_max_bytes

    # ---- reading -------------------------------------------------------------------------

    def of_lot(self, lot_id: str) -> tuple[Attachment, ...]:
        """Everything attached to the lot, its producer, its plots and its custody events."""
        return self._repo.of_lot(lot_id)

    def get(self, attachment_id: str) -> Attachment:
        return self._repo.get(attachment_id)

    def read(self, attachment_id: str) -> bytes:
        """The file's bytes, verified against its SHA-256 (EvidenceUnavailable otherwise)."""
        require_worker_thread("reading and hashing a stored file")
        return self._read(self._repo.get(attachment_id).sha256)

    def thumbnail(self, attachment_id: str) -> bytes:
        """A small upright JPEG of a photo (cached beside the store; made again if lost)."""
        require_worker_thread("making a photo's thumbnail")
        attachment = self._repo.get(attachment_id)
        if not attachment.media_type.is_image:
            raise EvidenceRefused(reason="wrong_kind", kind=attachment.kind.value)
        name = f"{attachment.sha256}_thumb.jpg"
        cached = self.store.derived_path(name)
        if cached.is_file():
            return cached.read_bytes()
        data = thumbnail(self._read(attachment.sha256)).jpeg
        if not self._database.read_only:
            self.store.put_derived(name, data)
        return data

    def shareable(self, attachment_id: str) -> bytes:
        """The file to send to someone: a photo without its GPS position; a PDF as it is."""
        require_worker_thread("copying a stored file without its GPS")
        attachment = self._repo.get(attachment_id)
        data = self._read(attachment.sha256)
        return without_gps(data) if attachment.media_type.is_image else data

    def photo_position(self, attachment_id: str) -> GpsCheck:
        """Where a photo was taken against the plots it may show: inside, near (within the
        configured distance), elsewhere, no GPS, or no plot location to compare with."""
        attachment = self._repo.get(attachment_id)
        distance = load_verdict_settings(self._database).photo_distance_m
        plots: list[tuple[str, dict[str, object] | None]] = []
        for lot_id in self._repo.lots_of_target(attachment.target_type, attachment.target_id):
            lot = self._lots.get(lot_id)
            for plot in lot.plots:
                if attachment.target_type is TargetType.PLOT and plot.id != attachment.target_id:
                    continue
                plots.append((plot.id, plot.geometry))
        return check_photo_position(attachment.gps, plots, distance)

    def verify_store(self) -> list[StoredProblem]:
        """Every stored file that a live attachment points to, checked against its hash."""
        require_worker_thread("hashing every stored file")
        problems = []
        for sha256, _ in self._repo.files():
            state = self.store.verify(sha256)
            if state != "ok":
                problems.append(StoredProblem(sha256, state))
        return problems

    def stray_files(self) -> list[Path]:
        """Every file in the store that no row names, by its path (see storage/evidence_strays:
        thumbnails and the temporary files of a write are not strays). Reads no file."""
        require_worker_thread("listing every stored file")
        return stray_files(self.store, self._repo.known_files())

    # ---- writing -------------------------------------------------------------------------

    def attach(
        self,
        target_type: TargetType,
        target_id: str,
        data: bytes,
        *,
        kind: EvidenceKind,
        name: str = "",
        caption: str = "",
    ) -> Attachment:
        """Store a file and attach it; EvidenceRefused (nothing written) when it is not
        acceptable, NotFound for an unknown target, ValidationFailed for a bad name/caption."""
        require_worker_thread("decoding and hashing a file to attach")
        media = check_evidence(data, kind, max_bytes=self.max_bytes())
        texts = self._texts(name, caption)
        gps = read_gps(data) if media.is_image else None
        with self._database.write():
            if not self._repo.target_exists(target_type, target_id):
                raise NotFound(kind=target_type.value, key=target_id)
            digest = self.store.put(data)  # on disk and fsynced before the row commits
            return self._record(target_type, target_id, digest, len(data), media, gps, kind, texts)

    def attach_stored(
        self,
        target_type: TargetType,
        target_id: str,
        stored: StoredFile,
        *,
        kind: EvidenceKind,
        name: str = "",
        caption: str = "",
    ) -> Attachment:
        """Attach a file a worker has already checked and stored (EvidenceFiles.prepare):
        one short transaction, nothing decoded or hashed again. EvidenceRefused when the file
        is no longer in the store or is not a picture for a picture kind; NotFound and
        ValidationFailed as attach()."""
        if kind in IMAGE_ONLY and not stored.media_type.is_image:
            raise EvidenceRefused(reason="wrong_kind", kind=kind.value)
        texts = self._texts(name, caption)
        with self._database.write():
            if not self._repo.target_exists(target_type, target_id):
                raise NotFound(kind=target_type.value, key=target_id)
            if not self.store.exists(stored.sha256):
                raise EvidenceUnavailable(sha256=stored.sha256, state="missing")
            return self._record(
                target_type,
                target_id,
                stored.sha256,
                stored.size_bytes,
                stored.media_type,
                stored.gps,
                kind,
                texts,
            )

    def _record(
        self,
        target_type: TargetType,
        target_id: str,
        digest: str,
        size: int,
        media: MediaType,
        gps: GpsPosition | None,
        kind: EvidenceKind,
        texts: tuple[str, str],
    ) -> Attachment:
        """The rows of a stored file's attachment (inside write()), and the verdicts after."""
        now = stamp(self._clock)
        self._repo.register_file(digest, size, media, now)
        attachment = Attachment(
            id=new_id(),
            sha256=digest,
            kind=kind,
            media_type=media,
            size_bytes=size,
            target_type=target_type,
            target_id=target_id,
            name=texts[0],
            caption=texts[1],
            gps=gps,
            added_at=now,
            updated_at=now,
            updated_by=self._lots.station.station_id,
        )
        self._repo.insert(attachment)
        self._lots.verdicts.refresh(self._repo.lots_of_target(target_type, target_id))
        return attachment

    def remove(self, attachment_id: str) -> None:
        """Tombstone an attachment (the stored file is kept)."""
        with self._database.write():
            attachment = self._repo.get(attachment_id)
            now = {"updated_at": stamp(self._clock), "updated_by": self._lots.station.station_id}
            self._repo.tombstone(attachment_id, now)
            lots = self._repo.lots_of_target(attachment.target_type, attachment.target_id)
            self._lots.verdicts.refresh(lots)

    # ---- helpers -------------------------------------------------------------------------

    def _read(self, sha256: str) -> bytes:
        try:
            return self.store.read(sha256)
        except BlobMissing:
            raise EvidenceUnavailable(sha256=sha256, state="missing") from None
        except BlobDamaged:
            raise EvidenceUnavailable(sha256=sha256, state="damaged") from None

    @staticmethod
    def _texts(name: str, caption: str) -> tuple[str, str]:
        errors = []
        texts = []
        for field, value, limit in (("name", name, 255), ("caption", caption, 1000)):
            try:
                # The name is listed on one line and printed: held to the rules for names.
                clean = clean_name if field == "name" else clean_text
                texts.append(clean(value, max_len=limit))
            except BadValue as bad:
                errors.append(FieldError(field, bad.code, bad.params))
                texts.append("")
        if errors:
            raise ValidationFailed(errors)
        return texts[0], texts[1]
