"""Table models of a sample's panel result: statistics per section and for the final, and one
line per cupper's sheet with its distance from the panel mean, the flag and any exclusion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from microlot_desk.domain.cupping import FormTemplate, Stats
from microlot_desk.services.common.cupping_views import PanelLineView, SamplePanel
from microlot_desk.ui.common.cupping_texts import CONTEXT, affiliation_label, form_label, show_score
from microlot_desk.ui.common.row_models import ListTableModel
from microlot_desk.ui.common.texts import tr

SHEET_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGGED = QColor("#f9d6d5")
EXCLUDED = QColor("#e6e6e6")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class StatsRow:
    key: str
    label: str
    stats: Stats | None


def stats_rows(form: FormTemplate, panel: SamplePanel | None) -> list[StatsRow]:
    """The scored sections in form order (cups sections in points), then the final."""
    summary = panel.summary if panel is not None else None
    found = {stats.key: stats for stats in summary.sections} if summary is not None else {}
    rows = [
        StatsRow(section.key, form_label(section.label), found.get(section.key))
        for section in form.sections
        if section.kind in ("score", "cups", "intensity", "count", "measure")
        and (section.key in found or summary is None)
    ]
    rows.append(StatsRow("final", tr("Final", CONTEXT), summary.final if summary else None))
    return rows


class PanelStatsModel(ListTableModel[StatsRow]):
    HEADERS = ("Section", "Mean", "SD", "Min", "Max", "n")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.HEADERS, CONTEXT, parent)

    def set_panel(self, form: FormTemplate | None, panel: SamplePanel | None) -> None:
        self.set_rows(stats_rows(form, panel) if form is not None else [])

    def cell_data(self, row: StatsRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label if column == 0 else _stat(row.stats, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and row.key == "final":
            font = QFont()
            font.setBold(True)
            return font
        return None


def _stat(stats: Stats | None, column: int) -> str:
    if stats is None:
        return "—"
    if column == 5:
        return str(stats.count)
    value: Decimal | None = (stats.mean, stats.stdev, stats.minimum, stats.maximum)[column - 1]
    return show_score(value)


class PanelLinesModel(ListTableModel[PanelLineView]):
    HEADERS = ("Cupper", "Affiliation", "Final", "From mean", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.HEADERS, CONTEXT, parent)

    def set_panel(self, panel: SamplePanel | None) -> None:
        self.set_rows(panel.lines if panel is not None else ())

    def line(self, row: int) -> PanelLineView | None:
        return self.row(row)

    def row_of(self, sheet_id: str) -> int:
        found = self.find_row(lambda line: line.sheet_id == sheet_id)
        return -1 if found is None else found

    def cell_data(self, line: PanelLineView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if line.exclusion is not None:
                return QBrush(EXCLUDED)
            return QBrush(FLAGGED) if line.flagged else None
        if role == Qt.ItemDataRole.FontRole and line.exclusion is not None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return RIGHT
        if role == SHEET_ID_ROLE:
            return line.sheet_id
        if role == Qt.ItemDataRole.ToolTipRole and line.exclusion is not None:
            exclusion = line.exclusion
            return tr("Left out by {by} at {at}: {reason}", CONTEXT).format(
                by=exclusion.by, at=exclusion.at[:16].replace("T", " "), reason=exclusion.reason
            )
        return None

    def _text(self, line: PanelLineView, column: int) -> str:
        if column == 0:
            return line.cupper.name
        if column == 1:
            return affiliation_label(line.cupper.affiliation)
        if column == 2:
            return show_score(line.final)
        if column == 3:
            if line.deviation is None:
                return "—"
            sign = "+" if line.deviation > 0 else ""
            return sign + show_score(line.deviation)
        return status_text(line)


def status_text(line: PanelLineView) -> str:
    if line.exclusion is not None:
        return tr("Left out: {reason}", CONTEXT).format(reason=line.exclusion.reason)
    if line.final is None:
        return tr("Incomplete", CONTEXT)
    if line.flagged:
        return tr("⚑ More than 2 points from the mean", CONTEXT)
    return tr("Counts", CONTEXT)
