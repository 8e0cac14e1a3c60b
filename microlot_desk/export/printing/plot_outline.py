"""A plot drawn from its GeoJSON geometry, with a scale bar and a north arrow — no map tiles,
the app works offline.

Geometry is untrusted (it will arrive in imported bundles): anything but a Point, MultiPoint,
Polygon or MultiPolygon of finite [lon, lat] pairs within range, or more than MAX_POSITIONS
positions, is refused (`read_geometry` returns None) rather than drawn wrongly.
Coordinates are projected onto a local plane (equirectangular about the plot's centre), which is
exact to well under a percent at plot scale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect
from reportlab.lib import colors

from microlot_desk.export.printing.pdf_page import ACCENT, INK, MUTED, RULE, SHADE
from microlot_desk.export.printing.pdf_text import TextWriter

MAX_POSITIONS = 20_000
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON = 111_320.0
DEFAULT_POINT_EXTENT_M = 200.0
FILL = colors.HexColor("#cfe0c3")

Position = tuple[float, float]  # (lon, lat)


@dataclass(frozen=True)
class PlotGeometry:
    """What read_geometry found: points, and rings (each a closed or open list of positions)."""

    kind: str
    points: tuple[Position, ...]
    rings: tuple[tuple[Position, ...], ...]

    def positions(self) -> tuple[Position, ...]:
        return self.points + tuple(p for ring in self.rings for p in ring)

    def centre(self) -> Position:
        """Mean of the distinct vertices (a ring's closing repeat counted once)."""
        found = list(self.points)
        for ring in self.rings:
            found.extend(ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring)
        lon = sum(p[0] for p in found) / len(found)
        lat = sum(p[1] for p in found) / len(found)
        return lon, lat


def _position(value: Any) -> Position | None:
    if not isinstance(value, list | tuple) or len(value) not in (2, 3):
        return None
    numbers = value[:2]
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        return None
    lon, lat = float(numbers[0]), float(numbers[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


def _positions(values: Any) -> tuple[Position, ...] | None:
    if not isinstance(values, list | tuple) or not values or len(values) > MAX_POSITIONS:
        return None
    found = tuple(_position(value) for value in values)
    return None if any(p is None for p in found) else found  # type: ignore[return-value]


def _polygon_rings(value: Any) -> list[tuple[Position, ...]] | None:
    if not isinstance(value, list | tuple) or not value:
        return None
    rings = [_positions(ring) for ring in value]
    if any(ring is None or len(ring) < 3 for ring in rings):
        return None
    return rings  # type: ignore[return-value]


def read_geometry(geometry: Mapping[str, Any] | None) -> PlotGeometry | None:
    """The drawable content of a GeoJSON geometry, or None when there is none or it is bad."""
    if not isinstance(geometry, Mapping):
        return None
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    result: PlotGeometry | None = None
    if kind == "Point":
        point = _position(coordinates)
        result = PlotGeometry(kind, (point,), ()) if point else None
    elif kind == "MultiPoint":
        points = _positions(coordinates)
        result = PlotGeometry(kind, points, ()) if points else None
    elif kind == "Polygon":
        rings = _polygon_rings(coordinates)
        result = PlotGeometry(kind, (), tuple(rings)) if rings else None
    elif kind == "MultiPolygon" and isinstance(coordinates, list | tuple) and coordinates:
        polygons = [_polygon_rings(polygon) for polygon in coordinates]
        if all(polygons):
            result = PlotGeometry(kind, (), tuple(r for rings in polygons for r in rings or ()))
    if result is None or len(result.positions()) > MAX_POSITIONS:
        return None
    return result


def _nice_length(limit_m: float) -> float:
    """The longest 1, 2 or 5 x 10^n metres not above limit_m."""
    exponent = math.floor(math.log10(max(limit_m, 1e-3)))
    best = 10.0**exponent
    for factor in (1, 2, 5):
        if factor * 10.0**exponent <= limit_m:
            best = factor * 10.0**exponent
    return best


def _length_text(metres: float) -> str:
    if metres >= 1000:
        return f"{metres / 1000:g} km"
    return f"{metres:g} m"


def outline_drawing(
    plot: PlotGeometry,
    area_ha: Decimal | None,
    width: float,
    height: float,
    writer: TextWriter,
    north: str,
) -> Drawing:
    """The plot in a width x height box: polygons filled, points marked (a point with a recorded
    area gets a dashed circle of that area), a scale bar below and a north arrow."""
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=SHADE, strokeColor=RULE, strokeWidth=0.5))
    lon0, lat0 = plot.centre()
    kx = METRES_PER_DEGREE_LON * math.cos(math.radians(lat0))

    def metres(p: Position) -> tuple[float, float]:
        return (p[0] - lon0) * kx, (p[1] - lat0) * METRES_PER_DEGREE_LAT

    projected = [metres(p) for p in plot.positions()]
    radius = math.sqrt(float(area_ha) * 10_000 / math.pi) if area_ha and not plot.rings else 0.0
    xs = [x for x, _ in projected] + [-radius, radius]
    ys = [y for _, y in projected] + [-radius, radius]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    if not plot.rings and radius == 0.0:
        span_x = span_y = max(span_x, span_y, DEFAULT_POINT_EXTENT_M)

    pad, bar_space = 10.0, 18.0
    box_w, box_h = width - 2 * pad, height - 2 * pad - bar_space
    scale = min(box_w / span_x, box_h / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    cx, cy = width / 2, pad + bar_space + box_h / 2

    def to_page(x: float, y: float) -> tuple[float, float]:
        return cx + (x - mid_x) * scale, cy + (y - mid_y) * scale

    for ring in plot.rings:
        flat = [c for p in ring for c in to_page(*metres(p))]
        drawing.add(Polygon(flat, fillColor=FILL, strokeColor=ACCENT, strokeWidth=1))
    for point in plot.points:
        px, py = to_page(*metres(point))
        if radius:
            drawing.add(
                Circle(
                    px,
                    py,
                    radius * scale,
                    fillColor=FILL,
                    strokeColor=ACCENT,
                    strokeWidth=0.8,
                    strokeDashArray=[3, 2],
                )
            )
        drawing.add(Circle(px, py, 3, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=1))

    bar_m = _nice_length(0.4 * box_w / scale)
    bar_len = bar_m * scale
    y = pad + 4
    drawing.add(Line(pad, y, pad + bar_len, y, strokeColor=INK, strokeWidth=1.5))
    for tick_x in (pad, pad + bar_len):
        drawing.add(Line(tick_x, y - 2.5, tick_x, y + 2.5, strokeColor=INK, strokeWidth=1))
    for shape in writer.strings(_length_text(bar_m), pad + bar_len + 4, y - 2.5, 7, color=MUTED):
        drawing.add(shape)

    ax, ay = width - pad - 5, height - pad - 16
    drawing.add(Polygon([ax - 4, ay, ax + 4, ay, ax, ay + 11], fillColor=INK, strokeWidth=0))
    for shape in writer.strings(north, ax, ay - 9, 7, anchor="middle", bold=True, max_width=20):
        drawing.add(shape)
    return drawing
