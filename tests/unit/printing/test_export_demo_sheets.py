"""Issue 4's "done when" for every demo lot: its sheet, read back with pdftotext, carries the
code and the producer's name exactly as stored (Ethiopic and Chinese included); pdffonts lists
only embedded fonts; the QR code, rendered by pdftoppm and read by zbarimg, gives back the lot's
code, UUID and the digest printed in the footer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pdf_probe import decode_qr, page_count, pdffonts, pdftotext, render
from sheet_samples import GENERATED
from ticking_clock import TickingClock

from microlot_desk.domain.lots import Lot
from microlot_desk.export.printing.qr import parse_payload
from microlot_desk.services.demo.demo_data import DEMO_LOTS, load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintOptions, PrintService, WrittenFile
from microlot_desk.sheet_labels import SHEET_LABELS
from microlot_desk.storage.database import open_database

CODES = [raw["code"] for raw in DEMO_LOTS]


@dataclass(frozen=True)
class DemoSheet:
    lot: Lot
    written: WrittenFile
    pdf: bytes


@pytest.fixture(scope="module")
def demo_sheets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, DemoSheet]]:
    folder = tmp_path_factory.mktemp("demo-sheets")
    database = open_database(folder / "microlot.sqlite", clock=TickingClock())
    try:
        lots = LotService(database)
        load_demo(lots)
        service = PrintService(lots, clock=lambda: GENERATED)
        (folder / "out").mkdir()
        options = PrintOptions(SHEET_LABELS)
        files = [
            service.export_sheet(lot, folder / "out", options)
            for lot in service.lots_by_code(CODES)
        ]
        yield {
            f.subject: DemoSheet(lots.get_by_code(f.subject), f, f.path.read_bytes()) for f in files
        }
    finally:
        database.close()


def test_one_sheet_per_demo_lot_named_by_its_code(demo_sheets: dict[str, DemoSheet]) -> None:
    assert sorted(demo_sheets) == sorted(CODES)
    for code, sheet in demo_sheets.items():
        assert sheet.written.path.name == f"{code}.pdf"
        assert sheet.pdf.startswith(b"%PDF-") and sheet.pdf.rstrip().endswith(b"%%EOF")
        assert sheet.written.warnings == ()  # every demo name is covered by a bundled font


@pytest.mark.parametrize("code", CODES)
def test_text_carries_code_and_producer_exactly(
    demo_sheets: dict[str, DemoSheet], code: str
) -> None:
    sheet = demo_sheets[code]
    text = " ".join(pdftotext(sheet.pdf).split())
    assert sheet.lot.code in text
    assert sheet.lot.producer_name, "every demo lot names its producer"
    assert " ".join(sheet.lot.producer_name.split()) in text
    assert " ".join(sheet.lot.name.split()) in text


@pytest.mark.parametrize("code", CODES)
def test_every_font_is_embedded_and_none_is_helvetica(
    demo_sheets: dict[str, DemoSheet], code: str
) -> None:
    fonts = pdffonts(demo_sheets[code].pdf)
    assert fonts, "pdffonts found no fonts"
    assert all(font.embedded for font in fonts), fonts
    assert not any("Helvetica" in font.name for font in fonts), fonts


def test_each_script_gets_its_own_font_only_when_needed(
    demo_sheets: dict[str, DemoSheet],
) -> None:
    def families(code: str) -> set[str]:
        return {font.name.split("+")[-1] for font in pdffonts(demo_sheets[code].pdf)}

    assert "NotoSansEthiopic-Regular" in families("ET-2026-003")
    assert "DroidSansFallback" in families("CN-2026-002")
    latin_only = families("CO-2026-014")
    assert "DroidSansFallback" not in latin_only and "NotoSansEthiopic-Regular" not in latin_only


@pytest.mark.parametrize("code", CODES)
def test_qr_code_reads_back_code_uuid_and_footer_digest(
    demo_sheets: dict[str, DemoSheet], code: str
) -> None:
    sheet = demo_sheets[code]
    first_page = render(sheet.pdf, 200)[0]
    found = decode_qr(first_page)
    assert len(found) == 1, found
    payload = parse_payload(found[0])
    assert (payload.code, payload.lot_id) == (sheet.lot.code, sheet.lot.id)
    assert payload.digest == sheet.written.digest
    assert sheet.written.digest in pdftotext(sheet.pdf)  # the footer prints the same digest


def test_the_genuine_lots_records_fit_on_two_pages_and_nothing_is_cut(
    demo_sheets: dict[str, DemoSheet],
) -> None:
    """GT-2026-004 has every section filled (custody, hallmarks, photos, a document): two pages,
    not a third for one document, and every document still named on the sheet."""
    sheet = demo_sheets["GT-2026-004"]
    assert page_count(sheet.pdf) == 2
    text = pdftotext(sheet.pdf)
    assert "GT-2026-004-q-report.pdf" in text
    assert "Documents" in text and "Photos" in text and "Chain of custody" in text
