"""A4 and US Letter: the right page size, every mark on the page inside the margins (found on a
rendered picture, not trusted from the layout code), nothing lost when fields are at their
longest, and the document's metadata."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pdf_probe import pypdf_text, render, squeeze
from PIL import Image, ImageOps
from pypdf import PdfReader
from sheet_samples import full_lot, full_sheet

from microlot_desk.export.printing.provenance_sheet import build_sheet
from microlot_desk.export.printing.sheet_data import Paper

SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
DPI = 50
MIN_MARGIN_MM = 13.0  # the layout keeps 15 mm; allow a little for anti-aliasing
MM = 72 / 25.4


def ink_box(page: Image.Image) -> tuple[int, int, int, int]:
    """Bounding box of everything darker than near-white."""
    mask = ImageOps.invert(page.convert("L")).point(lambda v: 255 if v > 12 else 0)
    box = mask.getbbox()
    assert box is not None, "blank page"
    return box


def assert_inside_margins(pdf: bytes, paper: Paper) -> int:
    width, height = SIZES[paper]
    pages = render(pdf, DPI)
    margin_px = MIN_MARGIN_MM * MM * DPI / 72
    for number, page in enumerate(pages, start=1):
        assert abs(page.width - width * DPI / 72) <= 1 and abs(page.height - height * DPI / 72) <= 1
        left, top, right, bottom = ink_box(page)
        where = f"page {number} ink box {(left, top, right, bottom)} on {page.size}"
        assert left >= margin_px and top >= margin_px, where
        assert page.width - right >= margin_px and page.height - bottom >= margin_px, where
    return len(pages)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_full_sheet_has_the_page_size_and_stays_inside_the_margins(paper: Paper) -> None:
    pdf = build_sheet(full_sheet(paper)).pdf
    for page in PdfReader(io.BytesIO(pdf)).pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(SIZES[paper], abs=0.01)
    pages = assert_inside_margins(pdf, paper)
    text = pypdf_text(pdf)
    assert f"Page {pages} of {pages}" in text
    assert f"Page 1 of {pages}" in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fields_at_their_longest_are_printed_whole_inside_the_margins(paper: Paper) -> None:
    endless = "Z" * 119 + "!"  # a name with no place to break a line
    story = " ".join(f"word{n}" for n in range(1300))  # ~8000 characters
    lot = full_lot(
        name=endless,
        farm="F" * 160,
        region="R" * 120,
        separation_notes=" ".join(f"step{n}" for n in range(600)),
        story=story,
    )
    data = dataclasses.replace(full_sheet(paper), lot=lot)
    pdf = build_sheet(data).pdf
    assert_inside_margins(pdf, paper)
    text = squeeze(pypdf_text(pdf))
    assert endless in text and "F" * 160 in text
    assert "word0" in text and "word1299" in text and "step599" in text


def test_metadata_names_the_lot_and_the_language() -> None:
    data = full_sheet("a4")
    reader = PdfReader(io.BytesIO(build_sheet(data).pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == f"{data.lot.code} — {data.lot.name}"
    assert info.subject == "Provenance sheet of a green-coffee micro-lot"
    keywords = str(info.get("/Keywords"))
    assert data.lot.code in keywords and data.lot.id in keywords
    assert reader.trailer["/Root"]["/Lang"] == "en"
