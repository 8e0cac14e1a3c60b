"""What a provenance sheet carries for checking it later, besides what it prints.

The PDF's keywords hold one entry `mld-sheet/1 {json}`: the QR payload (qr.lot_payload: lot
code, UUID and sheet digest), the hash of each section of the digest's canonical form
(sheet_digest.section_hashes) and the custody chain head the sheet showed. A scan or photo of
the printed page keeps only the QR code, so a check from paper can say whether the sheet
matches, but not which section differs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from microlot_desk.export.printing.qr import QrPayload, parse_payload

MARK_PREFIX = "mld-sheet/1 "


@dataclass(frozen=True)
class SheetMarks:
    payload: QrPayload
    sections: dict[str, str] = field(default_factory=dict)  # empty: read from the QR alone
    chain_events: int | None = None  # custody events the sheet showed; None: not known
    source: str = "pdf"  # "pdf" (its own data) or "qr" (the code, from a scan or photo)


def mark_text(payload: str, sections: dict[str, str], chain_events: int | None) -> str:
    body = {"qr": payload, "sections": sections, "chain_events": chain_events}
    return MARK_PREFIX + json.dumps(body, sort_keys=True, separators=(",", ":"))


def parse_marks(keywords: str) -> SheetMarks | None:
    """The marks in a PDF's keywords text; None when there are none (or they are unusable)."""
    start = keywords.find(MARK_PREFIX)
    if start < 0:
        return None
    try:
        body, _end = json.JSONDecoder().raw_decode(keywords, start + len(MARK_PREFIX))
        return _marks(body)
    except (ValueError, TypeError, KeyError, RecursionError):  # nested past any real mark
        return None


def _marks(body: Any) -> SheetMarks:
    payload = parse_payload(str(body["qr"]))
    sections = body.get("sections") or {}
    if not isinstance(sections, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in sections.items()
    ):
        raise ValueError("sections")
    events = body.get("chain_events")
    if events is not None and (not isinstance(events, int) or events < 0):
        raise ValueError("chain_events")
    return SheetMarks(payload, dict(sections), events, "pdf")
