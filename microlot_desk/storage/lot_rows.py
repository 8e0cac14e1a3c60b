"""Mapping between lot rows and domain objects; the only place that knows the lots columns."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from microlot_desk.domain.lots import Lot, Plot, Producer, VarietyShare
from microlot_desk.domain.vocabulary import Isolation, LotStatus, PriceUnit, ProducerKind

DECIMAL_COLUMNS = (
    "fermentation_hours",
    "drying_days",
    "green_kg",
    "bag_kg",
    "moisture_pct",
    "water_activity",
    "density_g_l",
    "farm_gate_price",
    "fob_price",
    "reference_price",
)
TEXT_COLUMNS = (
    "code",
    "name",
    "farm",
    "country",
    "region",
    "process",
    "drying_method",
    "separation_notes",
    "story",
    "currency",
    "notes",
    "created_at",
    "updated_at",
    "updated_by",
)


def dec_to_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def text_to_dec(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None


def lot_to_row(lot: Lot) -> dict[str, Any]:
    row: dict[str, Any] = {"id": lot.id}
    for column in TEXT_COLUMNS:
        row[column] = getattr(lot, column)
    for column in DECIMAL_COLUMNS:
        row[column] = dec_to_text(getattr(lot, column))
    row.update(
        producer_id=lot.producer.id if lot.producer else None,
        varieties=json.dumps(
            [{"name": v.name, "share_pct": dec_to_text(v.share_pct)} for v in lot.varieties],
            ensure_ascii=False,
        ),
        harvest_start=lot.harvest_start.isoformat() if lot.harvest_start else None,
        harvest_end=lot.harvest_end.isoformat() if lot.harvest_end else None,
        isolation=json.dumps(sorted(i.value for i in lot.isolation)),
        bag_count=lot.bag_count,
        screen_size=lot.screen_size,
        price_unit=lot.price_unit.value,
        status=lot.status.value,
    )
    return row


def row_to_lot(row: dict[str, Any], producer: Producer | None, plots: tuple[Plot, ...]) -> Lot:
    values: dict[str, Any] = {column: row[column] or "" for column in TEXT_COLUMNS}
    for column in DECIMAL_COLUMNS:
        values[column] = text_to_dec(row[column])
    return Lot(
        id=row["id"],
        producer=producer,
        plots=plots,
        varieties=tuple(
            VarietyShare(item["name"], text_to_dec(item["share_pct"]))
            for item in json.loads(row["varieties"] or "[]")
        ),
        harvest_start=date.fromisoformat(row["harvest_start"]) if row["harvest_start"] else None,
        harvest_end=date.fromisoformat(row["harvest_end"]) if row["harvest_end"] else None,
        isolation=frozenset(Isolation(i) for i in json.loads(row["isolation"] or "[]")),
        bag_count=row["bag_count"],
        screen_size=row["screen_size"],
        price_unit=PriceUnit(row["price_unit"] or "kg"),
        status=LotStatus(row["status"] or "draft"),
        **values,
    )


def row_to_producer(row: dict[str, Any]) -> Producer:
    return Producer(
        id=row["id"], name=row["name"], kind=ProducerKind(row["kind"]), country=row["country"] or ""
    )


def row_to_plot(row: dict[str, Any]) -> Plot:
    return Plot(
        id=row["id"],
        name=row["name"] or "",
        altitude_m=row["altitude_m"],
        area_ha=text_to_dec(row["area_ha"]),
        geometry=json.loads(row["geometry"]) if row["geometry"] else None,
        geometry_decimals=row["geometry_decimals"] if row["geometry"] else None,
    )
