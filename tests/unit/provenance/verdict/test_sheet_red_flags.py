"""The provenance sheet shows the verdict's red flags, not only the six hallmarks: a buyer reading
the paper sees why a lot warrants a second look (issue 5: "on the provenance sheet")."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from microlot_desk.provenance_labels import with_provenance
from microlot_desk.services.demo.demo_data import demo_lot_id, load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintOptions, PrintService
from microlot_desk.sheet_labels import labels_for
from microlot_desk.storage.database import OpenDatabase


@pytest.fixture
def printing(database: OpenDatabase, lots: LotService) -> Iterator[PrintService]:
    load_demo(lots)
    yield PrintService(lots)


def sheet_text(printing: PrintService, code: str) -> str:
    options = PrintOptions(with_provenance(labels_for("en")))
    pdf = printing.build_sheet(demo_lot_id(code), options).pdf
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_blended_lot_prints_its_red_flags(printing: PrintService) -> None:
    text = " ".join(sheet_text(printing, "CN-2026-002").split())
    assert "Red flags" in text
    assert "blend signal at" in text and "355 kg in, 600 kg out" in text
    assert "600 kg is a lot for a micro-lot" in text


def test_a_genuine_lot_says_it_has_no_red_flag(printing: PrintService) -> None:
    text = " ".join(sheet_text(printing, "GT-2026-004").split())
    assert "Red flags" in text
    assert "No red flag" in text
