"""A lot as plain JSON data (for `lots show --json`, `lots list --json` and bundles later)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from microlot_desk.domain.lots import Lot, LotSummary
from microlot_desk.domain.size_classes import DEFAULT_THRESHOLDS, SizeThresholds


def _dec(value: Decimal | None) -> str | None:
    # Decimals travel as strings so no reader turns 0.1 kg into a float.
    return None if value is None else format(value, "f")


def lot_to_json(lot: Lot, thresholds: SizeThresholds = DEFAULT_THRESHOLDS) -> dict[str, Any]:
    size = lot.size_class(thresholds)
    return {
        "id": lot.id,
        "code": lot.code,
        "name": lot.name,
        "producer": lot.producer_name,
        "producer_kind": lot.producer.kind.value if lot.producer else None,
        "farm": lot.farm,
        "plots": [
            {
                "id": plot.id,
                "name": plot.name,
                "altitude_m": plot.altitude_m,
                "area_ha": _dec(plot.area_ha),
                "geometry": plot.geometry,
            }
            for plot in lot.plots
        ],
        "country": lot.country,
        "region": lot.region,
        "varieties": [{"name": v.name, "share_pct": _dec(v.share_pct)} for v in lot.varieties],
        "process": lot.process,
        "fermentation_hours": _dec(lot.fermentation_hours),
        "drying_method": lot.drying_method,
        "drying_days": _dec(lot.drying_days),
        "harvest_start": lot.harvest_start.isoformat() if lot.harvest_start else None,
        "harvest_end": lot.harvest_end.isoformat() if lot.harvest_end else None,
        "isolation": sorted(i.value for i in lot.isolation),
        "separation_notes": lot.separation_notes,
        "story": lot.story,
        "green_kg": _dec(lot.green_kg),
        "size_class": size.value if size else None,
        "bag_count": lot.bag_count,
        "bag_kg": _dec(lot.bag_kg),
        "moisture_pct": _dec(lot.moisture_pct),
        "water_activity": _dec(lot.water_activity),
        "density_g_l": _dec(lot.density_g_l),
        "screen_size": lot.screen_size,
        "farm_gate_price": _dec(lot.farm_gate_price),
        "fob_price": _dec(lot.fob_price),
        "reference_price": _dec(lot.reference_price),
        "currency": lot.currency,
        "price_unit": lot.price_unit.value,
        "status": lot.status.value,
        "notes": lot.notes,
        "created_at": lot.created_at,
        "updated_at": lot.updated_at,
        "updated_by": lot.updated_by,
    }


def summary_to_json(
    summary: LotSummary, thresholds: SizeThresholds = DEFAULT_THRESHOLDS
) -> dict[str, Any]:
    size = summary.size_class(thresholds)
    return {
        "id": summary.id,
        "code": summary.code,
        "name": summary.name,
        "producer": summary.producer,
        "country": summary.country,
        "region": summary.region,
        "process": summary.process,
        "varieties": summary.varieties,
        "green_kg": _dec(summary.green_kg),
        "size_class": size.value if size else None,
        "status": summary.status,
        "updated_at": summary.updated_at,
        "verdict": summary.verdict,
        "verdict_met": summary.verdict_met,
    }
