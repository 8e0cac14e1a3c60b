"""Blind codes (random, 3 digits, never 000, unique in a session) and protocol deviations."""

from __future__ import annotations

import inspect
import random
import secrets
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.cupping.blind_codes import (
    ALL_CODES,
    NoCodeLeft,
    is_blind_code,
    new_blind_code,
)
from microlot_desk.domain.cupping.protocol import Deviation, Protocol, deviations

D = Decimal


@given(st.sets(st.sampled_from(ALL_CODES), max_size=998))
def test_a_new_code_is_three_digits_not_000_and_not_taken(taken: set[str]) -> None:
    code = new_blind_code(taken)
    assert len(code) == 3 and code.isdigit() and code != "000"
    assert code not in taken
    assert is_blind_code(code)


def test_codes_run_out_only_after_all_999_are_used() -> None:
    rng = random.Random(7)
    taken: set[str] = set()
    for _ in range(999):
        taken.add(new_blind_code(taken, rng.choice))
    assert taken == set(ALL_CODES) and "000" not in taken
    with pytest.raises(NoCodeLeft):
        new_blind_code(taken)


def test_codes_come_from_secrets_by_default() -> None:
    # A seeded or sequential generator would let a cupper guess the order samples were added.
    assert inspect.signature(new_blind_code).parameters["choose"].default is secrets.choice


def test_codes_are_not_handed_out_in_order() -> None:
    taken: set[str] = set()
    drawn = []
    for _ in range(20):
        drawn.append(new_blind_code(taken))
        taken.add(drawn[-1])
    assert drawn != sorted(drawn)  # fails with probability 1/20!


@pytest.mark.parametrize("text", ["000", "12", "1234", "abc", "12a", " 12", ""])
def test_not_blind_codes(text: str) -> None:
    assert not is_blind_code(text)


@pytest.mark.parametrize(
    ("protocol", "expected"),
    [
        (Protocol(), ()),
        (
            Protocol(
                dose_g=D("8.25"),
                water_ml=D(150),
                cups_per_sample=5,
                water_temp_c=D("93"),
                grind_pct_20_mesh=D(72),
                roast_minutes=D(10),
                rest_hours=D(12),
            ),
            (),
        ),
        (Protocol(dose_g=D("8.6")), (Deviation("dose_per_150ml", D("8.6"), D("8.00"), D("8.50")),)),
        # 11 g per 200 ml is 8.25 g per 150 ml: the ratio is what the protocol fixes
        (Protocol(dose_g=D(11), water_ml=D(200)), ()),
        (Protocol(dose_g=D("8.75"), robusta=True), ()),
        (
            Protocol(dose_g=D("8.25"), robusta=True),
            (Deviation("dose_per_150ml", D("8.25"), D("8.50"), D("9.00")),),
        ),
        (Protocol(cups_per_sample=3), (Deviation("cups_per_sample", D(3), D(5), D(5)),)),
        (
            Protocol(water_temp_c=D("92.1")),
            (Deviation("water_temp_c", D("92.1"), D("92.2"), D("94.4")),),
        ),
        (Protocol(water_temp_c=D("94.4"), roast_minutes=D(8), rest_hours=D(24)), ()),
        (
            Protocol(grind_pct_20_mesh=D(80), rest_hours=D(30)),
            (
                Deviation("grind_pct_20_mesh", D(80), D(70), D(75)),
                Deviation("rest_hours", D(30), D(8), D(24)),
            ),
        ),
    ],
)
def test_deviations_from_the_standard_protocol(
    protocol: Protocol, expected: tuple[Deviation, ...]
) -> None:
    assert deviations(protocol) == expected
