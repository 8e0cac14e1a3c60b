"""A lot's scores across sessions and sample types (for the lot editor's cupping tab): one row
per panel result, oldest first, each tied to its sample type and date, with a small trend of
the finals above. Samples of a blind session not yet revealed are not listed (the service
leaves them out: they would give the code away)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from microlot_desk.errors import KnownError
from microlot_desk.services.common.cupping_history import ScoreHistoryEntry
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.ui.common.cupping_texts import CONTEXT, band_label, sample_type_label, show_score
from microlot_desk.ui.common.locale_formats import show_day
from microlot_desk.ui.common.row_models import ListTableModel
from microlot_desk.ui.common.texts import error_text, tr

HEADERS = (
    "Date",
    "Session",
    "Sample type",
    "Form",
    "Final",
    "SD",
    "Band",
    "Cuppers",
    "Third party",
    "Source",
)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ScoreHistoryModel(ListTableModel[ScoreHistoryEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, CONTEXT, parent)

    def cell_data(self, entry: ScoreHistoryEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5, 7):
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return ", ".join(cupper.name for cupper in entry.cuppers)
        return None


def _cell(entry: ScoreHistoryEntry, column: int) -> str:
    texts = (
        show_day(entry.held_on),
        entry.session_title or entry.place,
        sample_type_label(entry.sample_type),
        entry.form_name,
        _final_text(entry),
        show_score(entry.stdev) if entry.stdev is not None else "",
        band_label(entry.band),
        str(entry.panel_size),
        tr("Yes", CONTEXT) if entry.third_party else tr("No", CONTEXT),
        tr("Panel", CONTEXT) if entry.source == "panel" else entry.source.upper(),
    )
    return texts[column]


def _final_text(entry: ScoreHistoryEntry) -> str:
    """The recorded final, and beside it a certificate's stated total where the two differ
    (its cells disagree with it beyond rounding)."""
    shown = show_score(entry.final)
    stated = entry.stated_final
    if stated is None or entry.final is None or stated == entry.final:
        return shown
    return f"{shown} ({tr('stated', CONTEXT)} {show_score(stated)})"


class ScoreTrend(QWidget):
    """The finals in date order as dots on a line, lowest and highest written at the side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreTrend")
        self.finals: list[float] = []
        self.setMinimumHeight(70)

    def set_entries(self, entries: tuple[ScoreHistoryEntry, ...]) -> None:
        self.finals = [float(e.final) for e in entries if e.final is not None]
        self.setVisible(len(self.finals) > 1)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if len(self.finals) < 2:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        low, high = min(self.finals), max(self.finals)
        span = (high - low) or 1.0
        margin = painter.fontMetrics().horizontalAdvance("100.00") + 10
        width, height = self.width() - 2 * margin, self.height() - 16
        step = width / (len(self.finals) - 1)
        points = [
            QPointF(margin + i * step, 8 + height * (1 - (value - low) / span))
            for i, value in enumerate(self.finals)
        ]
        painter.setPen(QPen(QColor("#6a8caf"), 2))
        painter.drawPolyline(points)
        painter.setBrush(QColor("#2b4f75"))
        for point in points:
            painter.drawEllipse(point, 4, 4)
        painter.setPen(QColor("#444444"))
        painter.drawText(4, 8 + painter.fontMetrics().ascent(), f"{high:.2f}")
        painter.drawText(4, 8 + height, f"{low:.2f}")
        painter.end()


class ScoreHistoryView(QWidget):
    """The lot editor's cupping tab: `show_lot(lot_id)` reads the history afresh."""

    def __init__(self, cupping: CuppingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreHistory")
        self._cupping = cupping
        self.model = ScoreHistoryModel(self)
        self.trend = ScoreTrend(self)
        self.table = QTableView(self)
        self.table.setObjectName("scoreHistoryTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.trend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.show_lot(None)

    def show_lot(self, lot_id: str | None) -> None:
        entries: tuple[ScoreHistoryEntry, ...] = ()
        text = ""
        if lot_id is not None:
            try:
                entries = self._cupping.lot_history(lot_id)
            except KnownError as error:
                text = error_text(error)
        self.model.set_rows(entries)
        self.trend.set_entries(entries)
        if not text and lot_id is not None and not entries:
            text = tr(
                "This lot has not been cupped yet (or only in blind sessions not yet revealed).",
                CONTEXT,
            )
        self.note.setText(text)
        self.note.setVisible(bool(text))
