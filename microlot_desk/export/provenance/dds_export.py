"""The due-diligence information EUDR asks to keep for five years (DOMAIN.md §8), per lot:
product and HS code, net mass, country of production, harvest date range, every plot with its
geolocation, the producer, supplier and customer, traceability, and the evidence on record
(name and SHA-256). As JSON, and as CSV (one row per plot) for a spreadsheet.

CSV cells of people's text that start with = + - @, a tab or a carriage return are prefixed
with an apostrophe so no spreadsheet runs them as a formula; numbers written by the app
(coordinates, weights) are left as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from microlot_desk.export.provenance.json_numbers import dumps_exact, six

HS_CODE = "090111"  # coffee, not roasted, not decaffeinated
PRODUCT = "Coffee, green (not roasted, not decaffeinated)"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will show as text, never evaluate."""
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class DdsPlot:
    plot_id: str
    name: str
    kind: str  # Point or Polygon
    positions: tuple[tuple[Decimal, Decimal], ...]  # (lon, lat)
    area_ha: Decimal | None


@dataclass(frozen=True)
class DdsEvidence:
    name: str
    kind: str
    sha256: str


@dataclass(frozen=True)
class DdsLot:
    lot_id: str
    code: str
    name: str
    net_mass_kg: Decimal | None
    country: str
    harvest_start: date | None
    harvest_end: date | None
    producer: str
    producer_country: str
    supplier: str
    customer: str
    traceability: str
    plots: tuple[DdsPlot, ...]
    evidence: tuple[DdsEvidence, ...] = field(default=())


def _plot_json(plot: DdsPlot) -> dict[str, Any]:
    coordinates: Any
    if plot.kind == "Point":
        lon, lat = plot.positions[0]
        coordinates = [six(lon), six(lat)]
    else:
        coordinates = [[[six(lon), six(lat)] for lon, lat in plot.positions]]
    return {
        "id": plot.plot_id,
        "name": plot.name,
        "area_ha": plot.area_ha,
        "geometry": {"type": plot.kind, "coordinates": coordinates},
    }


def dds_json(lots: Sequence[DdsLot], generated_at: datetime, app: str) -> bytes:
    document = {
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "generated_by": app,
        "regulation": "Regulation (EU) 2023/1115",
        "statements": [
            {
                "lot_id": lot.lot_id,
                "lot_code": lot.code,
                "lot_name": lot.name,
                "product": PRODUCT,
                "hs_code": HS_CODE,
                "net_mass_kg": lot.net_mass_kg,
                "country_of_production": lot.country,
                "harvest_start": lot.harvest_start.isoformat() if lot.harvest_start else None,
                "harvest_end": lot.harvest_end.isoformat() if lot.harvest_end else None,
                "producer": {"name": lot.producer, "country": lot.producer_country},
                "supplier": lot.supplier,
                "customer": lot.customer,
                "traceability": lot.traceability,
                "plots": [_plot_json(p) for p in lot.plots],
                "evidence": [
                    {"name": e.name, "kind": e.kind, "sha256": e.sha256} for e in lot.evidence
                ],
            }
            for lot in lots
        ],
    }
    return (dumps_exact(document, indent=2) + "\n").encode("utf-8")


CSV_HEADER = (
    "lot_code",
    "lot_name",
    "product",
    "hs_code",
    "net_mass_kg",
    "country_of_production",
    "harvest_start",
    "harvest_end",
    "producer",
    "producer_country",
    "supplier",
    "customer",
    "traceability",
    "plot",
    "geometry_type",
    "area_ha",
    "latitude",
    "longitude",
    "polygon_positions",
)


def _centre(plot: DdsPlot) -> tuple[Decimal, Decimal]:
    points = plot.positions if plot.kind == "Point" else plot.positions[:-1]
    lon = sum((p[0] for p in points), Decimal(0)) / len(points)
    lat = sum((p[1] for p in points), Decimal(0)) / len(points)
    return lon, lat


def dds_csv(lots: Sequence[DdsLot]) -> bytes:
    """One row per plot; a polygon's row gives its centre and its vertex count (the full
    outline is in the JSON and the GeoJSON)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for lot in lots:
        text = [neutralise(t) for t in (lot.code, lot.name, PRODUCT)]
        for plot in lot.plots or (None,):
            lon, lat = _centre(plot) if plot is not None else (None, None)
            writer.writerow(
                [
                    *text,
                    HS_CODE,
                    format(lot.net_mass_kg, "f") if lot.net_mass_kg is not None else "",
                    lot.country,
                    lot.harvest_start.isoformat() if lot.harvest_start else "",
                    lot.harvest_end.isoformat() if lot.harvest_end else "",
                    neutralise(lot.producer),
                    lot.producer_country,
                    neutralise(lot.supplier),
                    neutralise(lot.customer),
                    lot.traceability,
                    neutralise(plot.name) if plot else "",
                    plot.kind if plot else "",
                    format(plot.area_ha, "f") if plot and plot.area_ha is not None else "",
                    format(six(lat), "f") if lat is not None else "",
                    format(six(lon), "f") if lon is not None else "",
                    str(len(plot.positions) - 1) if plot and plot.kind == "Polygon" else "",
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
