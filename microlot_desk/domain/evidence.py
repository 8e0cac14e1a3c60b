"""Evidence attached to a lot, its producer, one of its plots or one of its custody events:
photos and documents, stored once by content hash.

The type of a file is decided by its first bytes (magic numbers), never by its name: JPEG, PNG
and WebP for photos, PDF for documents. TIFF is not accepted (its decoders have the longest
history of security holes, and phones and scanners also give JPEG or PDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from microlot_desk.domain.geo_math import Position, distance_m, distance_to_ring_m, inside_ring

# The largest file attached as evidence, in MB: a station's setting (evidence_max_mb). The
# default fits a phone's photo and a scanned Q report many times over; the bounds keep it a
# size an old laptop can decode and hash.
DEFAULT_EVIDENCE_MAX_MB = 50
EVIDENCE_MAX_MB_RANGE = (1, 1024)


class EvidenceKind(StrEnum):
    PHOTO = "photo"  # of the lot, the farm, the drying beds … (a plot photo when on a plot)
    PORTRAIT = "portrait"  # the producer
    DOCUMENT = "document"  # anything else on paper
    Q_REPORT = "q_report"  # a third-party Q-grader report
    CUPPING_SHEET = "cupping_sheet"  # a scan or photo of a paper cupping sheet


class TargetType(StrEnum):
    LOT = "lot"
    PRODUCER = "producer"
    PLOT = "plot"
    EVENT = "event"


class MediaType(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"
    PDF = "application/pdf"

    @property
    def is_image(self) -> bool:
        return self is not MediaType.PDF

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
            self.value, "pdf"
        )


# Which kinds accept which files: a portrait or a photo is a picture; paper may be either.
IMAGE_ONLY = frozenset({EvidenceKind.PHOTO, EvidenceKind.PORTRAIT})


def sniff(head: bytes) -> MediaType | None:
    """The media type from the first bytes, or None for anything not accepted."""
    if head.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return MediaType.WEBP
    if head.lstrip(b"\x00\t\n\r ")[:5] == b"%PDF-":
        return MediaType.PDF
    return None


@dataclass(frozen=True)
class GpsPosition:
    lat: Decimal
    lon: Decimal

    def position(self) -> Position:
        return float(self.lon), float(self.lat)


@dataclass(frozen=True)
class Attachment:
    id: str
    sha256: str
    kind: EvidenceKind
    media_type: MediaType
    size_bytes: int
    target_type: TargetType
    target_id: str
    name: str = ""
    caption: str = ""
    gps: GpsPosition | None = None
    added_at: str = ""
    updated_at: str = ""
    updated_by: str = ""


class GpsFit(StrEnum):
    INSIDE = "inside"  # inside the plot's polygon
    NEAR = "near"  # within the allowed distance of the plot's point or outline
    ELSEWHERE = "elsewhere"  # further away than allowed
    NO_GPS = "no_gps"  # the photo carries no position
    NO_GEOMETRY = "no_geometry"  # the plot has no recorded location


@dataclass(frozen=True)
class GpsCheck:
    fit: GpsFit
    distance_m: int | None = None
    plot_id: str = ""


def check_photo_position(
    gps: GpsPosition | None,
    plots: Sequence[tuple[str, dict[str, object] | None]],
    allowed_m: int,
) -> GpsCheck:
    """Where a photo was taken against the plots it may show (id, GeoJSON geometry): the best
    fit over them (inside beats near beats elsewhere)."""
    if gps is None:
        return GpsCheck(GpsFit.NO_GPS)
    best: GpsCheck | None = None
    for plot_id, geometry in plots:
        check = _against(gps.position(), plot_id, geometry, allowed_m)
        if check is None:
            continue
        if best is None or _rank(check) < _rank(best):
            best = check
    return best or GpsCheck(GpsFit.NO_GEOMETRY)


def _rank(check: GpsCheck) -> tuple[int, int]:
    order = {GpsFit.INSIDE: 0, GpsFit.NEAR: 1, GpsFit.ELSEWHERE: 2}
    return order.get(check.fit, 3), check.distance_m or 0


def _against(
    point: Position, plot_id: str, geometry: dict[str, object] | None, allowed_m: int
) -> GpsCheck | None:
    if not isinstance(geometry, dict):
        return None
    coordinates = geometry.get("coordinates")
    try:
        if geometry.get("type") == "Point" and isinstance(coordinates, list):
            distance = distance_m(point, (float(coordinates[0]), float(coordinates[1])))
        elif geometry.get("type") == "Polygon" and isinstance(coordinates, list):
            ring = [(float(p[0]), float(p[1])) for p in coordinates[0]]
            if inside_ring(point, ring):
                return GpsCheck(GpsFit.INSIDE, 0, plot_id)
            distance = distance_to_ring_m(point, ring)
        else:
            return None
    except (TypeError, ValueError, IndexError):
        return None
    fit = GpsFit.NEAR if distance <= allowed_m else GpsFit.ELSEWHERE
    return GpsCheck(fit, round(distance), plot_id)
