"""The lot record and the people and places it comes from.

A lot's identity is its random UUID; its code (e.g. CO-2026-014) is a human label that may clash
between stations, so nothing joins on it. Weights and prices are Decimal, times UTC ISO-8601.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from microlot_desk.domain.size_classes import (
    DEFAULT_THRESHOLDS,
    SizeClass,
    SizeThresholds,
    classify,
)
from microlot_desk.domain.vocabulary import Isolation, LotStatus, PriceUnit, ProducerKind


@dataclass(frozen=True)
class Producer:
    id: str
    name: str
    kind: ProducerKind = ProducerKind.PERSON
    country: str = ""


@dataclass(frozen=True)
class Plot:
    """A piece of land a lot was picked from. `geometry` is GeoJSON ([lon, lat]); checked later.
    `geometry_decimals`: the fewest decimals its coordinates were entered with (the floats in
    `geometry` drop trailing zeros); None when not known."""

    id: str
    name: str
    altitude_m: int | None = None
    area_ha: Decimal | None = None
    geometry: dict[str, Any] | None = None
    geometry_decimals: int | None = None


@dataclass(frozen=True)
class VarietyShare:
    name: str
    share_pct: Decimal | None = None


@dataclass(frozen=True)
class Lot:
    id: str
    code: str
    name: str
    producer: Producer | None = None
    farm: str = ""
    plots: tuple[Plot, ...] = ()
    country: str = ""
    region: str = ""
    varieties: tuple[VarietyShare, ...] = ()
    process: str = ""
    fermentation_hours: Decimal | None = None
    drying_method: str = ""
    drying_days: Decimal | None = None
    harvest_start: date | None = None
    harvest_end: date | None = None
    isolation: frozenset[Isolation] = frozenset()
    separation_notes: str = ""
    story: str = ""
    green_kg: Decimal | None = None
    bag_count: int | None = None
    bag_kg: Decimal | None = None
    moisture_pct: Decimal | None = None
    water_activity: Decimal | None = None
    density_g_l: Decimal | None = None
    screen_size: int | None = None
    farm_gate_price: Decimal | None = None
    fob_price: Decimal | None = None
    reference_price: Decimal | None = None
    currency: str = ""
    price_unit: PriceUnit = PriceUnit.PER_KG
    status: LotStatus = LotStatus.DRAFT
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""
    updated_by: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def size_class(self, thresholds: SizeThresholds = DEFAULT_THRESHOLDS) -> SizeClass | None:
        return classify(self.green_kg, thresholds)

    @property
    def producer_name(self) -> str:
        return self.producer.name if self.producer else ""

    @property
    def varieties_text(self) -> str:
        return format_varieties(self.varieties)


@dataclass(frozen=True)
class LotSummary:
    """One row of the lot list: what the list shows and sorts by, nothing more."""

    id: str
    code: str
    name: str
    producer: str
    country: str
    region: str
    process: str
    varieties: str
    green_kg: Decimal | None
    status: str
    updated_at: str
    verdict: str | None = None  # domain.verdict_overall.Overall value; None until assessed
    verdict_met: int | None = None  # how many of the six hallmarks are met

    def size_class(self, thresholds: SizeThresholds = DEFAULT_THRESHOLDS) -> SizeClass | None:
        return classify(self.green_kg, thresholds)


def format_varieties(varieties: tuple[VarietyShare, ...]) -> str:
    """'Caturra 60%, Castillo 40%' or 'Gesha' — the same text parse_varieties accepts."""
    parts = []
    for variety in varieties:
        if variety.share_pct is None:
            parts.append(variety.name)
        else:
            parts.append(f"{variety.name} {variety.share_pct.normalize():f}%")
    return ", ".join(parts)
