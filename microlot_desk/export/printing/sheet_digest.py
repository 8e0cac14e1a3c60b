"""The digest printed on a sheet and carried in its QR code: SHA-256 of a canonical JSON of
the facts the sheet shows, so a reader can check the paper against the sender's records.

Canonical form (format "microlot-sheet-digest/1"):
- the object below, serialised with sorted keys, no whitespace (separators "," and ":"),
  UTF-8 without escaping non-ASCII, every string NFC-normalised;
- Decimals as plain decimal strings exactly as stored ("10.80" stays "10.80"), dates ISO-8601,
  booleans and integers as JSON, absent values as null;
- `lot` is the lot exactly as `lots show --json` prints it (export.lots.lot_json);
- sections not recorded are null (which differs from an empty list);
- photos are represented by the SHA-256 of their bytes, documents by their recorded SHA-256.

Left out on purpose, so the digest is the same in every language and on every paper: labels,
hallmark evidence sentences, number formats, paper size, generation time and app version.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from microlot_desk.export.lots.lot_json import lot_to_json
from microlot_desk.export.printing.sheet_data import SheetData, SheetPhoto

DIGEST_FORMAT = "microlot-sheet-digest/2"  # 2: the custody chain head


def sheet_digest(data: SheetData) -> str:
    """Lower-case hex SHA-256 of `canonical_json(data)`."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def canonical_json(data: SheetData) -> bytes:
    return _dumps(_document(data))


def section_hashes(data: SheetData) -> dict[str, str]:
    """The first 16 hex digits of the SHA-256 of each section of the canonical form (`lot`,
    `cupping`, `custody`, ...), written into the PDF beside the digest, so a sheet that no
    longer matches the records can say which sections differ."""
    return {
        name: hashlib.sha256(_dumps(value)).hexdigest()[:16]
        for name, value in _document(data).items()
        if name != "format"
    }


def _document(data: SheetData) -> dict[str, Any]:
    return {
        "format": DIGEST_FORMAT,
        "lot": lot_to_json(data.lot, data.thresholds),
        "cupping": None if data.cupping is None else _cupping(data),
        "custody": None
        if data.custody is None
        else [
            {
                "when": step.when,
                "stage": step.stage,
                "place": step.place,
                "actor": step.actor,
                "kg_in": step.kg_in,
                "kg_out": step.kg_out,
                "note": step.note,
            }
            for step in data.custody
        ],
        "chain_head": None
        if data.chain_head is None
        else {"count": data.chain_head.count, "hash": data.chain_head.head_hash},
        "hallmarks": None
        if data.hallmarks is None
        else [{"key": line.key, "status": line.status} for line in data.hallmarks],
        "photos": [_photo(photo) for photo in data.photos],
        "portrait": None if data.portrait is None else _photo(data.portrait),
        "documents": [
            {"name": doc.name, "sha256": doc.sha256.lower(), "size_bytes": doc.size_bytes}
            for doc in data.documents
        ],
    }


def _dumps(value: Any) -> bytes:
    text = json.dumps(
        _plain(value),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )
    return text.encode("utf-8")


def _cupping(data: SheetData) -> dict[str, Any]:
    cupping = data.cupping
    assert cupping is not None
    return {
        "form_name": cupping.form_name,
        "final_score": cupping.final_score,
        "panel_size": cupping.panel_size,
        "stdev": cupping.stdev,
        "band": cupping.band,
        "sample_type": cupping.sample_type,
        "cupped_on": cupping.cupped_on,
        "cuppers": [{"name": c.name, "q_licence": c.q_licence} for c in cupping.cuppers],
        "descriptors": list(cupping.descriptors),
        "section_means": [
            {"key": m.key, "label": m.label, "mean": m.mean, "scale_max": m.scale_max}
            for m in cupping.section_means
        ],
        "third_party": cupping.third_party,
    }


def _photo(photo: SheetPhoto) -> dict[str, str]:
    return {"sha256": hashlib.sha256(photo.data).hexdigest(), "caption": photo.caption}


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
