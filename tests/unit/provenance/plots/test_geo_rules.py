"""Plot geolocation: the EUDR rules (decimals, closed rings, no self-intersection, no holes, not
collapsing at 6 decimals, a polygon over 4 ha, inside the country so a swap is caught), the
geodesic area, and reading typed coordinates, GeoJSON and GPX safely."""

from __future__ import annotations

import itertools
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microlot_desk.domain.geo_input import (
    GeoInputError,
    parse_geojson,
    parse_typed_point,
    parse_typed_polygon,
)
from microlot_desk.domain.geo_math import AUTHALIC_RADIUS_M, ring_area_m2
from microlot_desk.domain.geo_rules import check_plot_shape
from microlot_desk.domain.geo_shapes import PlotShape, ShapeKind
from microlot_desk.domain.gpx import read_gpx
from microlot_desk.services.provenance.plot_service import country_bounds

BOUNDS = country_bounds()


def codes(shape: PlotShape, country: str = "CO", area: str | None = None) -> list[str]:
    report = check_plot_shape(
        shape, area_ha=Decimal(area) if area else None, country=country, bounds=BOUNDS
    )
    return [p.code for p in report.problems]


SQUARE = "1.600001, -77.130001; 1.600001, -77.129001; 1.601001, -77.129001; 1.601001, -77.130001"


# ---- area -----------------------------------------------------------------------------------


def test_a_thousandth_of_a_degree_square_at_the_equator_has_the_known_area() -> None:
    # 1° of latitude is 110,574 m and 1° of longitude 111,320 m at the equator (WGS84).
    ring = [(0.0, 0.0), (0.001, 0.0), (0.001, 0.001), (0.0, 0.001), (0.0, 0.0)]
    assert ring_area_m2(ring) == pytest.approx(110.574 * 111.320, rel=5e-4)


@settings(max_examples=80, deadline=None)
@given(
    lat=st.floats(-40, 40),
    lon=st.floats(-179, 178),
    size=st.floats(1e-4, 2e-2),
)
def test_a_small_square_on_the_authalic_sphere_matches_the_rectangle_formula(
    lat: float, lon: float, size: float
) -> None:
    ring = [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size)]
    # Area between two parallels and two meridians on a sphere: R²·Δλ·(sin φ2 − sin φ1).
    exact = (
        AUTHALIC_RADIUS_M**2
        * math.radians(size)
        * (math.sin(math.radians(lat + size)) - math.sin(math.radians(lat)))
    )
    assert ring_area_m2(ring, local=False) == pytest.approx(exact, rel=2e-4)
    assert ring_area_m2(list(reversed(ring))) == pytest.approx(ring_area_m2(ring))


def test_the_area_of_a_checked_polygon_is_given_in_hectares() -> None:
    report = check_plot_shape(
        parse_typed_polygon(SQUARE), area_ha=None, country="CO", bounds=BOUNDS
    )
    assert report.ok and report.area_ha == pytest.approx(Decimal("1.2308"), abs=Decimal("0.002"))


# ---- polygon validity -----------------------------------------------------------------------


def test_a_good_polygon_is_accepted_closed_and_counter_clockwise() -> None:
    report = check_plot_shape(
        parse_typed_polygon(SQUARE), area_ha=None, country="CO", bounds=BOUNDS
    )
    assert report.ok and report.shape is not None
    ring = report.shape.floats()
    assert ring[0] == ring[-1] and len(ring) == 5
    signed = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
    assert signed > 0


