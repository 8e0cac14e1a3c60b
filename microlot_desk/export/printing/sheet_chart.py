"""The panel's section means as a horizontal bar chart (reportlab graphics).

Drawn from shapes rather than reportlab's chart widgets so that every label goes through the
script-run writer (a lab's form may label its sections in Amharic or Chinese) and no default
Helvetica label sneaks in.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors

from microlot_desk.export.printing.pdf_page import INK, RULE, SHADE
from microlot_desk.export.printing.pdf_text import TextWriter
from microlot_desk.export.printing.sheet_data import SectionMean, TextFormats

ROW = 13.0
BAR = 8.0
FONT_SIZE = 7.5
BAR_COLOR = colors.HexColor("#8c6a4f")


def section_chart(
    means: Sequence[SectionMean],
    width: float,
    writer: TextWriter,
    formats: TextFormats,
) -> Drawing:
    """One row per section: its label, a track for the whole scale, the mean's bar and value."""
    label_width = width * 0.36
    value_width = 26.0
    track_x = label_width + 6
    track_width = max(width - track_x - value_width, 20.0)
    height = ROW * len(means) + 4
    drawing = Drawing(width, height)
    for row, mean in enumerate(means):
        y = height - ROW * (row + 1)
        for shape in writer.strings(
            mean.label, label_width, y + 2.5, FONT_SIZE, anchor="end", max_width=label_width
        ):
            drawing.add(shape)
        drawing.add(Rect(track_x, y + 1, track_width, BAR, fillColor=SHADE, strokeWidth=0))
        share = float(mean.mean / mean.scale_max) if mean.scale_max > 0 else 0.0
        share = min(max(share, 0.0), 1.0)
        if share > 0:
            drawing.add(
                Rect(track_x, y + 1, track_width * share, BAR, fillColor=BAR_COLOR, strokeWidth=0)
            )
        for shape in writer.strings(
            formats.number(mean.mean), track_x + track_width + 4, y + 2.5, FONT_SIZE, color=INK
        ):
            drawing.add(shape)
    drawing.add(Line(track_x, 0, track_x, height, strokeColor=RULE, strokeWidth=0.5))
    drawing.add(
        Line(
            track_x + track_width,
            0,
            track_x + track_width,
            height,
            strokeColor=RULE,
            strokeWidth=0.5,
            strokeDashArray=[1, 2],
        )
    )
    return drawing
