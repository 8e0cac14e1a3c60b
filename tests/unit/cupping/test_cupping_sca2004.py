"""SCA 2004 form: final = sum of the 10 attributes - 2 x taint cups - 4 x fault cups."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.cupping import FormTemplate, SheetError, score_sheet

QUALITY = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")
VARIED = ("8.75", "8.5", "8.25", "8.75", "8.0", "8.25", "8.5")  # adds up to 59.00
ALMOST_90 = ("8.75", "8.75", "8.5", "8.75", "8.25", "8.25", "8.5")  # adds up to 59.75


def sheet(quality: tuple[str, ...], uniformity: int = 5, clean_cup: int = 5, sweetness: int = 5,
          taint: int = 0, fault: int = 0) -> dict[str, object]:  # fmt: skip
    values: dict[str, object] = dict(zip(QUALITY, quality, strict=True))
    values.update(uniformity=uniformity, clean_cup=clean_cup, sweetness=sweetness)
    values.update(taint_cups=taint, fault_cups=fault)
    return values


# (quality scores, cups passing uniformity/clean/sweet, taint, fault, final, band), by hand.
TABLE = [
    (("8.00",) * 7, (5, 5, 5), 0, 0, "86.00", "excellent"),
    (("9.00",) * 7, (5, 5, 5), 0, 0, "93.00", "outstanding"),
    (("7.50",) * 7, (5, 5, 5), 0, 0, "82.50", "very_good"),
    (("7.00",) * 7, (5, 5, 5), 0, 0, "79.00", "below_specialty"),
    (("9.75",) * 7, (5, 5, 5), 0, 0, "98.25", "outstanding"),
    (VARIED, (5, 5, 5), 0, 0, "89.00", "excellent"),
    (VARIED, (5, 5, 5), 1, 0, "87.00", "excellent"),
    (VARIED, (5, 5, 5), 0, 1, "85.00", "excellent"),
    (VARIED, (5, 5, 5), 1, 1, "83.00", "very_good"),
    (VARIED, (4, 5, 3), 0, 0, "83.00", "very_good"),  # 59 + 8 + 10 + 6
    (VARIED, (5, 5, 5), 2, 1, "81.00", "very_good"),
    (ALMOST_90, (5, 5, 5), 0, 0, "89.75", "excellent"),
    ((*ALMOST_90[:6], "8.75"), (5, 5, 5), 0, 0, "90.00", "outstanding"),
    (("7.25",) * 4 + ("7.00",) * 3, (5, 5, 5), 0, 0, "80.00", "very_good"),
    (("7.25",) * 3 + ("7.00",) * 4, (5, 5, 5), 0, 0, "79.75", "below_specialty"),
    (("5.00",) * 7, (5, 5, 5), 0, 0, "65.00", "below_specialty"),
    (("0",) * 7, (0, 0, 0), 0, 0, "0", "below_specialty"),
]  # fmt: skip


@pytest.mark.parametrize(("quality", "cups", "taint", "fault", "expected", "band"), TABLE)
def test_table(
    forms: dict[str, FormTemplate],
    quality: tuple[str, ...],
    cups: tuple[int, int, int],
    taint: int,
    fault: int,
    expected: str,
    band: str,
) -> None:
    result = score_sheet(forms["sca-2004"], sheet(quality, *cups, taint=taint, fault=fault))
    assert result.final == Decimal(expected)
    assert result.band == band


def test_breakdown_shows_cups_and_points(forms: dict[str, FormTemplate]) -> None:
    result = score_sheet(forms["sca-2004"], sheet(VARIED, 4, 5, 3, taint=1))
    uniformity = result.section("uniformity")
    assert (uniformity.value, uniformity.points) == (Decimal(4), Decimal(8))
    assert result.section("flavor").points == Decimal("8.5")
    assert result.section("fragrance_dry").points is None  # an intensity mark is not scored
    assert result.derived["total"] == Decimal("83.00")
    assert [(p.field, p.points) for p in result.penalties] == [
        ("taint_cups", Decimal(2)),
        ("fault_cups", Decimal(0)),
    ]


def test_cups_sections_accept_one_mark_per_cup(forms: dict[str, FormTemplate]) -> None:
    values = sheet(VARIED)
    values["clean_cup"] = [True, True, False, True, True]
    values["taint_cups"] = [False, False, True, False, False]
    assert score_sheet(forms["sca-2004"], values).final == Decimal("85.00")  # 89 - 2 - 2


def test_intensity_marks_are_recorded_not_scored(forms: dict[str, FormTemplate]) -> None:
    values = sheet(VARIED)
    values.update(fragrance_dry=4, fragrance_break=3, acidity_intensity=5, body_level=1)
    result = score_sheet(forms["sca-2004"], values)
    assert result.final == Decimal("89.00")
    assert result.section("acidity_intensity").value == Decimal(5)


def test_quality_scores_below_six_warn(forms: dict[str, FormTemplate]) -> None:
    quality = ("5.75", "6.00", "8", "8", "4", "8", "8")
    result = score_sheet(forms["sca-2004"], sheet(quality))
    assert result.warning_codes == ("below_warn", "below_warn")
    assert [(w.key, w.value, w.limit) for w in result.warnings] == [
        ("fragrance_aroma", Decimal("5.75"), Decimal(6)),
        ("body", Decimal(4), Decimal(6)),
    ]


@given(
    quarters=st.lists(st.integers(0, 40), min_size=7, max_size=7),
    cups=st.lists(st.integers(0, 5), min_size=3, max_size=3),
    defects=st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda d: sum(d) <= 5),
)
def test_final_is_the_plain_sum_minus_defects(
    forms: dict[str, FormTemplate],
    quarters: list[int],
    cups: list[int],
    defects: tuple[int, int],
) -> None:
    taint, fault = defects  # a cup is tainted or faulty, so together at most the 5 cups
    quality = tuple(str(Decimal(q) / 4) for q in quarters)
    uniformity, clean_cup, sweetness = cups
    values = sheet(quality, uniformity, clean_cup, sweetness, taint=taint, fault=fault)
    result = score_sheet(forms["sca-2004"], values)
    expected = Decimal(sum(quarters)) / 4 + 2 * sum(cups) - 2 * taint - 4 * fault
    assert result.final == expected


@given(hundredths=st.integers(0, 1000).filter(lambda n: n % 25 != 0))
def test_off_step_scores_are_rejected(forms: dict[str, FormTemplate], hundredths: int) -> None:
    values = sheet(VARIED)
    values["balance"] = str(Decimal(hundredths) / 100)
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["sca-2004"], values)
    assert [(p.key, p.code) for p in caught.value.problems] == [("balance", "off_step")]


def test_every_bad_section_is_named_at_once(forms: dict[str, FormTemplate]) -> None:
    values = sheet(VARIED)
    values.update(flavor="8.3", acidity="10.25", body=-1, uniformity=6, overall="abc")
    values.update(taint_cups=7, sweetness=[True] * 4)
    del values["balance"]
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["sca-2004"], values)
    assert [(p.key, p.code) for p in caught.value.problems] == [
        ("flavor", "off_step"),
        ("acidity", "out_of_range"),
        ("body", "out_of_range"),
        ("balance", "missing"),
        ("uniformity", "out_of_range"),
        ("sweetness", "wrong_cup_count"),
        ("overall", "not_a_number"),
        ("taint_cups", "out_of_range"),
    ]
    assert caught.value.problems[0].value == "8.3"
