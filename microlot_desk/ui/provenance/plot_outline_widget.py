"""A plot's location drawn to scale with QPainter (no map tiles: the app works offline): the
polygon filled, its corners numbered as typed, or the point with a circle of the plot's area;
a scale bar and a north arrow. An outline that breaks a rule is drawn in red."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from microlot_desk.ui.provenance.provenance_texts import t

METRES_PER_DEGREE = math.radians(1) * 6_371_008.8
MARGIN = 28
FILL = QColor(76, 140, 74, 70)
LINE = QColor("#2e6b30")
BAD_FILL = QColor(176, 0, 32, 40)
BAD_LINE = QColor("#b00020")
INK = QColor("#333333")


def nice_length(limit_m: float) -> float:
    """The longest 1, 2 or 5 × 10^n metres not over `limit_m`."""
    if limit_m <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(limit_m))
    for step in (5, 2, 1):
        if step * power <= limit_m:
            return float(step * power)
    return float(power)


def length_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


class PlotOutline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plotOutline")
        self.kind = ""
        self.positions: list[tuple[float, float]] = []  # (lon, lat)
        self.area_ha: float | None = None
        self.valid = True
        self.scale_text = ""  # what the scale bar reads, once drawn
        self.setMinimumSize(220, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    def set_shape(
        self,
        kind: str,
        positions: Sequence[tuple[float, float]],
        *,
        area_ha: float | None = None,
        valid: bool = True,
    ) -> None:
        """kind "Point" or "Polygon" (positions as (lon, lat)); "" for nothing to draw."""
        self.kind = kind if positions else ""
        self.positions = list(positions)
        self.area_ha = area_ha
        self.valid = valid
        self.update()

    # ---- drawing ------------------------------------------------------------------------------

    def _local(self) -> list[tuple[float, float]]:
        """Positions in metres east and north of their centre (plot scale: flat is fine)."""
        lons = [p[0] for p in self.positions]
        lats = [p[1] for p in self.positions]
        lon0, lat0 = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
        kx = METRES_PER_DEGREE * math.cos(math.radians(lat0))
        return [
            ((lon - lon0) * kx, (lat - lat0) * METRES_PER_DEGREE) for lon, lat in self.positions
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#fbfaf6"))
        painter.setPen(QPen(QColor("#d0cec4"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if not self.kind:
            painter.setPen(INK)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, t("No location to draw yet.")
            )
            self.scale_text = ""
            painter.end()
            return
        points = self._local()
        radius = math.sqrt(self.area_ha * 10_000 / math.pi) if self.area_ha else 0.0
        if self.kind == "Point":
            half = max(radius * 1.3, 60.0)
            extent = (-half, -half, half, half)
        else:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            extent = (min(xs), min(ys), max(xs), max(ys))
        width_m = max(extent[2] - extent[0], 1.0)
        height_m = max(extent[3] - extent[1], 1.0)
        box = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - 14)
        scale = min(box.width() / width_m, box.height() / height_m)  # pixels per metre
        middle_x = (extent[0] + extent[2]) / 2
        middle_y = (extent[1] + extent[3]) / 2

        def to_screen(x: float, y: float) -> QPointF:
            return QPointF(
                box.center().x() + (x - middle_x) * scale,
                box.center().y() - (y - middle_y) * scale,
            )

        line = LINE if self.valid else BAD_LINE
        fill = FILL if self.valid else BAD_FILL
        if self.kind == "Point":
            self._draw_point(painter, to_screen(*points[0]), radius * scale, line, fill)
        else:
            self._draw_polygon(painter, [to_screen(x, y) for x, y in points], line, fill)
        self._draw_scale(painter, scale)
        self._draw_north(painter)
        painter.end()

    def _draw_point(
        self, painter: QPainter, centre: QPointF, radius_px: float, line: QColor, fill: QColor
    ) -> None:
        if radius_px > 0:
            painter.setPen(QPen(line, 1, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(fill))
            painter.drawEllipse(centre, radius_px, radius_px)
            painter.setPen(INK)
            painter.drawText(
                centre + QPointF(radius_px * 0.72 + 4, -radius_px * 0.72),
                t("{area} ha").format(area=f"{self.area_ha:g}"),
            )
        painter.setPen(QPen(line, 2))
        painter.setBrush(QBrush(line))
        painter.drawEllipse(centre, 5, 5)
        painter.drawLine(centre + QPointF(-12, 0), centre + QPointF(12, 0))
        painter.drawLine(centre + QPointF(0, -12), centre + QPointF(0, 12))

    def _draw_polygon(
        self, painter: QPainter, corners: list[QPointF], line: QColor, fill: QColor
    ) -> None:
        painter.setPen(QPen(line, 2))
        painter.setBrush(QBrush(fill))
        closed = len(corners) > 1 and corners[0] == corners[-1]
        if closed:
            painter.drawPolygon(QPolygonF(corners))
        else:
            painter.drawPolyline(QPolygonF(corners))
        painter.setBrush(QBrush(line))
        shown = corners[:-1] if closed else corners
        for number, corner in enumerate(shown, start=1):
            painter.setPen(QPen(line, 1))
            painter.drawEllipse(corner, 3, 3)
            if len(shown) <= 40:
                painter.setPen(INK)
                painter.drawText(corner + QPointF(5, -5), str(number))

    def _draw_scale(self, painter: QPainter, pixels_per_metre: float) -> None:
        metres = nice_length(self.width() / 3 / pixels_per_metre)
        length = metres * pixels_per_metre
        left, base = 12.0, self.height() - 12.0
        painter.setPen(QPen(INK, 2))
        painter.drawLine(QPointF(left, base), QPointF(left + length, base))
        for x in (left, left + length):
            painter.drawLine(QPointF(x, base - 5), QPointF(x, base))
        self.scale_text = length_text(metres)
        painter.setPen(INK)
        painter.drawText(QPointF(left + length + 6, base), self.scale_text)

    def _draw_north(self, painter: QPainter) -> None:
        x, top = self.width() - 18.0, 10.0
        painter.setPen(QPen(INK, 2))
        painter.setBrush(QBrush(INK))
        painter.drawPolygon(
            QPolygonF([QPointF(x, top), QPointF(x - 5, top + 12), QPointF(x + 5, top + 12)])
        )
        painter.drawText(QPointF(x - 4, top + 26), "N")
