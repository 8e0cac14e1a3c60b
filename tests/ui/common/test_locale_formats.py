"""Printed dates and numbers follow the reader's locale: the locale's CLDR short date patterns
become the PDF builder's numeric strftime patterns, with four-digit years, and ISO where a
pattern spells out month names."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale

from microlot_desk.domain.text_formats import ISO_DATE, date_pattern
from microlot_desk.services.demo.demo_data import demo_lot_id
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintOptions, PrintService
from microlot_desk.sheet_labels import SHEET_LABELS
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.ui.common.locale_formats import text_formats


@pytest.mark.parametrize(
    ("locale", "date", "decimal_point"),
    [
        ("en_US", "%m/%d/%Y", "."),
        ("en_GB", "%d/%m/%Y", "."),
        ("de_DE", "%d.%m.%Y", ","),
        ("es_CO", "%d/%m/%Y", ","),
        ("pt_BR", "%d/%m/%Y", ","),
        ("zh_CN", "%Y/%m/%d", "."),
    ],
)
def test_locales_give_numeric_dates_with_four_digit_years(
    locale: str, date: str, decimal_point: str
) -> None:
    formats = text_formats(QLocale(locale))
    assert formats.date_format == date
    assert formats.decimal_point == decimal_point


def test_a_pattern_with_month_names_falls_back_to_iso() -> None:
    assert date_pattern("d MMM y") == ISO_DATE


def test_a_german_reader_gets_german_dates_and_decimal_commas_on_the_sheet(
    demo_database: OpenDatabase,
) -> None:
    service = PrintService(LotService(demo_database))
    options = PrintOptions(SHEET_LABELS, formats=text_formats(QLocale("de_DE")))
    pdf = service.build_sheet(demo_lot_id("ET-2026-007"), options).pdf
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "10.11.2026" in text  # harvest start 2026-11-10
    assert "2026-11-10" not in text
    assert "10,9" in text  # moisture 10.9 %


def test_the_app_prints_hallmark_evidence_and_red_flags_in_words(
    demo_database: OpenDatabase,
) -> None:
    from microlot_desk.ui.printing.sheet_preview import print_options

    service = PrintService(LotService(demo_database))
    pdf = service.build_sheet(demo_lot_id("CN-2026-002"), print_options("a4")).pdf
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Red flags" in text and "blend signal at" in text
    assert "fact." not in text and "flag." not in text  # no label key printed raw
    assert "producer " in text  # the provenance hallmark's evidence, worded
