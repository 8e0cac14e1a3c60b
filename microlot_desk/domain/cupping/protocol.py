"""The cupping protocol of a session (DOMAIN.md §6): what was actually done, and where it
departs from the standard. Deviations are recorded, never assumed away: a parameter left blank
is "not recorded", which is not the same as "standard".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.cupping.decimals import exact

STANDARD_WATER_ML = Decimal(150)
"""The dose is defined per 150 ml of water."""


@dataclass(frozen=True)
class StandardRange:
    """The inclusive range the protocol asks for."""

    low: Decimal
    high: Decimal

    def holds(self, value: Decimal) -> bool:
        """True when value lies within the range."""
        return self.low <= value <= self.high


STANDARD: dict[str, StandardRange] = {
    "dose_per_150ml": StandardRange(Decimal("8.00"), Decimal("8.50")),  # 8.25 g +- 0.25
    "cups_per_sample": StandardRange(Decimal(5), Decimal(5)),
    "water_temp_c": StandardRange(Decimal("92.2"), Decimal("94.4")),
    "grind_pct_20_mesh": StandardRange(Decimal(70), Decimal(75)),
    "roast_minutes": StandardRange(Decimal(8), Decimal(12)),
    "rest_hours": StandardRange(Decimal(8), Decimal(24)),
}
ROBUSTA_DOSE = StandardRange(Decimal("8.50"), Decimal("9.00"))  # 8.75 g +- 0.25

AGTRON_WHOLE_REFERENCE = Decimal(58)
AGTRON_GROUND_REFERENCE = Decimal(63)
"""Roast colour is "about" these values: shown beside a sample's reading, not judged."""


@dataclass(frozen=True)
class Protocol:
    """Protocol parameters as recorded for a session; None means not recorded.

    dose_g per water_ml of water; cups_per_sample; water_temp_c; grind_pct_20_mesh (share of
    the grind passing a US 20-mesh sieve); roast_minutes; rest_hours (roast to cupping);
    robusta (the Robusta dose applies); deviation_notes for anything else done differently.
    """

    dose_g: Decimal | None = None
    water_ml: Decimal | None = None
    cups_per_sample: int | None = None
    water_temp_c: Decimal | None = None
    grind_pct_20_mesh: Decimal | None = None
    roast_minutes: Decimal | None = None
    rest_hours: Decimal | None = None
    robusta: bool = False
    deviation_notes: str = ""


PROTOCOL_NUMBERS: tuple[str, ...] = (
    "dose_g",
    "water_ml",
    "cups_per_sample",
    "water_temp_c",
    "grind_pct_20_mesh",
    "roast_minutes",
    "rest_hours",
)


@dataclass(frozen=True)
class Deviation:
    """A recorded parameter outside the standard range (`parameter` is a STANDARD key)."""

    parameter: str
    value: Decimal
    low: Decimal
    high: Decimal


def deviations(protocol: Protocol) -> tuple[Deviation, ...]:
    """Every recorded parameter that departs from the standard, in protocol order."""
    found: list[Deviation] = []
    dose = dose_per_150ml(protocol)
    if dose is not None:
        standard = ROBUSTA_DOSE if protocol.robusta else STANDARD["dose_per_150ml"]
        found.extend(_check("dose_per_150ml", dose, standard))
    cups = protocol.cups_per_sample
    if cups is not None:
        found.extend(_check("cups_per_sample", Decimal(cups), STANDARD["cups_per_sample"]))
    for name in ("water_temp_c", "grind_pct_20_mesh", "roast_minutes", "rest_hours"):
        value = getattr(protocol, name)
        if value is not None:
            found.extend(_check(name, value, STANDARD[name]))
    return tuple(found)


def dose_per_150ml(protocol: Protocol) -> Decimal | None:
    """The dose scaled to 150 ml (the dose as given when the water was not recorded)."""
    if protocol.dose_g is None:
        return None
    if protocol.water_ml is None or protocol.water_ml == 0:
        return protocol.dose_g
    with exact():
        return (protocol.dose_g * STANDARD_WATER_ML / protocol.water_ml).quantize(Decimal("0.01"))


def _check(name: str, value: Decimal, standard: StandardRange) -> list[Deviation]:
    if standard.holds(value):
        return []
    return [Deviation(name, value, standard.low, standard.high)]
