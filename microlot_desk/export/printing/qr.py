"""QR codes and what they carry.

Payload formats (ASCII, fields separated by "|", which a lot code can never contain: codes are
`[A-Z0-9][A-Z0-9._-]{1,31}`):

    MLD1|<lot code>|<lot UUID>|<sheet digest>    on a provenance sheet: the digest is the
                                                 64-hex SHA-256 printed in its footer
    MLD1|<lot code>|<lot UUID>                   on a bag or bowl label for a lot
    MLB1|<blind code>                            on a blind-session label: nothing else, so
                                                 the label reveals nothing about the lot

`parse_payload` reads any of them back (for a scanner in the app, and for the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

LOT_PREFIX = "MLD1"
BLIND_PREFIX = "MLB1"


@dataclass(frozen=True)
class QrPayload:
    """What a scanned code says: a lot (code, UUID, optional digest) or only a blind code."""

    code: str
    lot_id: str = ""
    digest: str = ""
    blind: bool = False


def lot_payload(code: str, lot_id: str, digest: str = "") -> str:
    fields = [LOT_PREFIX, code, lot_id] + ([digest] if digest else [])
    if any("|" in item for item in fields):
        raise ValueError("a QR field may not contain '|'")
    return "|".join(fields)


def blind_payload(blind_code: str) -> str:
    if "|" in blind_code:
        raise ValueError("a QR field may not contain '|'")
    return f"{BLIND_PREFIX}|{blind_code}"


def parse_payload(text: str) -> QrPayload:
    """Read a payload made by lot_payload or blind_payload; ValueError for anything else."""
    parts = text.strip().split("|")
    if parts[0] == LOT_PREFIX and len(parts) in (3, 4) and all(parts[1:]):
        return QrPayload(parts[1], parts[2], parts[3] if len(parts) == 4 else "")
    if parts[0] == BLIND_PREFIX and len(parts) == 2 and parts[1]:
        return QrPayload(parts[1], blind=True)
    raise ValueError(f"not a microlot_desk QR payload: {text[:80]!r}")


def qr_widget(payload: str, size: float, x: float = 0, y: float = 0) -> QrCodeWidget:
    """The code as a square `size` points wide at (x, y), quiet zone (4 modules) included.
    Level M: survives a smudge or a fold on a bag."""
    return QrCodeWidget(payload, barLevel="M", barBorder=4, barWidth=size, barHeight=size, x=x, y=y)


def qr_drawing(payload: str, size: float) -> Drawing:
    """qr_widget in a Drawing of its own, to place as a flowable."""
    drawing = Drawing(size, size)
    drawing.add(qr_widget(payload, size))
    return drawing