@pytest.mark.parametrize(
    ("geojson", "problem"),
    [
        (  # first and last differ
            '{"type": "Polygon", "coordinates": [[[-77.130001, 1.600001], [-77.129001, 1.600001],'
            " [-77.129001, 1.601001], [-77.130001, 1.601001]]]}",
            "not_closed",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[-77.130001, 1.600001], [-77.129001, 1.600001],'
            " [-77.130001, 1.600001]]]}",
            "too_few_positions",
        ),
        (  # a bow tie
            '{"type": "Polygon", "coordinates": [[[-77.130001, 1.600001], [-77.129001, 1.601001],'
            " [-77.129001, 1.600001], [-77.130001, 1.601001], [-77.130001, 1.600001]]]}",
            "self_intersection",
        ),
        (  # a hole
            '{"type": "Polygon", "coordinates": [[[-77.130001, 1.600001], [-77.129001, 1.600001],'
            " [-77.129001, 1.601001], [-77.130001, 1.601001], [-77.130001, 1.600001]],"
            " [[-77.129801, 1.600201], [-77.129201, 1.600201], [-77.129201, 1.600801],"
            " [-77.129801, 1.600201]]]}",
            "has_holes",
        ),
        (  # distinct only in the 7th decimal: one point at 6 decimals
            '{"type": "Polygon", "coordinates": [[[-77.1300011, 1.6000011], [-77.1300012,'
            " 1.6000012], [-77.1300013, 1.6000011], [-77.1300011, 1.6000011]]]}",
            "collapses_at_6_decimals",
        ),
        ('{"type": "Point", "coordinates": [-77.13, 1.6]}', "too_few_decimals"),
        ('{"type": "Point", "coordinates": [1.600001, -77.130001]}', "lat_lon_swapped"),
        ('{"type": "Point", "coordinates": [38.243117, 5.901234]}', "outside_country"),
    ],
)
def test_broken_rules_are_named(geojson: str, problem: str) -> None:
    assert problem in codes(parse_geojson(geojson))


def test_a_point_is_refused_for_a_plot_over_4_ha_but_fine_up_to_4() -> None:
    point = parse_typed_point("1.600001, -77.130001")
    assert codes(point, area="6") == ["polygon_required"]
    assert codes(point, area="4") == []
    report = check_plot_shape(point, area_ha=None, country="CO", bounds=BOUNDS)
    assert [w.code for w in report.warnings] == ["area_assumed"]


def test_an_unknown_country_is_a_warning_not_a_refusal() -> None:
    report = check_plot_shape(
        parse_typed_point("1.600001, -77.130001"), area_ha=None, country="IS", bounds=BOUNDS
    )
    assert report.ok and "country_bounds_unknown" in [w.code for w in report.warnings]


def _star(angles: list[float], radii: list[float]) -> PlotShape:
    """A star-shaped ring around a point in Huila: simple by construction."""
    lat0, lon0 = Decimal("2.000001"), Decimal("-75.600001")
    ring = []
    for angle, radius in sorted(zip(angles, radii, strict=True)):
        dx = Decimal(str(round(radius * math.cos(angle), 6)))
        dy = Decimal(str(round(radius * math.sin(angle), 6)))
        ring.append((lon0 + dx, lat0 + dy))
    ring.append(ring[0])
    return PlotShape(ShapeKind.POLYGON, tuple(ring))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 359), min_size=3, max_size=30, unique=True).flatmap(
        lambda degrees: st.tuples(
            st.just([math.radians(d) for d in degrees]),
            st.lists(st.floats(0.002, 0.004), min_size=len(degrees), max_size=len(degrees)),
        )
    )
)
def test_star_shaped_rings_are_valid_and_agree_with_shapely(
    case: tuple[list[float], list[float]],
) -> None:
    angles, radii = case
    shape = _star(angles, radii)
    report = check_plot_shape(shape, area_ha=None, country="CO", bounds=BOUNDS)
    # a star-shaped ring whose angles are all within half a turn may still be simple
    shapely = pytest.importorskip("shapely")
    polygon = shapely.geometry.Polygon(shape.floats())
    assert report.ok == polygon.is_valid, (
        report.problems,
        shapely.validation.explain_validity(polygon),
    )


# ---- reading --------------------------------------------------------------------------------


