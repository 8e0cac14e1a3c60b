"""Applying parsed field changes to a lot, and the rules that span more than one field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from microlot_desk.domain.lots import Lot, Plot, Producer
from microlot_desk.domain.vocabulary import LotStatus, PriceUnit, ProducerKind
from microlot_desk.errors import FieldError

# Fields that live on the lot's producer or first plot rather than on the lot row itself.
PRODUCER_FIELDS = ("producer", "producer_kind")
PLOT_FIELDS = ("plot", "altitude_m", "area_ha")

ProducerResolver = Callable[[str, ProducerKind, str], Producer]


def new_id() -> str:
    import uuid  # on first write, not at start-up (uuid pulls in platform)

    return str(uuid.uuid4())


def apply_changes(lot: Lot, changes: Mapping[str, Any], resolve_producer: ProducerResolver) -> Lot:
    """A copy of `lot` with `changes` (already parsed) applied.

    `resolve_producer(name, kind, country)` finds or creates the shared producer record, so that
    two lots of one producer point at the same person.
    """
    direct = {
        key: value
        for key, value in changes.items()
        if key not in PRODUCER_FIELDS and key not in PLOT_FIELDS
    }
    if "status" in direct:
        direct["status"] = LotStatus(direct["status"])
    if "price_unit" in direct:
        direct["price_unit"] = PriceUnit(direct["price_unit"])

    if any(key in changes for key in PRODUCER_FIELDS):
        name = changes.get("producer", lot.producer_name)
        kind = ProducerKind(
            changes.get("producer_kind", lot.producer.kind if lot.producer else "person")
        )
        country = direct.get("country", lot.country)
        direct["producer"] = resolve_producer(name, kind, country) if name else None

    if any(key in changes for key in PLOT_FIELDS):
        first = lot.plots[0] if lot.plots else Plot(id=new_id(), name="")
        plot = dataclasses.replace(
            first,
            name=changes.get("plot", first.name),
            altitude_m=changes.get("altitude_m", first.altitude_m),
            area_ha=changes.get("area_ha", first.area_ha),
        )
        empty = not plot.name and plot.altitude_m is None and plot.area_ha is None
        rest = lot.plots[1:]
        direct["plots"] = rest if empty else (plot, *rest)
    # One copy of the lot, not one per kind of change: an import makes ten thousand.
    return dataclasses.replace(lot, **direct)


def check_lot(lot: Lot) -> list[FieldError]:
    """Rules over several fields; each error names the field a person should change."""
    errors: list[FieldError] = []
    if not lot.name:
        errors.append(FieldError("name", "required"))
    if lot.harvest_start and lot.harvest_end and lot.harvest_end < lot.harvest_start:
        errors.append(
            FieldError("harvest_end", "end_before_start", {"start": lot.harvest_start.isoformat()})
        )
    if (lot.farm_gate_price or lot.fob_price or lot.reference_price) and not lot.currency:
        errors.append(FieldError("currency", "required_with_prices"))
    return errors
