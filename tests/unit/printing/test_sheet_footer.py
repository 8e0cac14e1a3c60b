"""The sheet's footer keeps its lines apart: a station name long enough to wrap the "generated
at" line onto two pushes the digest line down instead of printing over it."""

from __future__ import annotations

import dataclasses
import re

from pdf_probe import _run, tool
from sheet_samples import full_lot, plain_sheet

from microlot_desk.export.printing.provenance_sheet import build_sheet


def footer_lines(pdf: bytes) -> list[tuple[float, str]]:
    """(top y, text) of each line of the last page's footer, top to bottom."""
    xml = _run([tool("pdftotext"), "-bbox"], pdf, "-")
    last_page = xml.split("<page ")[-1]
    words = re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)</word>', last_page)
    lines: dict[float, list[str]] = {}
    for y, word in words:
        lines.setdefault(round(float(y), 1), []).append(word)
    return sorted((y, " ".join(ws)) for y, ws in lines.items())


def test_a_wrapped_station_line_does_not_cover_the_digest() -> None:
    data = dataclasses.replace(
        plain_sheet(full_lot()),
        station_name="Cooperativa de Caficultores del Sur del Huila, estación de acopio",
        station_key="7K3Q-QXWD-F2PA-HN4T-AB2C",
    )
    result = build_sheet(data)
    lines = footer_lines(result.pdf)
    digest = next(y for y, text in lines if text.startswith("Sheet data SHA-256"))
    generated = [y for y, text in lines if "Generated" in text or "AB2C" in text]
    assert generated and all(digest > y + 5 for y in generated), lines
    assert "AB2C" in " ".join(text for _, text in lines)
