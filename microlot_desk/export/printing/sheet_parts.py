"""Building blocks of the printed documents: every piece of text goes through the TextWriter
(escaped, NFC, one font per script run), and absent values say "not recorded"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from microlot_desk.export.printing.pdf_page import MUTED, RULE, SHADE, Styles, table_style
from microlot_desk.export.printing.pdf_text import TextWriter
from microlot_desk.export.printing.sheet_data import TextFormats
from microlot_desk.export.printing.wording import Wording

Cell: TypeAlias = str | Flowable | None
LABEL_WIDTH = 100.0  # the same label column in every field table, so values line up
SPLIT_MIN = 24  # a long cell may break across pages, leaving at least this many points


@dataclass
class Parts:
    """What one document build shares: its labels, text writer, styles, formats and width."""

    say: Wording
    writer: TextWriter
    styles: Styles
    formats: TextFormats
    width: float

    def text(self, text: str, style_name: str = "body", *, bold: bool = False) -> Paragraph:
        return Paragraph(self.writer.markup(text, bold=bold), getattr(self.styles, style_name))

    def value(self, text: str | None, style_name: str = "body") -> Paragraph:
        """A field's value, or "not recorded" in grey (same size and alignment) when absent."""
        if text is None or not text.strip():
            style = getattr(self.styles, style_name)
            grey = style.clone(f"{style.name}-grey", textColor=MUTED)
            return Paragraph(self.writer.markup(self.say("sheet.not_recorded")), grey)
        return self.text(text, style_name)

    def heading(self, key: str) -> Paragraph:
        return self.text(self.say(key), "heading", bold=True)

    def nothing(self, key: str = "sheet.not_recorded") -> Paragraph:
        return self.text(self.say(key), "muted")

    def cell(self, content: Cell, style_name: str = "body") -> Flowable:
        if content is None:
            return self.value(None, style_name)
        return content if isinstance(content, Flowable) else self.text(content, style_name)

    def fields(self, rows: Sequence[tuple[str, Cell]], width: float | None = None) -> Table:
        """Label-value rows: labels small and grey on the left, values beside them."""
        total = width or self.width
        label_width = min(total * 0.4, LABEL_WIDTH)
        data = [[self.text(self.say(key), "label"), self.cell(value)] for key, value in rows]
        table = Table(
            data, colWidths=[label_width, total - label_width], hAlign="LEFT", splitInRow=SPLIT_MIN
        )
        table.setStyle(FIELD_STYLE)
        return table

    def grid(
        self,
        header_keys: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        *,
        right_aligned: Sequence[int] = (),
    ) -> Table:
        """A table with a shaded header row, repeated on every page it runs over."""
        header = [
            self.text(self.say(key), "label_right" if column in right_aligned else "label")
            for column, key in enumerate(header_keys)
        ]
        body = [
            [
                self.cell(value, "small_right" if column in right_aligned else "small")
                for column, value in enumerate(row)
            ]
            for row in rows
        ]
        table = Table(
            [header, *body],
            colWidths=list(widths),
            repeatRows=1,
            hAlign="LEFT",
            splitInRow=SPLIT_MIN,
        )
        table.setStyle(GRID_STYLE)
        return table


FIELD_STYLE = table_style(
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ("TOPPADDING", (0, 0), (-1, -1), 2.2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ("TOPPADDING", (0, 0), (0, -1), 3.4),  # small labels sit on the value's baseline
    ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
)

GRID_STYLE = table_style(
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
)

NO_GAP = table_style(
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
)


def side_by_side(
    left: Cell | list[Flowable], right: Cell | list[Flowable], right_width: float, width: float
) -> Table:
    """Two blocks in columns, tops aligned, 5 mm apart, `width` in all."""
    gap = 5 * mm
    table = Table([[left, "", right]], colWidths=[width - right_width - gap, gap, right_width])
    table.setStyle(NO_GAP)
    return table


STATUS_COLORS = {"met": "#2e6b34", "not_met": "#b00020", "not_recorded": "#6b6b66"}
