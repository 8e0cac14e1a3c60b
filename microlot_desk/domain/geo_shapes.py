"""A plot's location as the app keeps it: one point, or one polygon without holes (EUDR: one
polygon per plot), positions [lon, lat] in WGS84 decimal degrees.

Input arrives with its digits (typed, GeoJSON parsed with decimals kept, GPX attributes), so a
`PlotShape` holds Decimals and knows how many decimals each coordinate was written with; the
geometry stored on the plot is plain GeoJSON with float numbers (see `to_geojson`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

DecimalPosition = tuple[Decimal, Decimal]  # (lon, lat)
MAX_POSITIONS = 5_000  # a GPX walk is thinned to well below this before it gets here


class ShapeKind(StrEnum):
    POINT = "Point"
    POLYGON = "Polygon"


@dataclass(frozen=True)
class PlotShape:
    kind: ShapeKind
    positions: tuple[DecimalPosition, ...]  # Point: one; Polygon: the exterior ring
    holes: int = 0  # interior rings found in the input (refused by the rules, kept to say so)
    decimals_known: bool = True  # False for stored floats, whose written digits are lost
    # For stored floats: the fewest decimals the coordinates were entered with, when recorded.
    entered_decimals: int | None = None

    def fewest_decimals(self) -> int | None:
        """The precision of what was measured: the fewest decimals of any coordinate as
        written (entered input), or as recorded when it was entered (stored)."""
        if not self.decimals_known:
            return self.entered_decimals
        return min((min(decimals(x), decimals(y)) for x, y in self.positions), default=None)

    def floats(self) -> list[tuple[float, float]]:
        return [(float(lon), float(lat)) for lon, lat in self.positions]

    def to_geojson(self) -> dict[str, Any]:
        if self.kind is ShapeKind.POINT:
            lon, lat = self.positions[0]
            return {"type": "Point", "coordinates": [float(lon), float(lat)]}
        return {
            "type": "Polygon",
            "coordinates": [[[float(x), float(y)] for x, y in self.positions]],
        }


def decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def to_micro(value: Decimal) -> int:
    """Micro-degrees: the coordinate rounded to 6 decimals, as an exact integer."""
    return int(value.scaleb(6).quantize(Decimal(1), rounding="ROUND_HALF_EVEN"))


def from_stored(geometry: Any, entered_decimals: int | None = None) -> PlotShape | None:
    """The shape of a plot's stored GeoJSON geometry; None when it is not a Point or a Polygon
    of number pairs (the rules then report `unsupported_type`). `entered_decimals` is the
    plot's `geometry_decimals`: how precisely the location was entered."""
    if not isinstance(geometry, dict):
        return None
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "Point":
            position = _stored_position(coordinates)
            return PlotShape(ShapeKind.POINT, (position,), 0, False, entered_decimals)
        if kind == "Polygon" and isinstance(coordinates, list) and coordinates:
            ring = tuple(_stored_position(p) for p in coordinates[0])
            holes = len(coordinates) - 1
            return PlotShape(ShapeKind.POLYGON, ring, holes, False, entered_decimals)
    except (TypeError, ValueError):
        return None
    return None


def _stored_position(value: Any) -> DecimalPosition:
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise ValueError("position")
    lon, lat = value[0], value[1]
    if isinstance(lon, bool) or isinstance(lat, bool):
        raise ValueError("position")
    if not isinstance(lon, int | float) or not isinstance(lat, int | float):
        raise ValueError("position")
    return Decimal(repr(float(lon))), Decimal(repr(float(lat)))
