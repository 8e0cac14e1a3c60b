"""Reading a plot's location from what a person gives: typed coordinates, pasted or imported
GeoJSON, or a GPX file (see gpx.py). Every reader returns a PlotShape with the digits as
written, or raises GeoInputError(code, values) saying what is wrong; the EUDR rules are
checked afterwards by geo_rules.check_plot_shape.

Typed coordinates are "latitude, longitude" (the order maps and phones show), one position per
line or separated by ";". A typed polygon may leave out the closing position: it is repeated.
GeoJSON is [longitude, latitude] as RFC 7946 says, and must be closed as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from microlot_desk.domain.geo_shapes import MAX_POSITIONS, DecimalPosition, PlotShape, ShapeKind
from microlot_desk.domain.strict_json import JsonInputError, loads_strict

MAX_GEOJSON_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 400_000
_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d+)?$")


class GeoInputError(ValueError):
    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = {key: str(value) for key, value in values.items()}


def _number(text: str) -> Decimal:
    cleaned = text.strip()
    if not _NUMBER.match(cleaned):
        raise GeoInputError("not_a_coordinate", value=cleaned[:40])
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise GeoInputError("not_a_coordinate", value=cleaned[:40]) from exc


def _typed_position(text: str) -> DecimalPosition:
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    if len(parts) != 2:
        raise GeoInputError("not_a_position", value=text.strip()[:60])
    lat, lon = _number(parts[0]), _number(parts[1])
    return lon, lat


def parse_typed_point(text: str) -> PlotShape:
    """'4.123456, -75.123456' (latitude first)."""
    return PlotShape(ShapeKind.POINT, (_typed_position(text),))


def parse_typed_polygon(text: str) -> PlotShape:
    """One 'lat, lon' per line or separated by ';'; the ring is closed for the person."""
    if len(text) > MAX_TEXT_CHARS:
        raise GeoInputError("too_large", max=MAX_TEXT_CHARS)
    lines = [line for line in re.split(r"[;\n]+", text) if line.strip()]
    if len(lines) > MAX_POSITIONS:
        raise GeoInputError("too_many_positions", max=MAX_POSITIONS)
    ring = [_typed_position(line) for line in lines]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return PlotShape(ShapeKind.POLYGON, tuple(ring))


def _geojson_position(value: Any) -> DecimalPosition:
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise GeoInputError("not_a_geojson_position", value=str(value)[:60])
    lon, lat = value[0], value[1]
    for number in (lon, lat):
        if isinstance(number, bool) or not isinstance(number, int | Decimal):
            raise GeoInputError("not_a_coordinate", value=str(number)[:40])
    return Decimal(lon), Decimal(lat)


def _geometry_of(document: Any) -> Mapping[str, Any]:
    if not isinstance(document, dict):
        raise GeoInputError("not_geojson")
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list) or len(features) != 1:
            count = len(features) if isinstance(features, list) else 0
            raise GeoInputError("one_feature_expected", count=count)
        return _geometry_of(features[0])
    if kind == "Feature":
        return _geometry_of(document.get("geometry"))
    return document


def shape_from_geojson(document: Any) -> PlotShape:
    """A Point or a Polygon, bare or in a Feature or a one-feature FeatureCollection."""
    geometry = _geometry_of(document)
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind is None:
        raise GeoInputError("no_type")
    if kind in ("Point", "Polygon") and (not isinstance(coordinates, list) or not coordinates):
        raise GeoInputError("no_coordinates", type=kind)
    if kind == "Point":
        return PlotShape(ShapeKind.POINT, (_geojson_position(coordinates),))
    if kind == "Polygon":
        assert isinstance(coordinates, list)  # checked just above
        exterior = coordinates[0]
        if not isinstance(exterior, list) or not exterior:
            raise GeoInputError("no_coordinates", type=kind)
        if len(exterior) > MAX_POSITIONS:
            raise GeoInputError("too_many_positions", max=MAX_POSITIONS)
        ring = tuple(_geojson_position(p) for p in exterior)
        return PlotShape(ShapeKind.POLYGON, ring, holes=len(coordinates) - 1)
    if kind == "MultiPolygon":
        raise GeoInputError("one_polygon_per_plot")
    raise GeoInputError("unsupported_type", type=str(kind)[:40])


def parse_geojson(data: bytes | str) -> PlotShape:
    """Strict JSON (no duplicate keys, NaN or oversized input), numbers kept as written."""
    try:
        document = loads_strict(data, max_bytes=MAX_GEOJSON_BYTES, parse_float=Decimal)
    except JsonInputError as exc:
        raise GeoInputError(f"json_{exc.reason}", detail=exc.detail[:80]) from exc
    return shape_from_geojson(document)
