"""CVA affective (SCA-104): S = 0.65625 x sum + 52.75 - 2u - 4d, rounded to 0.25, halves up."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.cupping import FormTemplate, score_sheet

SECTIONS = (
    "fragrance",
    "aroma",
    "flavor",
    "aftertaste",
    "acidity",
    "sweetness",
    "mouthfeel",
    "overall",
)
DEFECT_MARKS = st.sampled_from([None, False, True, "moldy", "phenolic", "potato"])


def scores_summing_to(total: int) -> dict[str, object]:
    """Eight scores in 1..9 adding up to total (8..72), spread as evenly as possible."""
    base, extra = divmod(total, 8)
    return {key: base + (1 if index < extra else 0) for index, key in enumerate(SECTIONS)}


def reference(total: int, u: int = 0, d: int = 0) -> Fraction:
    """An independent formulation of the rule: floor(x * 4 + 1/2) / 4 on exact fractions."""
    x = Fraction(21, 32) * total + Fraction(211, 4) - 2 * u - 4 * d  # 0.65625 = 21/32
    return Fraction(math.floor(x * 4 + Fraction(1, 2)), 4)


# Worked by hand: 0.65625 x sum + 52.75, then to the nearest quarter, halves up.
HAND_TABLE = [
    (8, "58.00"),  # 5.25 + 52.75
    (9, "58.75"),  # 58.65625
    (10, "59.25"),  # 59.3125
    (11, "60.00"),  # 59.96875
    (12, "60.75"),  # 60.625 is a half: up (round() would give 60.50)
    (16, "63.25"),
    (20, "66.00"),  # 65.875, a half
    (24, "68.50"),
    (28, "71.25"),  # 71.125, a half
    (36, "76.50"),  # 76.375, a half
    (40, "79.00"),
    (44, "81.75"),  # 81.625, a half
    (47, "83.50"),  # 83.59375
    (48, "84.25"),
    (50, "85.50"),  # 85.5625
    (60, "92.25"),  # 92.125, a half
    (68, "97.50"),  # 97.375, a half
    (72, "100.00"),
]


@pytest.mark.parametrize(("total", "expected"), HAND_TABLE)
def test_hand_worked_sums(forms: dict[str, FormTemplate], total: int, expected: str) -> None:
    result = score_sheet(forms["cva-affective"], scores_summing_to(total))
    assert result.final == Decimal(expected)
    assert str(result.final) == expected  # two places, as printed on the form


@pytest.mark.parametrize("total", range(8, 73))
def test_every_sum_matches_the_fraction_reference(
    forms: dict[str, FormTemplate], total: int
) -> None:
    result = score_sheet(forms["cva-affective"], scores_summing_to(total))
    assert result.final is not None
    assert Fraction(result.final) == reference(total)
    assert result.derived["total"] == total


@pytest.mark.parametrize(
    ("score", "u", "d", "expected"),
    [
        (1, 0, 0, "58.00"),
        (5, 0, 0, "79.00"),
        (9, 0, 0, "100.00"),
        (6, 0, 0, "84.25"),
        (5, 1, 1, "73.00"),
    ],
)
def test_domain_anchors(
    forms: dict[str, FormTemplate], score: int, u: int, d: int, expected: str
) -> None:
    values: dict[str, object] = dict.fromkeys(SECTIONS, score)
    values["non_uniform_cups"] = [cup < u for cup in range(5)]
    values["defective_cups"] = ["moldy" if cup < d else None for cup in range(5)]
    result = score_sheet(forms["cva-affective"], values)
    assert result.final == Decimal(expected)
    assert result.warnings == ()


def test_one_defective_cup_marked_coherently_costs_six(forms: dict[str, FormTemplate]) -> None:
    values: dict[str, object] = dict.fromkeys(SECTIONS, 5)
    values["non_uniform_cups"] = [False, False, True, False, False]
    values["defective_cups"] = [None, None, "phenolic", None, None]
    result = score_sheet(forms["cva-affective"], values)
    assert result.final == Decimal("73.00")
    assert [(p.field, p.amount, p.points) for p in result.penalties] == [
        ("non_uniform_cups", 1, Decimal(2)),
        ("defective_cups", 1, Decimal(4)),
    ]


def test_defect_without_type_is_not_counted_and_warned(forms: dict[str, FormTemplate]) -> None:
    values: dict[str, object] = dict.fromkeys(SECTIONS, 5)
    values["defective_cups"] = [None, True, None, None, None]
    result = score_sheet(forms["cva-affective"], values)
    assert result.final == Decimal("79.00")
    assert result.warning_codes == ("defect_type_missing",)
    assert result.warnings[0].key == "defective_cups"
    assert result.warnings[0].cups == (2,)


def test_defective_but_not_non_uniform_is_incoherent(forms: dict[str, FormTemplate]) -> None:
    values: dict[str, object] = dict.fromkeys(SECTIONS, 5)
    values["non_uniform_cups"] = [False, True, False, False, False]
    values["defective_cups"] = ["moldy", None, None, "potato", None]
    result = score_sheet(forms["cva-affective"], values)
    # The score follows what was marked (u=1, d=2); the warning asks the cupper to look again.
    assert result.final == Decimal("79.00") - 2 - 8
    (warning,) = result.warnings
    assert (warning.code, warning.key, warning.related) == (
        "implied_mark_missing",
        "defective_cups",
        "non_uniform_cups",
    )
    assert warning.cups == (1, 4)


def test_all_cups_evenly_defective_need_not_be_non_uniform(
    forms: dict[str, FormTemplate],
) -> None:
    values: dict[str, object] = dict.fromkeys(SECTIONS, 5)
    values["defective_cups"] = ["moldy"] * 5
    result = score_sheet(forms["cva-affective"], values)
    assert result.final == Decimal("59.00")  # 79 - 4 x 5
    assert result.warnings == ()


def test_all_cups_defective_in_different_ways_are_not_alike(
    forms: dict[str, FormTemplate],
) -> None:
    values: dict[str, object] = dict.fromkeys(SECTIONS, 5)
    values["defective_cups"] = ["moldy", "moldy", "moldy", "moldy", "potato"]
    result = score_sheet(forms["cva-affective"], values)
    assert result.warnings[0].code == "implied_mark_missing"
    assert result.warnings[0].cups == (1, 2, 3, 4, 5)


@pytest.mark.parametrize(("non_uniform", "warned"), [(1, False), (0, True), (2, False)])
def test_coherence_with_a_non_uniform_count(
    forms: dict[str, FormTemplate], non_uniform: int, warned: bool
) -> None:
    values: dict[str, object] = dict.fromkeys(SECTIONS, 5)
    values["non_uniform_cups"] = non_uniform
    values["defective_cups"] = [None, None, None, "moldy", None]
    result = score_sheet(forms["cva-affective"], values)
    assert ("implied_mark_missing" in result.warning_codes) is warned
    assert result.final == Decimal("79.00") - 2 * non_uniform - 4


@given(
    scores=st.lists(st.integers(1, 9), min_size=8, max_size=8),
    non_uniform=st.lists(st.booleans(), min_size=5, max_size=5),
    defective=st.lists(DEFECT_MARKS, min_size=5, max_size=5),
)
def test_any_sheet_is_a_quarter_and_penalties_are_exact(
    forms: dict[str, FormTemplate],
    scores: list[int],
    non_uniform: list[bool],
    defective: list[object],
) -> None:
    form = forms["cva-affective"]
    plain: dict[str, object] = dict(zip(SECTIONS, scores, strict=True))
    marked = {**plain, "non_uniform_cups": non_uniform, "defective_cups": defective}
    base = score_sheet(form, plain).final
    final = score_sheet(form, marked).final
    assert base is not None and final is not None
    assert final % Decimal("0.25") == 0
    u = sum(non_uniform)
    d = sum(isinstance(mark, str) for mark in defective)  # only cups with a type count
    assert final == base - 2 * u - 4 * d
    assert Fraction(final) == reference(sum(scores), u, d)


@given(
    scores=st.lists(st.integers(1, 9), min_size=8, max_size=8),
    index=st.integers(0, 7),
)
def test_raising_one_score_never_lowers_the_final(
    forms: dict[str, FormTemplate], scores: list[int], index: int
) -> None:
    form = forms["cva-affective"]
    before = score_sheet(form, dict(zip(SECTIONS, scores, strict=True))).final
    raised = list(scores)
    raised[index] = min(9, raised[index] + 1)
    after = score_sheet(form, dict(zip(SECTIONS, raised, strict=True))).final
    assert before is not None and after is not None
    assert after >= before
    assert after - before <= Decimal("0.75")  # one point is worth 0.65625 before rounding


@pytest.mark.parametrize("value", ["5.5", "0", "10", 5.0, True])
def test_cva_scores_are_whole_numbers_from_1_to_9(
    forms: dict[str, FormTemplate], value: object
) -> None:
    from microlot_desk.domain.cupping import SheetError

    values: dict[str, object] = dict.fromkeys(SECTIONS, 5)
    values["acidity"] = value
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["cva-affective"], values)
    assert caught.value.keys == ("acidity",)
