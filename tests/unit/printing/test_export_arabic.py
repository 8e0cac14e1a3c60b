"""Yemen is a micro-lot origin: a farm, region or producer written in Arabic prints in the
bundled Naskh font, its letters joined and right to left, and reads back from the PDF as the
same words; a label draws it too."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from pdf_probe import pdffonts, pdftotext, render
from sheet_samples import full_lot, plain_sheet

from microlot_desk.domain.lots import Producer
from microlot_desk.export.printing.bidi_text import visual_order
from microlot_desk.export.printing.pdf_fonts import ensure_fonts
from microlot_desk.export.printing.provenance_sheet import build_sheet

FARM = "مزرعة الحيمة"  # the al-Haymah farm
REGION = "حراز، صنعاء"  # Haraz, Sana'a
PRODUCER = "جمعية بني مطر"  # a Bani Matar cooperative


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    ensure_fonts()


def words(text: str) -> set[str]:
    """The words of extracted text, Arabic presentation forms folded to their letters and the
    embedding marks pdftotext puts around a right-to-left run left out."""
    folded = unicodedata.normalize("NFKC", text)
    for mark in "\u202a\u202b\u202c\u202d\u202e،()":
        folded = folded.replace(mark, " ")
    return set(folded.split())


def test_letters_are_joined_and_the_line_is_drawn_right_to_left() -> None:
    drawn = visual_order(FARM)
    assert drawn != FARM
    assert all("\ufe70" <= char <= "\ufeff" or char == " " for char in drawn)  # joined forms
    # the first word read (right-most) is drawn last
    assert unicodedata.normalize("NFKC", drawn).split()[-1] == "مزرعة"[::-1]


def test_latin_text_is_left_exactly_as_it_is() -> None:
    assert visual_order("Finca La Esperanza (2026)") == "Finca La Esperanza (2026)"


def test_a_yemeni_lot_prints_its_arabic_names_in_an_embedded_arabic_font() -> None:
    lot = dataclasses.replace(
        full_lot(plots=()),
        country="YE",
        farm=FARM,
        region=REGION,
        producer=Producer("p", PRODUCER, country="YE"),
    )
    result = build_sheet(plain_sheet(lot))
    assert result.warnings == ()
    text = pdftotext(result.pdf)
    assert "[?]" not in text
    for name in (FARM, REGION, PRODUCER):
        assert words(name) <= words(text), name
    arabic = [row for row in pdffonts(result.pdf) if "NotoNaskhArabic" in row.name]
    assert arabic and all(row.embedded for row in arabic)
    page = render(result.pdf, 40)[0]
    assert page.width > 0  # renders without error


def test_a_label_line_draws_arabic_in_the_arabic_font_in_drawing_order() -> None:
    from microlot_desk.export.printing.pdf_text import TextWriter

    writer = TextWriter()
    shapes = writer.strings(f"{FARM} · YE-2026-001", 0, 0, 8, max_width=400)
    arabic = [shape.text.strip() for shape in shapes if shape.fontName == "MLD-Arabic"]
    assert arabic == [visual_order(FARM)]
    assert writer.warnings == []
