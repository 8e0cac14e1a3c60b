"""A lot's custody history as a table: every event ever recorded (append-only), each correction
right after the event it corrects, the version no longer in force struck through, and the
checks that concern an event (blend signal, yield, gap, an edit behind the app's back) beside it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPolygonF

from microlot_desk.domain.custody import CoffeeForm, CustodyEvent
from microlot_desk.services.provenance.custody_service import HistoryLine
from microlot_desk.ui.common.painted_icons import painted_icon
from microlot_desk.ui.common.row_models import ListTableModel
from microlot_desk.ui.common.texts import format_decimal
from microlot_desk.ui.provenance.provenance_texts import (
    CONTEXT,
    event_title,
    form_label,
    moment_text,
    t,
)

# Two lines a row, so the pane beside the list shows what matters without scrolling sideways:
# the stage over what became of the record (corrected by, corrects, inherited from), the start
# over the end, the weight in over the weight out.
HEADERS = ("#", "Stage", "Start – end", "kg in → out", "Place", "Responsible", "Notes")
STAGE, WHEN, WEIGHTS = 1, 2, 3
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
SUPERSEDED = QColor("#8a8a8a")
ALERT = QColor("#b00020")
WARN_BACKGROUND = QColor("#fff3cd")
ALERT_BACKGROUND = QColor("#fde2e4")


@dataclass(frozen=True)
class Row:
    line: HistoryLine
    record: str  # "corrected by #7", "corrects #3", "withdraws #3", or ""
    checks: tuple[str, ...] = ()  # sentences about this event (warnings)
    altered: bool = False  # the hash chain says this event was changed behind the app's back
    inherited_from: str = ""  # the parent lot's code, for its history before the split

    @property
    def correctable(self) -> bool:
        """Only the version in force of the lot's own event can be corrected here."""
        return self.line.in_force and not self.inherited_from


def ordered_rows(
    lines: tuple[HistoryLine, ...],
    checks: dict[str, list[str]],
    altered: set[str],
    inherited: tuple[tuple[CustodyEvent, str], ...] = (),
) -> list[Row]:
    """The parent's history before a split first (event, parent code), then the lot's events
    in the order they happened (by the start of the event each corrects), each followed by
    its corrections in the order they were recorded."""
    by_id = {line.event.id: line for line in lines}
    rows: list[Row] = [
        Row(
            HistoryLine(event, (), True),
            t("inherited from {code}").format(code=code),
            tuple(checks.get(event.id, ())),
            inherited_from=code,
        )
        for event, code in inherited
    ]

    def root(event: CustodyEvent) -> CustodyEvent:
        seen = {event.id}
        while event.amends_id in by_id and event.amends_id not in seen:
            event = by_id[event.amends_id].event
            seen.add(event.id)
        return event

    groups: dict[str, list[HistoryLine]] = {}
    for line in lines:
        groups.setdefault(root(line.event).id, []).append(line)
    order = sorted(groups, key=lambda key: by_id[key].event.sort_key)
    for key in order:
        for line in sorted(groups[key], key=lambda item: item.event.seq):
            rows.append(
                Row(
                    line,
                    _record_text(line, by_id),
                    tuple(checks.get(line.event.id, ())),
                    line.event.id in altered,
                )
            )
    return rows


def _record_text(line: HistoryLine, by_id: dict[str, HistoryLine]) -> str:
    event = line.event
    parts = []
    if event.amends_id and event.amends_id in by_id:
        earlier = by_id[event.amends_id].event.seq
        template = "withdraws #{seq}" if event.void else "corrects #{seq}"
        parts.append(t(template).format(seq=earlier))
    if line.amended_by:
        later = ", ".join(f"#{by_id[i].event.seq}" for i in line.amended_by if i in by_id)
        parts.append(t("corrected by {later}").format(later=later))
    return "; ".join(parts)


def weight_text(kg: Decimal | None, form: CoffeeForm | None) -> str:
    if kg is None:
        return ""
    return f"{format_decimal(kg.normalize())} kg {form_label(form)}".strip()


class CustodyTableModel(ListTableModel[Row]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, CONTEXT, parent)

    def row_of(self, event_id: str) -> int | None:
        return self.find_row(lambda row: row.line.event.id == event_id)

    def cell_data(self, row: Row, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return RIGHT
        if role == Qt.ItemDataRole.DecorationRole and column == STAGE:
            return _mark(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.altered:
                return QBrush(ALERT)
            return QBrush(SUPERSEDED) if row.inherited_from or not row.line.in_force else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.altered:
                return QBrush(ALERT_BACKGROUND)
            return QBrush(WARN_BACKGROUND) if row.checks and row.line.in_force else None
        if role == Qt.ItemDataRole.FontRole and not row.line.in_force:
            font = QFont()
            font.setStrikeOut(column in (WHEN, WEIGHTS))
            font.setItalic(True)
            return font
        if role == EVENT_ID_ROLE:
            return row.line.event.id
        return None


def _mark(row: Row) -> QIcon | None:
    if row.altered:
        return _icon(ALERT.name())
    if row.checks and row.line.in_force:
        return _icon("#d08a00")
    return None


@functools.cache
def _icon(colour: str) -> QIcon:
    """A warning triangle in the given colour."""

    def triangle(painter: QPainter) -> None:
        painter.setBrush(QColor(colour))
        painter.drawPolygon(QPolygonF([QPointF(7, 1), QPointF(13, 13), QPointF(1, 13)]))
        painter.setPen(QColor("white"))
        painter.drawLine(QPointF(7, 5), QPointF(7, 9))
        painter.drawPoint(QPointF(7, 11))

    return painted_icon(14, triangle)


def _two(first: str, second: str) -> str:
    return f"{first}\n{second}" if second else first


def _cell(row: Row, column: int) -> str:
    event = row.line.event
    kg_in = weight_text(event.kg_in, event.form_in)
    kg_out = weight_text(event.kg_out, event.form_out)
    texts = (
        "" if row.inherited_from else str(event.seq),
        _two(event_title(event), row.record),
        _two(moment_text(event.started), f"– {moment_text(event.ended)}" if event.ended else ""),
        _two(kg_in, f"→ {kg_out}" if kg_out else ""),
        event.place,
        event.responsible,
        event.notes.replace("\n", " ")[:80],
    )
    return texts[column]


def _tooltip(row: Row, column: int) -> str | None:
    if column == STAGE and (row.checks or row.altered):
        lines = [t("This event was changed after it was recorded.")] if row.altered else []
        return "\n".join([*lines, *row.checks])
    event = row.line.event
    if column == WHEN and event.started is not None:
        ended = f" – {moment_text(event.ended, offset=True)}" if event.ended else ""
        return moment_text(event.started, offset=True) + ended
    if column == 6 and row.line.event.notes:
        return row.line.event.notes
    return None
