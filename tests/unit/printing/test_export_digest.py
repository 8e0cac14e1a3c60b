"""The digest and the QR payload: the same facts give the same digest in any language, paper or
hour; any change to the facts changes it; payloads read back; bad payloads are refused."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sheet_samples import full_lot, full_sheet

from microlot_desk.export.printing.qr import blind_payload, lot_payload, parse_payload
from microlot_desk.export.printing.sheet_data import HallmarkLine, TextFormats
from microlot_desk.export.printing.sheet_digest import DIGEST_FORMAT, canonical_json, sheet_digest


def test_digest_is_sha256_of_the_documented_canonical_json() -> None:
    data = full_sheet()
    raw = canonical_json(data)
    assert sheet_digest(data) == hashlib.sha256(raw).hexdigest()
    document = json.loads(raw)
    assert document["format"] == DIGEST_FORMAT
    assert (
        raw
        == json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    )
    assert document["lot"]["moisture_pct"] == "10.8"  # decimals as stored, never floats
    assert document["photos"][0]["sha256"] == hashlib.sha256(data.photos[0].data).hexdigest()


def test_wording_paper_and_time_do_not_change_the_digest() -> None:
    data = full_sheet("a4")
    spanish = {**data.labels, "sheet.title": "Hoja de procedencia"}
    other = dataclasses.replace(
        data,
        labels=spanish,
        paper="letter",
        language="es",
        formats=TextFormats(decimal_point=","),
        generated_at=datetime(2030, 1, 1, tzinfo=UTC),
        app_version="9.9",
        country_name="Kolumbien",
        hallmarks=tuple(
            dataclasses.replace(h, evidence="otra frase") for h in data.hallmarks or ()
        ),
    )
    assert sheet_digest(other) == sheet_digest(data)


@pytest.mark.parametrize(
    "change",
    [
        {"lot": full_lot(moisture_pct=Decimal("10.80"))},
        {"lot": full_lot(name="La Esperanza Gesha")},
        {"custody": None},
        {"hallmarks": (HallmarkLine("volume", "not_met"),)},
        {"photos": ()},
        {"documents": ()},
        {"cupping": None},
    ],
)
def test_a_change_in_the_facts_changes_the_digest(change: dict[str, object]) -> None:
    data = full_sheet()
    assert sheet_digest(dataclasses.replace(data, **change)) != sheet_digest(data)  # type: ignore[arg-type]


def test_payloads_read_back() -> None:
    uuid = "8b0a7c5e-2f1d-4c3b-9a8e-7d6c5b4a3f21"
    sheet = parse_payload(lot_payload("CO-2026-014", uuid, "ab" * 32))
    assert (sheet.code, sheet.lot_id, sheet.digest, sheet.blind) == (
        "CO-2026-014",
        uuid,
        "ab" * 32,
        False,
    )
    label = parse_payload(lot_payload("CO-2026-014", uuid))
    assert (label.code, label.lot_id, label.digest) == ("CO-2026-014", uuid, "")
    blind = parse_payload(blind_payload("482"))
    assert (blind.code, blind.lot_id, blind.blind) == ("482", "", True)
    assert blind_payload("482") == "MLB1|482"


@pytest.mark.parametrize("text", ["", "hello", "MLD1|only-code", "MLB1|", "MLD1||x", "MLX1|a|b"])
def test_foreign_payloads_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_payload(text)


def test_a_field_with_the_separator_is_refused() -> None:
    with pytest.raises(ValueError):
        lot_payload("A|B", "x")


def test_same_data_gives_byte_identical_pdfs_in_invariant_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab import rl_config

    from microlot_desk.export.printing.provenance_sheet import build_sheet

    monkeypatch.setattr(rl_config, "invariant", 1)  # fixed dates and ids: for tests only
    data = full_sheet()
    first, second = build_sheet(data).pdf, build_sheet(data).pdf
    assert first == second
    changed = build_sheet(dataclasses.replace(data, lot=full_lot(farm="Finca Otra"))).pdf
    assert changed != first