def test_typed_coordinates_are_latitude_first() -> None:
    point = parse_typed_point("1.605612, -77.129434")
    assert point.positions == ((Decimal("-77.129434"), Decimal("1.605612")),)
    with pytest.raises(GeoInputError):
        parse_typed_point("north of the river")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"type": "Point", "type": "Polygon"}', "json_duplicate_key"),
        ('{"type": "Point", "coordinates": [NaN, 1.0]}', "json_not_a_number"),
        ('{"type": "MultiPolygon", "coordinates": []}', "one_polygon_per_plot"),
        ('{"type": "LineString", "coordinates": []}', "unsupported_type"),
        ('{"type": "FeatureCollection", "features": []}', "one_feature_expected"),
    ],
)
def test_bad_geojson_is_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(GeoInputError) as refused:
        parse_geojson(text)
    assert refused.value.code == code


def test_a_feature_keeps_the_digits_as_written() -> None:
    shape = parse_geojson(
        '{"type": "Feature", "properties": {}, "geometry":'
        ' {"type": "Point", "coordinates": [-77.129400, 1.605600]}}'
    )
    assert shape.positions == ((Decimal("-77.129400"), Decimal("1.605600")),)
    assert codes(shape) == []


def _gpx(points: list[tuple[float, float]], prolog: str = "") -> bytes:
    body = "".join(
        f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>1900</ele></trkpt>' for lat, lon in points
    )
    return (
        f'<?xml version="1.0"?>{prolog}<gpx version="1.1" creator="phone" '
        f'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>{body}</trkseg></trk></gpx>'
    ).encode()


def test_a_gpx_walk_around_the_plot_becomes_a_closed_valid_polygon() -> None:
    walk = []
    for step in range(400):  # a slightly wobbly circle of ~60 m, walked once
        angle = 2 * math.pi * step / 400
        walk.append((1.6 + 0.00055 * math.sin(angle), -77.13 + 0.00055 * math.cos(angle)))
    shape = read_gpx(_gpx(walk))
    assert shape.kind is ShapeKind.POLYGON and shape.positions[0] == shape.positions[-1]
    assert len(shape.positions) <= 501
    report = check_plot_shape(shape, area_ha=None, country="CO", bounds=BOUNDS)
    assert report.ok, report.problems
    assert report.area_ha == pytest.approx(Decimal("1.17"), abs=Decimal("0.05"))


def test_gpx_with_entities_is_refused_before_anything_expands() -> None:
    laughs = (
        '<!DOCTYPE gpx [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with pytest.raises(GeoInputError) as refused:
        read_gpx(_gpx([(1.6, -77.13)], prolog=laughs).replace(b"<ele>1900", b"<ele>&c;"))
    assert refused.value.code == "xml_doctype"
    external = '<!DOCTYPE gpx SYSTEM "file:///etc/passwd">'
    with pytest.raises(GeoInputError):
        read_gpx(_gpx([(1.6, -77.13)], prolog=external))


def test_a_walk_of_four_corners_back_to_the_start_is_a_polygon() -> None:
    # Corners ~110 m apart, the last point exactly where the walk began.
    corners = [(1.600, -77.130), (1.600, -77.129), (1.601, -77.129), (1.601, -77.130)]
    shape = read_gpx(_gpx([*corners, corners[0]]))
    assert shape.kind is ShapeKind.POLYGON
    assert len(shape.positions) == 5 and shape.positions[0] == shape.positions[-1]


def test_a_gpx_walk_that_does_not_come_back_is_refused() -> None:
    walk = [(1.6 + 0.0001 * i, -77.13) for i in range(20)] + [(1.602, -77.129)]
    with pytest.raises(GeoInputError) as refused:
        read_gpx(_gpx(walk))
    assert refused.value.code == "gpx_not_closed"


def test_a_gpx_waypoint_alone_is_a_point() -> None:
    data = b'<gpx><wpt lat="1.6056123" lon="-77.1294123"/></gpx>'
    assert read_gpx(data).kind is ShapeKind.POINT
