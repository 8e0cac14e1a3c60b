"""Table models of a sample's panel result: statistics per section and for the final, and one
line per cupper's sheet with its distance from the panel mean, the flag and any exclusion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from microlot_desk.domain.cupping import FormTemplate, Stats
from microlot_desk.services.cupping_views import PanelLineView, SamplePanel
from microlot_desk.ui.cupping_texts import CONTEXT, affiliation_label, form_label, show_score
from microlot_desk.ui.texts import tr

AnyIndex = QModelIndex | QPersistentModelIndex
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


class PanelStatsModel(QAbstractTableModel):
    HEADERS = ("Section", "Mean", "SD", "Min", "Max", "n")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[StatsRow] = []

    def set_panel(self, form: FormTemplate | None, panel: SamplePanel | None) -> None:
        self.beginResetModel()
        self._rows = stats_rows(form, panel) if form is not None else []
        self.endResetModel()

    @property
    def rows(self) -> list[StatsRow]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label if column == 0 else _stat(row.stats, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and row.key == "final":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return tr(self.HEADERS[section], CONTEXT)
        return None


def _stat(stats: Stats | None, column: int) -> str:
    if stats is None:
        return "—"
    if column == 5:
        return str(stats.count)
    value: Decimal | None = (stats.mean, stats.stdev, stats.minimum, stats.maximum)[column - 1]
    return show_score(value)


class PanelLinesModel(QAbstractTableModel):
    HEADERS = ("Cupper", "Affiliation", "Final", "From mean", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: tuple[PanelLineView, ...] = ()

    def set_panel(self, panel: SamplePanel | None) -> None:
        self.beginResetModel()
        self._lines = panel.lines if panel is not None else ()
        self.endResetModel()

    def line(self, row: int) -> PanelLineView | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, sheet_id: str) -> int:
        for row, line in enumerate(self._lines):
            if line.sheet_id == sheet_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = index.column()
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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return tr(self.HEADERS[section], CONTEXT)
        return None


def status_text(line: PanelLineView) -> str:
    if line.exclusion is not None:
        return tr("Left out: {reason}", CONTEXT).format(reason=line.exclusion.reason)
    if line.final is None:
        return tr("Incomplete", CONTEXT)
    if line.flagged:
        return tr("⚑ More than 2 points from the mean", CONTEXT)
    return tr("Counts", CONTEXT)
