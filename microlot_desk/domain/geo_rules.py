"""The EUDR rules for a plot's geolocation (DOMAIN.md §8), checked the same way when a
geometry is entered and when it is exported.

Problems (the geometry is refused): too_few_decimals, out_of_range, too_many_positions,
unsupported_type, has_holes, not_closed, too_few_positions, self_intersection,
collapses_at_6_decimals, polygon_required (a point for a plot over 4 ha), outside_country,
lat_lon_swapped, no_country. Warnings (shown, not refused): country_bounds_unknown,
area_differs, area_assumed.

Polygon validity is decided on the ring rounded to 6 decimals (exact integers of micro-degrees),
which is what the export writes, so "valid here" means "valid as exported".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from microlot_desk.domain.geo_math import ring_area_ha, signed_plane_area
from microlot_desk.domain.geo_segments import ring_self_intersects
from microlot_desk.domain.geo_shapes import (
    MAX_POSITIONS,
    DecimalPosition,
    PlotShape,
    ShapeKind,
    decimals,
    to_micro,
)

MIN_DECIMALS = 6
POINT_LIMIT_HA = Decimal(4)
# Stored floats lose their written digits; one written with 4 decimals or fewer was typed coarse.
STORED_MIN_DECIMALS = 5
AREA_TOLERANCE = Decimal("0.2")

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
CountryBounds = Mapping[str, Sequence[Box]]


@dataclass(frozen=True)
class GeoProblem:
    code: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GeoReport:
    """The shape as it will be stored and exported (rounded ring, counter-clockwise), its area
    in hectares for a polygon, and what is wrong or worth a look."""

    shape: PlotShape | None
    area_ha: Decimal | None
    problems: tuple[GeoProblem, ...]
    warnings: tuple[GeoProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _inside(position: tuple[float, float], boxes: Sequence[Box]) -> bool:
    lon, lat = position
    return any(b[0] <= lon <= b[2] and b[1] <= lat <= b[3] for b in boxes)


def _check_positions(shape: PlotShape, problems: list[GeoProblem]) -> bool:
    if not shape.positions or len(shape.positions) > MAX_POSITIONS:
        problems.append(GeoProblem("too_many_positions", {"max": str(MAX_POSITIONS)}))
        return False
    # Precision is judged on what was measured: the digits as entered. A stored location
    # recorded with its entered precision is judged on that, once; one stored before that was
    # recorded only has floats, whose trailing zeros are gone, and gets the lenient rule.
    entered = None if shape.decimals_known else shape.entered_decimals
    wanted = MIN_DECIMALS if shape.decimals_known else STORED_MIN_DECIMALS
    for index, (lon, lat) in enumerate(shape.positions):
        if not (lon.is_finite() and lat.is_finite() and -180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(GeoProblem("out_of_range", {"position": str(index + 1)}))
            return False
        if entered is not None:
            if entered < MIN_DECIMALS:
                values = {"position": str(index + 1), "lon": str(lon), "lat": str(lat)}
                problems.append(GeoProblem("too_few_decimals", values))
                return True
            continue
        if min(decimals(lon), decimals(lat)) < wanted:
            problems.append(
                GeoProblem(
                    "too_few_decimals",
                    {"position": str(index + 1), "lon": str(lon), "lat": str(lat)},
                )
            )
            return True
    return True


def _rounded_ring(ring: Sequence[DecimalPosition]) -> list[tuple[int, int]]:
    """The ring in micro-degrees, consecutive repeats (after rounding) dropped."""
    result: list[tuple[int, int]] = []
    for lon, lat in ring:
        point = (to_micro(lon), to_micro(lat))
        if not result or result[-1] != point:
            result.append(point)
    return result


def _collinear(ring: Sequence[tuple[int, int]]) -> bool:
    (ax, ay), (bx, by) = ring[0], ring[1]
    return all((bx - ax) * (y - ay) - (by - ay) * (x - ax) == 0 for x, y in ring[2:])


def _check_polygon(shape: PlotShape, problems: list[GeoProblem]) -> PlotShape | None:
    ring = shape.positions
    if shape.holes:
        problems.append(GeoProblem("has_holes", {"holes": str(shape.holes)}))
    if len(ring) < 4:
        problems.append(GeoProblem("too_few_positions", {"count": str(len(ring))}))
        return None
    if ring[0] != ring[-1]:
        problems.append(GeoProblem("not_closed"))
        return None
    micro = _rounded_ring(ring)
    if len(micro) < 4 or len(set(micro[:-1])) < 3:
        problems.append(GeoProblem("collapses_at_6_decimals"))
        return None
    if _collinear(micro):
        problems.append(GeoProblem("collapses_at_6_decimals"))
        return None
    crossing = ring_self_intersects(micro)
    if crossing is not None:
        problems.append(GeoProblem("self_intersection", {"segment": str(crossing + 1)}))
        return None
    if signed_plane_area([(float(x), float(y)) for x, y in micro]) < 0:
        micro.reverse()  # RFC 7946: exterior rings counter-clockwise
    positions = tuple((Decimal(x).scaleb(-6), Decimal(y).scaleb(-6)) for x, y in micro)
    return PlotShape(ShapeKind.POLYGON, positions, 0, shape.decimals_known, shape.entered_decimals)


def _check_country(
    shape: PlotShape, country: str, bounds: CountryBounds, report: tuple[list[GeoProblem], ...]
) -> None:
    problems, warnings = report
    if not country:
        problems.append(GeoProblem("no_country"))
        return
    boxes = bounds.get(country.upper())
    if not boxes:
        warnings.append(GeoProblem("country_bounds_unknown", {"country": country}))
        return
    points = shape.floats()
    outside = [index for index, p in enumerate(points) if not _inside(p, boxes)]
    if not outside:
        return
    swapped = all(_inside((lat, lon), boxes) for lon, lat in points)
    code = "lat_lon_swapped" if swapped else "outside_country"
    lon, lat = points[outside[0]]
    problems.append(
        GeoProblem(
            code,
            {"country": country, "position": str(outside[0] + 1), "lon": str(lon), "lat": str(lat)},
        )
    )


def check_plot_shape(
    shape: PlotShape | None,
    *,
    area_ha: Decimal | None,
    country: str,
    bounds: CountryBounds,
) -> GeoReport:
    """Every rule at once. `area_ha` is the plot's recorded area (a point over 4 ha is refused;
    a polygon's computed area is compared with it)."""
    problems: list[GeoProblem] = []
    warnings: list[GeoProblem] = []
    if shape is None:
        return GeoReport(None, None, (GeoProblem("unsupported_type"),), ())
    if not _check_positions(shape, problems) or problems:
        return GeoReport(None, None, tuple(problems), ())
    computed: Decimal | None = None
    checked: PlotShape | None = shape
    if shape.kind is ShapeKind.POINT:
        if area_ha is not None and area_ha > POINT_LIMIT_HA:
            problems.append(GeoProblem("polygon_required", {"area_ha": str(area_ha), "limit": "4"}))
        if area_ha is None:
            warnings.append(GeoProblem("area_assumed", {"area_ha": "4"}))
    else:
        checked = _check_polygon(shape, problems)
        if checked is not None:
            computed = Decimal(str(round(ring_area_ha(checked.floats()), 4)))
            if area_ha and abs(computed - area_ha) > area_ha * AREA_TOLERANCE:
                warnings.append(
                    GeoProblem(
                        "area_differs", {"recorded": str(area_ha), "computed": str(computed)}
                    )
                )
    if checked is not None:
        _check_country(checked, country, bounds, (problems, warnings))
    return GeoReport(checked, computed, tuple(problems), tuple(warnings))
