"""The GeoJSON the EU information system takes with a due-diligence statement (RFC 7946):
a FeatureCollection with one feature per plot, positions [longitude, latitude] with six
decimals, and the optional, case-sensitive properties ProducerName, ProducerCountry (ISO 3166
alpha-2), ProductionPlace and Area (hectares, for points). Plain data in, bytes out: the plots
arrive already checked (services.provenance.plot_service) and with their rings rounded and closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from microlot_desk.export.provenance.json_numbers import dumps_exact, six

MAX_BYTES = 25 * 1024 * 1024  # the EU system's limit per statement


@dataclass(frozen=True)
class PlotFeature:
    kind: str  # "Point" or "Polygon"
    positions: tuple[tuple[Decimal, Decimal], ...]  # (lon, lat); a polygon's ring closed
    producer_name: str = ""
    producer_country: str = ""
    production_place: str = ""
    area_ha: Decimal | None = None


class TooLarge(ValueError):
    """The collection is over the EU system's 25 MB: export fewer lots per file."""


def _geometry(feature: PlotFeature) -> dict[str, Any]:
    points = [[six(lon), six(lat)] for lon, lat in feature.positions]
    if feature.kind == "Point":
        return {"type": "Point", "coordinates": points[0]}
    return {"type": "Polygon", "coordinates": [points]}


def _properties(feature: PlotFeature) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if feature.producer_name:
        properties["ProducerName"] = feature.producer_name
    if feature.producer_country:
        properties["ProducerCountry"] = feature.producer_country
    if feature.production_place:
        properties["ProductionPlace"] = feature.production_place
    if feature.kind == "Point" and feature.area_ha is not None:
        properties["Area"] = feature.area_ha.quantize(Decimal("0.0001")).normalize()
    return properties


def feature_collection(features: Sequence[PlotFeature]) -> bytes:
    document = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": _geometry(f), "properties": _properties(f)}
            for f in features
        ],
    }
    data = (dumps_exact(document) + "\n").encode("utf-8")
    if len(data) > MAX_BYTES:
        raise TooLarge(str(len(data)))
    return data
