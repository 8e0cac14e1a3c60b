"""The footer every printed document carries: a rule, a line of who/when on the left, "page X of
Y" on the right, and optionally a second full-width line (the sheet's digest)."""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from microlot_desk.export.printing.pdf_page import CONTENT_LEFT, MARGIN, RULE, PageDecorator
from microlot_desk.export.printing.sheet_parts import Parts


def page_footer(
    parts: Parts,
    left: str,
    *,
    height: float,
    rule_below_top: float,
    counter_share: float,
    second_line: str | None = None,
) -> PageDecorator:
    """`left` and `second_line` are markup already escaped (TextWriter.markup); `height` is the
    space the page keeps free for the footer, the rule sits `rule_below_top` under its top."""
    say, writer = parts.say, parts.writer
    right_style = parts.styles.footer.clone("mld-footer-right", alignment=TA_RIGHT)
    counter_width = parts.width * counter_share

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        top = MARGIN + height - rule_below_top
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(CONTENT_LEFT, top, CONTENT_LEFT + parts.width, top)
        counter = Paragraph(
            writer.markup(say("sheet.footer_page", page=page, pages=pages)), right_style
        )
        first_lines = 0.0
        for paragraph, x, width in (
            (Paragraph(left, parts.styles.footer), CONTENT_LEFT, parts.width - counter_width),
            (counter, CONTENT_LEFT + parts.width - counter_width, counter_width),
        ):
            _, used = paragraph.wrap(width, height)
            paragraph.drawOn(canvas, x, top - 2 - used)
            first_lines = max(first_lines, used)
        if second_line is not None:
            # Below what the first line took: a long station name wraps it onto two.
            line = Paragraph(second_line, parts.styles.footer)
            _, used = line.wrap(parts.width, height)
            line.drawOn(canvas, CONTENT_LEFT, top - 2 - first_lines - used)
        canvas.restoreState()

    return decorate
