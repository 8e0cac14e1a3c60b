"""Random text through a whole sheet and back out with pypdf: markup characters print as
themselves, and text in any script a bundled font covers comes back exactly."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_probe import pypdf_text, squeeze
from sheet_samples import full_lot, plain_sheet

from microlot_desk.domain.lots import Producer
from microlot_desk.export.printing.provenance_sheet import build_sheet

# Characters known to be in the bundled fonts, chosen by hand (not by the code under test).
LATIN = "abcxyzABCXYZ0189 .,;:!?()[]{}/\\|-_+=*#%$@~^`áéíóúñÑçãõâêôüÁÉÍÓÚÜßøåæœŁłŠšŽž–—€£"
ETHIOPIC = "ኮንጋየቡናአምራቾችማህበርአበበበቀለ"
HAN = "普洱蜜处理李明华张秀英保山小批次孟连东坡云南"
MARKUP = "<>&\"'"
printable = st.text(alphabet=st.sampled_from(LATIN + ETHIOPIC + HAN + MARKUP), max_size=120)


def _sheet_with(text: str) -> bytes:
    lot = dataclasses.replace(
        full_lot(plots=()),
        name=text,
        producer=Producer("p", text),
        story="\n".join([text] * 3),
    )
    result = build_sheet(plain_sheet(lot))
    assert result.warnings == ()
    return result.pdf


@settings(max_examples=30, deadline=None)
@given(printable.filter(lambda text: text.strip() != ""))
def test_covered_text_with_markup_characters_reads_back_exactly(text: str) -> None:
    extracted = squeeze(pypdf_text(_sheet_with(text)))
    assert squeeze(text) in extracted


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=80))
def test_any_unicode_builds_and_unprintable_runs_show_the_marker(text: str) -> None:
    lot = dataclasses.replace(full_lot(plots=()), name=text, story=text)
    result = build_sheet(plain_sheet(lot))
    extracted = pypdf_text(result.pdf)
    # The name always prints; a story that is only whitespace to Python (which includes the
    # separators U+001C..U+001F) prints as "not recorded" instead.
    printed = 1 + (1 if text.strip() else 0)
    assert extracted.count("[?]") >= (printed if result.warnings else 0)
    for char in "<>&\"'":
        assert extracted.count(char) >= text.count(char)
