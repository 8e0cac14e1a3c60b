"""Size classes by green weight (DOMAIN.md §1): boundaries at 50, 100 and 1000 kg, configurable."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.lots import Lot
from microlot_desk.domain.size_classes import (
    DEFAULT_THRESHOLDS,
    SizeClass,
    SizeThresholds,
    classify,
)

ORDER = [SizeClass.NANO, SizeClass.SMALL, SizeClass.MICRO, SizeClass.REGULAR]


@pytest.mark.parametrize(
    ("kg", "expected"),
    [
        ("0", SizeClass.NANO),
        ("49.999", SizeClass.NANO),
        ("50", SizeClass.SMALL),
        ("99.999", SizeClass.SMALL),
        ("100", SizeClass.MICRO),
        ("420", SizeClass.MICRO),
        ("1000", SizeClass.MICRO),
        ("1000.001", SizeClass.REGULAR),
        ("2400", SizeClass.REGULAR),
    ],
)
def test_default_boundaries(kg: str, expected: SizeClass) -> None:
    assert classify(Decimal(kg)) is expected


def test_no_weight_has_no_class() -> None:
    assert classify(None) is None
    assert Lot(id="x", code="CO-1", name="n").size_class() is None


def test_lot_size_class_uses_its_weight_and_the_thresholds_given() -> None:
    lot = Lot(id="x", code="CO-1", name="n", green_kg=Decimal("60"))
    assert lot.size_class() is SizeClass.SMALL
    custom = SizeThresholds(nano_below=Decimal(70), micro_from=Decimal(70), micro_to=Decimal(90))
    assert lot.size_class(custom) is SizeClass.NANO


@pytest.mark.parametrize(
    ("kg", "expected"),
    [
        ("9.9", SizeClass.NANO),
        ("10", SizeClass.SMALL),
        ("19.9", SizeClass.SMALL),
        ("20", SizeClass.MICRO),
        ("300", SizeClass.MICRO),
        ("300.1", SizeClass.REGULAR),
    ],
)
def test_custom_thresholds(kg: str, expected: SizeClass) -> None:
    custom = SizeThresholds(nano_below=Decimal(10), micro_from=Decimal(20), micro_to=Decimal(300))
    assert classify(Decimal(kg), custom) is expected


@pytest.mark.parametrize(
    ("nano", "micro_from", "micro_to"), [(0, 100, 1000), (100, 50, 1000), (50, 100, 99), (-1, 1, 2)]
)
def test_thresholds_out_of_order_are_refused(nano: int, micro_from: int, micro_to: int) -> None:
    with pytest.raises(ValueError):
        SizeThresholds(
            nano_below=Decimal(nano), micro_from=Decimal(micro_from), micro_to=Decimal(micro_to)
        )


def test_bounds_for_filtering() -> None:
    t = DEFAULT_THRESHOLDS
    assert t.bounds(SizeClass.NANO) == (None, Decimal(50), False)
    assert t.bounds(SizeClass.SMALL) == (Decimal(50), Decimal(100), False)
    assert t.bounds(SizeClass.MICRO) == (Decimal(100), Decimal(1000), True)


weights = st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False)


@given(weights, weights)
def test_a_heavier_lot_is_never_in_a_smaller_class(a: Decimal, b: Decimal) -> None:
    light, heavy = sorted([a, b])
    light_class, heavy_class = classify(light), classify(heavy)
    assert light_class is not None and heavy_class is not None
    assert ORDER.index(light_class) <= ORDER.index(heavy_class)
