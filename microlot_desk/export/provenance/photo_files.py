"""Photos as evidence: checking an untrusted picture, reading where it was taken, a thumbnail,
and a copy safe to share (without its GPS position). Bytes in, data or bytes out.

Only the formats sniffed by domain.evidence are opened (JPEG, PNG, WebP), with Pillow's
decompression-bomb warning turned into an error and a pixel cap checked from the header before
anything is decoded. The EXIF GPS block (ExifTags.IFD.GPSInfo) holds degrees, minutes and
seconds as rationals with N/S and E/W references.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from PIL import ExifTags

from microlot_desk.domain.evidence import GpsPosition
from microlot_desk.export.printing.sheet_images import (
    Thumbnail,
    make_thumbnail,
    opened_image,
)

THUMBNAIL_PX = 320
_GPS = ExifTags.IFD.GPSInfo
_LAT_REF, _LAT, _LON_REF, _LON = 1, 2, 3, 4


def check_photo(data: bytes) -> tuple[int, int]:
    """Decode the whole picture once (a truncated or hostile file fails here, before it is
    stored); return its size in pixels. UnreadableImage otherwise."""
    with opened_image(data) as image:
        size = image.size
        image.load()  # a decoding error here also comes out as UnreadableImage
    return size


def thumbnail(data: bytes, max_side_px: int = THUMBNAIL_PX) -> Thumbnail:
    """An upright JPEG thumbnail (EXIF orientation applied)."""
    return make_thumbnail(data, max_side_px)


def _degrees(value: Any) -> Decimal:
    if isinstance(value, tuple | list) and len(value) == 3:
        d, m, s = (Decimal(str(float(part))) for part in value)
        return d + m / 60 + s / 3600
    return Decimal(str(float(value)))


def read_gps(data: bytes) -> GpsPosition | None:
    """Where the photo was taken, from its EXIF GPS block; None when it has none or it is
    unreadable (a photo without a position is still evidence)."""
    with opened_image(data) as image:
        try:
            gps = image.getexif().get_ifd(_GPS)
        except (OSError, ValueError, SyntaxError, KeyError):
            return None
    try:
        lat, lon = _degrees(gps[_LAT]), _degrees(gps[_LON])
        lat_ref = str(gps.get(_LAT_REF, "N")).strip().upper()[:1]
        lon_ref = str(gps.get(_LON_REF, "E")).strip().upper()[:1]
    except (KeyError, TypeError, ValueError, ZeroDivisionError, ArithmeticError):
        return None
    if lat_ref == "S":
        lat = -lat
    if lon_ref == "W":
        lon = -lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return GpsPosition(lat.quantize(Decimal("0.0000001")), lon.quantize(Decimal("0.0000001")))


def without_gps(data: bytes) -> bytes:
    """A copy of the photo to share: the EXIF GPS block removed, everything else kept as far
    as the format allows (a JPEG is re-encoded at high quality). A photo with no EXIF GPS is
    returned unchanged."""
    with opened_image(data) as image:
        exif = image.getexif()
        if _GPS not in exif and not exif.get_ifd(_GPS):
            return data
        del exif[_GPS]
        fmt = image.format or "JPEG"
        out = io.BytesIO()
        options: dict[str, Any] = {"exif": exif.tobytes()}
        if fmt == "JPEG":
            options.update(quality=95, subsampling="keep" if image.mode != "P" else 0)
            image.save(out, format="JPEG", **options)
        else:
            image.save(out, format=fmt, **options)
    return out.getvalue()
