"""Small pieces the session report shares: scores with fixed decimals, UTC stamps for the reader,
label-value rows whose labels are already words (a form's own section names), coloured text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from reportlab.platypus import Paragraph, Table

from microlot_desk.export.printing.sheet_parts import (
    FIELD_STYLE,
    LABEL_WIDTH,
    SPLIT_MIN,
    Cell,
    Parts,
)

WARN_COLOR = "#b00020"
OK_COLOR = "#2e6b34"
CENTS = Decimal("0.01")


def score(parts: Parts, value: Decimal | None) -> str:
    """A score or a panel statistic with two decimals (84.75, 0.35); "–" when absent."""
    if value is None:
        return "–"
    return parts.formats.number(value.quantize(CENTS))


def on_step(parts: Parts, value: Decimal, step: Decimal | None) -> str:
    """A recorded value with as many decimals as the form's step (8.50 on a 0.25 grid, 4 on
    a whole-number one)."""
    if step is not None and step > 0:
        places = max(0, -int(step.normalize().as_tuple().exponent))
        if value == value.to_integral_value() or places:
            value = value.quantize(Decimal(1).scaleb(-places))
    return parts.formats.number(value)


def moment(parts: Parts, stamp: str) -> str:
    """A stored UTC ISO-8601 stamp in the reader's date and time format (as given if odd)."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return parts.formats.moment(when)


def coloured(
    parts: Parts, text: str, color: str, style: str = "body", *, bold: bool = False
) -> Paragraph:
    """User or translated text in a colour (escaped and split into script runs first)."""
    markup = parts.writer.markup(text, bold=bold)
    return Paragraph(f'<font color="{color}">{markup}</font>', getattr(parts.styles, style))


def pairs(parts: Parts, rows: Sequence[tuple[str, Cell]], width: float | None = None) -> Table:
    """Label-value rows like Parts.fields, for labels that are words already (not keys)."""
    total = width or parts.width
    label_width = min(total * 0.4, LABEL_WIDTH)
    data = [[parts.text(label, "label"), parts.cell(value)] for label, value in rows]
    table = Table(
        data, colWidths=[label_width, total - label_width], hAlign="LEFT", splitInRow=SPLIT_MIN
    )
    table.setStyle(FIELD_STYLE)
    return table
