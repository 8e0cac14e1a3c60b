"""Controlled vocabularies from DOMAIN.md §1, kept as data so settings can extend them."""

from __future__ import annotations

from enum import StrEnum


class ProducerKind(StrEnum):
    PERSON = "person"
    FAMILY = "family"
    GROUP = "group"
    COOPERATIVE = "cooperative"
    WASHING_STATION = "washing_station"
    ESTATE = "estate"


class Isolation(StrEnum):
    """How a micro-lot was kept apart from general production (one or more apply)."""

    GEOGRAPHIC = "geographic"
    VARIETAL = "varietal"
    PROCESS = "process"
    PICKING_DATE = "picking_date"


class LotStatus(StrEnum):
    DRAFT = "draft"
    OFFERED = "offered"
    RESERVED = "reserved"
    SOLD = "sold"
    SHIPPED = "shipped"


class PriceUnit(StrEnum):
    PER_KG = "kg"
    PER_LB = "lb"


# The trade's processing labels (DOMAIN.md §1); settings may add to this list.
DEFAULT_PROCESSES: tuple[str, ...] = (
    "washed",
    "natural",
    "honey",
    "honey_white",
    "honey_yellow",
    "honey_red",
    "honey_black",
    "pulped_natural",
    "semi_washed",
    "wet_hulled",
    "anaerobic_natural",
    "anaerobic_washed",
    "anaerobic_honey",
    "carbonic_maceration",
    "double_fermentation",
    "experimental",
    "other",
)
