"""Size classes of a lot by green weight (DOMAIN.md §1; thresholds are configurable conventions)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class SizeClass(StrEnum):
    NANO = "nano"
    SMALL = "small"
    MICRO = "micro"
    REGULAR = "regular"


@dataclass(frozen=True)
class SizeThresholds:
    """Nano below `nano_below`; small up to `micro_from`; micro up to and including `micro_to`.

    `second_look_from` is where a claimed micro-lot "already warrants a second look".
    """

    nano_below: Decimal = Decimal(50)
    micro_from: Decimal = Decimal(100)
    micro_to: Decimal = Decimal(1000)
    second_look_from: Decimal = Decimal(500)

    def __post_init__(self) -> None:
        if not (Decimal(0) < self.nano_below <= self.micro_from <= self.micro_to):
            raise ValueError(
                "size thresholds must satisfy 0 < nano_below <= micro_from <= micro_to"
            )

    def bounds(self, size_class: SizeClass) -> tuple[Decimal | None, Decimal | None, bool]:
        """(lower inclusive, upper, upper inclusive?) for filtering by class in a query."""
        if size_class is SizeClass.NANO:
            return None, self.nano_below, False
        if size_class is SizeClass.SMALL:
            return self.nano_below, self.micro_from, False
        if size_class is SizeClass.MICRO:
            return self.micro_from, self.micro_to, True
        return None, None, False  # regular: strictly above micro_to, see classify()


DEFAULT_THRESHOLDS = SizeThresholds()


def classify(
    green_kg: Decimal | None, thresholds: SizeThresholds = DEFAULT_THRESHOLDS
) -> SizeClass | None:
    """The size class of a green weight, or None when no weight is recorded."""
    if green_kg is None:
        return None
    if green_kg < thresholds.nano_below:
        return SizeClass.NANO
    if green_kg < thresholds.micro_from:
        return SizeClass.SMALL
    if green_kg <= thresholds.micro_to:
        return SizeClass.MICRO
    return SizeClass.REGULAR
