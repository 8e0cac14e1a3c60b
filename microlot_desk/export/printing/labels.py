"""Sample labels with a QR code and the code, on standard sheets of self-adhesive labels, for
bags and cupping bowls.

A label is plain data: the code in large print, a few lines of small print, and what its QR code
carries. A blind-session label carries the blind code only (no lines, a QR code that says
nothing about the lot): build it with `blind_label`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from microlot_desk.export.printing.pdf_fonts import BASE_FONT, ensure_fonts
from microlot_desk.export.printing.pdf_page import INK, MUTED, PAGE_SIZES
from microlot_desk.export.printing.pdf_text import TextWriter, UncoveredText
from microlot_desk.export.printing.qr import blind_payload, qr_widget
from microlot_desk.export.printing.sheet_data import Paper


@dataclass(frozen=True)
class SampleLabel:
    code: str
    lines: tuple[str, ...] = ()
    qr: str | None = None  # the payload (qr.lot_payload / qr.blind_payload), None for no code


def blind_label(blind_code: str) -> SampleLabel:
    """A label for a blind session: the blind code, and a QR code carrying only that."""
    return SampleLabel(blind_code, (), blind_payload(blind_code))


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of labels: grid, label size, the sheet's margins and gaps, all in points."""

    key: str
    paper: Paper
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    column_gap: float = 0.0
    row_gap: float = 0.0
    padding: float = 3 * mm  # kept clear inside each label: printers drift by a millimetre

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of the label at this position on its page (row by row)."""
        row, column = divmod(index % self.per_page, self.columns)
        page_height = PAGE_SIZES[self.paper][1]
        x = self.left + column * (self.width + self.column_gap)
        y = page_height - self.top - (row + 1) * self.height - row * self.row_gap
        return x, y


LABEL_SHEETS: dict[str, LabelSheet] = {
    # A4, 3 x 8 labels of 70 x 36 mm (e.g. Avery 3475, Herma 4452): 4.5 mm top margin.
    "a4-3x8": LabelSheet("a4-3x8", "a4", 3, 8, 70 * mm, 36 * mm, 0, 4.5 * mm),
    # US Letter, 3 x 10 labels of 2 5/8 x 1 in (Avery 5160 and compatibles).
    "letter-3x10": LabelSheet(
        "letter-3x10",
        "letter",
        3,
        10,
        2.625 * inch,
        1 * inch,
        0.1875 * inch,
        0.5 * inch,
        column_gap=0.125 * inch,
        padding=0.08 * inch,
    ),
}


@dataclass(frozen=True)
class LabelResult:
    pdf: bytes
    pages: int
    warnings: tuple[UncoveredText, ...]


def build_labels(
    labels: Sequence[SampleLabel],
    sheet: LabelSheet,
    *,
    skip: int = 0,
    title: str = "",
    language: str = "en",
    creator: str = "microlot_desk",
) -> LabelResult:
    """The labels in order, row by row, starting after `skip` positions already used."""
    ensure_fonts()
    writer = TextWriter()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE_SIZES[sheet.paper], initialFontName=BASE_FONT, lang=language)
    canvas.setTitle(title)
    canvas.setCreator(creator)
    canvas.setProducer(creator)
    pages = 1
    for number, label in enumerate(labels, start=skip):
        if number > skip and number % sheet.per_page == 0:
            canvas.showPage()
            pages += 1
        x, y = sheet.origin(number)
        renderPDF.draw(_label_drawing(label, sheet, writer), canvas, x, y)
    canvas.showPage()
    canvas.save()
    return LabelResult(out.getvalue(), pages, tuple(writer.warnings))


def _label_drawing(label: SampleLabel, sheet: LabelSheet, writer: TextWriter) -> Drawing:
    drawing = Drawing(sheet.width, sheet.height)
    pad = sheet.padding
    inner_height = sheet.height - 2 * pad
    text_x = pad
    if label.qr:
        drawing.add(qr_widget(label.qr, inner_height, pad, pad))
        text_x = pad + inner_height + 2 * mm
    text_width = sheet.width - text_x - pad
    code_size = _fitting_size(writer, label.code, text_width, 22 if not label.lines else 13)
    line_size = 7.0 if sheet.height > 30 * mm else 6.0
    block = code_size + len(label.lines) * (line_size + 1.5)
    y = pad + (inner_height + block) / 2 - code_size * 0.8
    for shape in writer.strings(label.code, text_x, y, code_size, bold=True, color=INK):
        drawing.add(shape)
    y -= code_size * 0.35
    for line in label.lines:
        y -= line_size + 1.5
        if y < pad:
            break
        for shape in writer.strings(line, text_x, y, line_size, max_width=text_width, color=MUTED):
            drawing.add(shape)
    return drawing


def _fitting_size(writer: TextWriter, text: str, width: float, largest: float) -> float:
    size = largest
    while size > 6 and writer.width(text, size, bold=True) > width:
        size -= 0.5
    return size
