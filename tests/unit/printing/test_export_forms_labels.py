"""Blank paper forms for every cupping template, sample labels on standard sheets (QR codes read
back with zbarimg), and the printed wording: every key a document needs has English text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdf_probe import decode_qr, pdffonts, pdftotext, render, squeeze
from pypdf import PdfReader

from microlot_desk.export.printing.blank_form import REQUIRED_LABELS as FORM_LABELS
from microlot_desk.export.printing.blank_form import build_blank_form
from microlot_desk.export.printing.labels import (
    LABEL_SHEETS,
    SampleLabel,
    blind_label,
    build_labels,
)
from microlot_desk.export.printing.pdf_page import PAGE_SIZES
from microlot_desk.export.printing.provenance_sheet import REQUIRED_LABELS as SHEET_KEYS
from microlot_desk.export.printing.qr import lot_payload, parse_payload
from microlot_desk.export.printing.wording import MissingLabels
from microlot_desk.services.common.form_library import load_form_library
from microlot_desk.services.printing.print_service import (
    PrintOptions,
    UnknownForm,
    export_blank_form,
)
from microlot_desk.sheet_labels import SHEET_LABELS, UnknownLanguage, labels_for

TEMPLATES = load_form_library().templates


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_blank_form_lists_every_section_and_mark(template: object, paper: str) -> None:
    pdf, warnings = build_blank_form(template, SHEET_LABELS, paper=paper)  # type: ignore[arg-type]
    assert warnings == ()
    text = squeeze(pdftotext(pdf))
    for section in template.sections:  # type: ignore[attr-defined]
        assert squeeze(section.label) in text
    for field in template.cup_fields:  # type: ignore[attr-defined]
        assert squeeze(field.label) in text
    for group in template.descriptors:  # type: ignore[attr-defined]
        for choice in group.choices:
            assert squeeze(choice.label) in text
    assert squeeze(template.name) in text  # type: ignore[attr-defined]
    assert all(font.embedded for font in pdffonts(pdf))
    for page in PdfReader(io.BytesIO(pdf)).pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(PAGE_SIZES[paper], abs=0.01)  # type: ignore[index]


def test_unknown_form_names_the_available_ones(tmp_path: Path) -> None:
    with pytest.raises(UnknownForm) as raised:
        export_blank_form("sca-2005", tmp_path / "f.pdf", PrintOptions(SHEET_LABELS))
    assert "sca-2004" in str(raised.value.params["available"])
    assert not (tmp_path / "f.pdf").exists()


LOT_ID = "8b0a7c5e-2f1d-4c3b-9a8e-7d6c5b4a3f21"


@pytest.mark.parametrize("sheet_key", sorted(LABEL_SHEETS))
def test_labels_fill_the_sheet_row_by_row_and_their_codes_scan(sheet_key: str) -> None:
    sheet = LABEL_SHEETS[sheet_key]
    labels = [
        SampleLabel(
            "CO-2026-014",
            ("La Esperanza Gesha", "José Ñáñez Muñoz", "420 kg"),
            lot_payload("CO-2026-014", LOT_ID),
        ),
        SampleLabel("ET-2026-003", ("ኮንጋ የቡና አምራቾች ማህበር",), lot_payload("ET-2026-003", LOT_ID)),
        blind_label("482"),
    ]
    result = build_labels(labels, sheet, skip=1)
    assert result.pages == 1 and result.warnings == ()
    text = pdftotext(result.pdf)
    assert "ኮንጋ የቡና አምራቾች ማህበር" in text and "José Ñáñez Muñoz" in text
    found = sorted(decode_qr(render(result.pdf, 300)[0]))
    assert found == sorted(
        [lot_payload("CO-2026-014", LOT_ID), lot_payload("ET-2026-003", LOT_ID), "MLB1|482"]
    )


def test_label_positions_stay_on_the_page_and_wrap_to_new_pages() -> None:
    for sheet in LABEL_SHEETS.values():
        width, height = PAGE_SIZES[sheet.paper]
        for index in range(sheet.per_page):
            x, y = sheet.origin(index)
            assert x >= 0 and x + sheet.width <= width + 0.01
            assert y >= 0 and y + sheet.height <= height + 0.01
        assert sheet.origin(0) == sheet.origin(sheet.per_page)
    labels = [blind_label(str(n)) for n in range(30)]
    assert build_labels(labels, LABEL_SHEETS["a4-3x8"], skip=20).pages == 3  # 4 + 24 + 2


def test_a_blind_label_says_nothing_but_its_code() -> None:
    label = blind_label("482")
    assert label.lines == () and parse_payload(label.qr or "").blind
    text = squeeze(pdftotext(build_labels([label], LABEL_SHEETS["a4-3x8"]).pdf))
    assert text == "482"


def test_every_key_a_document_needs_has_english_text_and_none_is_unused() -> None:
    needed = set(SHEET_KEYS) | set(FORM_LABELS)
    assert needed <= set(SHEET_LABELS)
    documents = {key for key in SHEET_LABELS if key.split(".")[0] in ("sheet", "form")}
    assert documents <= needed


def test_missing_labels_are_caught_before_layout() -> None:
    partial = {k: v for k, v in SHEET_LABELS.items() if k != "form.cupper"}
    with pytest.raises(MissingLabels) as raised:
        build_blank_form(TEMPLATES[0], partial)
    assert raised.value.keys == ("form.cupper",)


def test_only_english_is_available_for_now() -> None:
    assert labels_for("en") is SHEET_LABELS
    with pytest.raises(UnknownLanguage) as raised:
        labels_for("es")
    assert raised.value.params == {"language": "es", "available": "en"}
