"""The panel's section means as a bar chart, drawn with QPainter (no chart library): one bar
per section on the form's own scale, a whisker for the standard deviation where there is one,
and the mean written beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from microlot_desk.domain.cupping import FormTemplate, PanelSummary
from microlot_desk.ui.common.cupping_texts import CONTEXT, form_label, show_score
from microlot_desk.ui.common.texts import tr

BAR = QColor("#6a8caf")
WHISKER = QColor("#2b2b2b")
GRID = QColor("#d0d0d0")


@dataclass(frozen=True)
class Bar:
    label: str
    mean: Decimal
    stdev: Decimal | None
    low: Decimal  # the bottom of the section's scale
    high: Decimal  # the top of the section's scale


def chart_bars(form: FormTemplate, summary: PanelSummary | None) -> list[Bar]:
    """Scored sections with a mean, in form order; cups sections in points (0 to cups x 2)."""
    if summary is None:
        return []
    means = {stats.key: stats for stats in summary.sections if stats.mean is not None}
    bars = []
    for section in form.sections:
        stats = means.get(section.key)
        if stats is None or stats.mean is None or section.kind not in ("score", "cups"):
            continue
        if section.kind == "cups" and section.points_per_cup is not None:
            low, high = Decimal(0), section.points_per_cup * (form.cups or 0)
        elif section.range is not None and section.range.maximum is not None:
            low, high = section.range.minimum, section.range.maximum
        else:
            continue
        bars.append(Bar(form_label(section.label), stats.mean, stats.stdev, low, high))
    return bars


class SectionMeansChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionMeansChart")
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("Section means", CONTEXT))

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.setToolTip(
            "\n".join(f"{bar.label}: {show_score(bar.mean)}" for bar in bars) if bars else ""
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 28 * max(len(self.bars), 4) + 40)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 160)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if not self.bars:
            painter.setPen(QColor("#666666"))
            text = tr("No complete sheet counts yet.", CONTEXT)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            return
        metrics = painter.fontMetrics()
        label_width = max(metrics.horizontalAdvance(bar.label) for bar in self.bars) + 12
        value_width = metrics.horizontalAdvance("10.00 ± 0.00") + 12
        plot = QRectF(label_width, 8, self.width() - label_width - value_width, self.height() - 30)
        if plot.width() < 40 or plot.height() < 20:
            painter.end()
            return
        self._grid(painter, plot)
        pitch = plot.height() / len(self.bars)
        for row, bar in enumerate(self.bars):
            self._bar(painter, plot, bar, plot.top() + row * pitch, pitch)
        painter.end()

    def _x(self, plot: QRectF, bar: Bar, value: Decimal) -> float:
        span = float(bar.high - bar.low) or 1.0
        share = min(max(float(value - bar.low) / span, 0.0), 1.0)
        return plot.left() + share * plot.width()

    def _grid(self, painter: QPainter, plot: QRectF) -> None:
        """Tenths of the scale; the scale's ends written under the axis when all bars share it."""
        painter.setPen(QPen(GRID, 1))
        for tenth in range(11):
            x = plot.left() + plot.width() * tenth / 10
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        scales = {(bar.low, bar.high) for bar in self.bars}
        if len(scales) == 1:
            low, high = scales.pop()
            painter.setPen(QColor("#555555"))
            below = QRectF(plot.left() - 30, plot.bottom() + 2, 60, 20)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, show_score(low, 0))
            below.moveLeft(plot.right() - 30)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, show_score(high, 0))

    def _bar(self, painter: QPainter, plot: QRectF, bar: Bar, top: float, pitch: float) -> None:
        height = max(pitch * 0.6, 4.0)
        middle = top + pitch / 2
        painter.setPen(QColor("#1b1b1b"))
        label = QRectF(0, top, plot.left() - 8, pitch)
        painter.drawText(
            label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, bar.label
        )
        end = self._x(plot, bar, bar.mean)
        painter.fillRect(QRectF(plot.left(), middle - height / 2, end - plot.left(), height), BAR)
        text = show_score(bar.mean)
        if bar.stdev is not None:
            left = self._x(plot, bar, bar.mean - bar.stdev)
            right = self._x(plot, bar, bar.mean + bar.stdev)
            painter.setPen(QPen(WHISKER, 1.5))
            painter.drawLine(QPointF(left, middle), QPointF(right, middle))
            for x in (left, right):
                painter.drawLine(QPointF(x, middle - height / 3), QPointF(x, middle + height / 3))
            text += f" ± {show_score(bar.stdev)}"
        painter.setPen(QColor("#1b1b1b"))
        value = QRectF(plot.right() + 6, top, self.width() - plot.right() - 6, pitch)
        painter.drawText(value, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
