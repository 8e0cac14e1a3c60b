"""A GPX file (a phone's or a GPS unit's record of a walk around the plot) read safely.

GPX is XML from another machine. The parser is expat, driven directly: any DOCTYPE is refused
before its content is read, so no entity (internal, external or recursive — the "billion
laughs") can be declared or expanded, and no external resource is ever fetched. Size and point
counts are capped.

The walk becomes a polygon: the track points (or route points) in order, positions that repeat
at 6 decimals dropped, thinned by Douglas–Peucker with a tolerance of a few decimetres when
there are more than MAX_VERTICES, and closed. A file with a single waypoint and no track gives
a point.
"""

from __future__ import annotations

import math
import xml.parsers.expat
from decimal import Decimal, InvalidOperation

from microlot_desk.domain.geo_input import GeoInputError
from microlot_desk.domain.geo_shapes import DecimalPosition, PlotShape, ShapeKind, to_micro

MAX_GPX_BYTES = 10 * 1024 * 1024
MAX_POINTS = 200_000
MAX_VERTICES = 500
THIN_TOLERANCE_M = 0.3
CLOSE_GAP_M = 60.0  # a walk ending further than this from its start is said to be open


class _Refused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class _Reader:
    def __init__(self) -> None:
        self.track: list[DecimalPosition] = []
        self.waypoints: list[DecimalPosition] = []
        parser = xml.parsers.expat.ParserCreate()
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._external
        parser.StartElementHandler = self._start
        self.parser = parser

    def _doctype(self, *_: object) -> None:
        raise _Refused("xml_doctype")

    def _entity(self, *_: object) -> None:
        raise _Refused("xml_doctype")

    def _external(self, *_: object) -> int:
        raise _Refused("xml_doctype")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1].rsplit("}", 1)[-1]
        if local not in ("trkpt", "rtept", "wpt"):
            return
        try:
            lat, lon = Decimal(attributes["lat"].strip()), Decimal(attributes["lon"].strip())
        except (KeyError, InvalidOperation) as exc:
            raise _Refused("gpx_bad_point") from exc
        if not (lat.is_finite() and lon.is_finite()):
            raise _Refused("gpx_bad_point")
        target = self.waypoints if local == "wpt" else self.track
        target.append((lon, lat))
        if len(self.track) + len(self.waypoints) > MAX_POINTS:
            raise _Refused("too_many_positions")


def read_gpx(data: bytes) -> PlotShape:
    """The plot outline walked in the file (or its one waypoint); GeoInputError otherwise."""
    if len(data) > MAX_GPX_BYTES:
        raise GeoInputError("too_large", max=MAX_GPX_BYTES)
    reader = _Reader()
    try:
        reader.parser.Parse(data, True)
    except _Refused as refused:
        raise GeoInputError(refused.code) from None
    except xml.parsers.expat.ExpatError as exc:
        raise GeoInputError("bad_xml", detail=str(exc)) from None
    if not reader.track:
        if len(reader.waypoints) == 1:
            return PlotShape(ShapeKind.POINT, (reader.waypoints[0],))
        raise GeoInputError("gpx_no_track")
    return walk_to_polygon(reader.track)


def walk_to_polygon(points: list[DecimalPosition]) -> PlotShape:
    ring: list[DecimalPosition] = []
    for point in points:
        if not ring or _micro(ring[-1]) != _micro(point):
            ring.append(point)
    # Closed when the walk ends where it began, or within CLOSE_GAP_M of it. The gap is measured
    # before an exact closing point is dropped: after dropping it, the last corner of a walk of
    # a few corners is far from the start although the walk itself came back.
    gap = _metres(ring[0], ring[-1]) if len(ring) > 1 else 0.0
    if len(ring) > 1 and _micro(ring[0]) == _micro(ring[-1]):
        ring.pop()
    if len(ring) < 3:
        raise GeoInputError("too_few_positions", count=len(ring))
    if gap > CLOSE_GAP_M:
        raise GeoInputError("gpx_not_closed", gap_m=round(gap))
    tolerance = THIN_TOLERANCE_M
    thinned = ring
    while len(thinned) > MAX_VERTICES:
        thinned = _douglas_peucker([*ring, ring[0]], tolerance)[:-1]
        tolerance *= 2
    return PlotShape(ShapeKind.POLYGON, (*thinned, thinned[0]))


def _micro(p: DecimalPosition) -> tuple[int, int]:
    return to_micro(p[0]), to_micro(p[1])


def _metres(a: DecimalPosition, b: DecimalPosition) -> float:
    lat0 = math.radians(float(a[1]))
    dx = (float(b[0]) - float(a[0])) * 111_320 * math.cos(lat0)
    dy = (float(b[1]) - float(a[1])) * 110_574
    return math.hypot(dx, dy)


def _douglas_peucker(points: list[DecimalPosition], tolerance_m: float) -> list[DecimalPosition]:
    """Iterative Douglas–Peucker in a local metric plane; keeps the first and last point."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _to_chord(points[i], points[first], points[last])
            if distance > worst:
                worst, index = distance, i
        if index >= 0 and worst > tolerance_m:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _to_chord(p: DecimalPosition, a: DecimalPosition, b: DecimalPosition) -> float:
    ax, ay = 0.0, 0.0
    bx, by = _offset(a, b)
    px, py = _offset(a, p)
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px, py)
    t = max(0.0, min(1.0, (px * dx + py * dy) / length2))
    return math.hypot(px - t * dx, py - t * dy)


def _offset(origin: DecimalPosition, p: DecimalPosition) -> tuple[float, float]:
    lat0 = math.radians(float(origin[1]))
    return (
        (float(p[0]) - float(origin[0])) * 111_320 * math.cos(lat0),
        (float(p[1]) - float(origin[1])) * 110_574,
    )
