"""Green grading: full defects per type = floor(beans / beans per full defect), summed;
specialty grade: 0 category-1 full defects, <= 5 full defects, 0 quakers, moisture 10-12 %,
water activity below 0.70."""

from __future__ import annotations

import pytest

from microlot_desk.domain.cupping import FormTemplate, SheetError, score_sheet

DEFECTS = (
    "full_black", "full_sour", "dried_cherry_pod", "fungus_damaged", "foreign_matter",
    "severe_insect_damage", "partial_black", "partial_sour", "parchment", "floater",
    "immature_unripe", "withered", "shell", "broken_chipped_cut", "hull_husk",
    "slight_insect_damage",
)  # fmt: skip
GOOD = {"quakers": 0, "moisture": "11.0", "water_activity": "0.55"}


def counts(**beans: object) -> dict[str, object]:
    values: dict[str, object] = dict.fromkeys(DEFECTS, 0)
    values.update(beans)
    return values


# (beans found, full defects, category 1 full defects, category 2 full defects), by hand.
TABLE = [
    ({}, 0, 0, 0),
    ({"full_black": 1}, 1, 1, 0),
    ({"full_sour": 2, "foreign_matter": 1}, 3, 3, 0),
    ({"severe_insect_damage": 4}, 0, 0, 0),
    ({"severe_insect_damage": 5}, 1, 1, 0),
    ({"severe_insect_damage": 9}, 1, 1, 0),
    ({"severe_insect_damage": 10}, 2, 2, 0),
    ({"partial_black": 2}, 0, 0, 0),
    ({"partial_black": 3}, 1, 0, 1),
    ({"partial_black": 7}, 2, 0, 2),
    ({"broken_chipped_cut": 14}, 2, 0, 2),
    ({"broken_chipped_cut": 15}, 3, 0, 3),
    ({"slight_insect_damage": 9}, 0, 0, 0),
    ({"slight_insect_damage": 25}, 2, 0, 2),
    # Rounded down per type, not after summing: 2 + 2 partial beans are not one full defect.
    ({"partial_black": 2, "partial_sour": 2}, 0, 0, 0),
    ({"parchment": 4, "floater": 4, "immature_unripe": 4, "withered": 4, "shell": 4}, 0, 0, 0),
    ({"full_black": 1, "partial_sour": 6, "hull_husk": 11, "dried_cherry_pod": 2}, 7, 3, 4),
]


@pytest.mark.parametrize(("beans", "full", "category_1", "category_2"), TABLE)
def test_full_defect_counts(
    forms: dict[str, FormTemplate],
    beans: dict[str, int],
    full: int,
    category_1: int,
    category_2: int,
) -> None:
    result = score_sheet(forms["green-grading"], counts(**beans))
    assert result.final == full
    assert result.derived["full_defects"] == full
    assert result.derived["category_1_full_defects"] == category_1
    assert result.derived["category_2_full_defects"] == category_2
    assert result.band is None


def test_breakdown_gives_full_defects_per_type(forms: dict[str, FormTemplate]) -> None:
    result = score_sheet(forms["green-grading"], counts(partial_black=7, floater=4))
    assert result.section("partial_black").value == 7
    assert result.section("partial_black").points == 2
    assert result.section("floater").points == 0
    assert result.derived["category_2_beans"] == 11


def test_specialty_grade_met(forms: dict[str, FormTemplate]) -> None:
    result = score_sheet(forms["green-grading"], {**counts(broken_chipped_cut=25), **GOOD})
    grade = result.grade("specialty_grade")
    assert grade.status == "met"
    assert grade.failing == ()


@pytest.mark.parametrize(
    ("beans", "measures", "failing"),
    [
        ({"full_black": 1}, {}, ("category_1_defects",)),
        ({"severe_insect_damage": 4}, {}, ()),  # four beans are not yet one full defect
        ({"broken_chipped_cut": 30}, {}, ("full_defects",)),  # 6 full defects
        ({}, {"quakers": 1}, ("quakers",)),
        ({}, {"moisture": "9.9"}, ("moisture",)),
        ({}, {"moisture": "12.1"}, ("moisture",)),
        ({}, {"moisture": "10.0"}, ()),
        ({}, {"moisture": "12"}, ()),
        ({}, {"water_activity": "0.70"}, ("water_activity",)),  # must be below 0.70
        ({}, {"water_activity": "0.699"}, ()),
        (
            {"full_sour": 3, "withered": 20},
            {"quakers": 2, "moisture": "13.5"},
            ("category_1_defects", "full_defects", "quakers", "moisture"),
        ),
    ],
)
def test_specialty_grade_reasons(
    forms: dict[str, FormTemplate],
    beans: dict[str, int],
    measures: dict[str, object],
    failing: tuple[str, ...],
) -> None:
    values = {**counts(**beans), **GOOD, **measures}
    grade = score_sheet(forms["green-grading"], values).grade("specialty_grade")
    assert grade.failing == failing
    assert grade.status == ("not_met" if failing else "met")


def test_missing_measurements_are_not_recorded_rather_than_failed(
    forms: dict[str, FormTemplate],
) -> None:
    grade = score_sheet(forms["green-grading"], counts()).grade("specialty_grade")
    assert grade.status == "not_recorded"
    assert grade.unrecorded == ("quakers", "moisture", "water_activity")
    assert grade.failing == ()


def test_a_failure_outranks_a_missing_measurement(forms: dict[str, FormTemplate]) -> None:
    grade = score_sheet(forms["green-grading"], counts(full_black=2)).grade("specialty_grade")
    assert grade.status == "not_met"
    assert grade.failing == ("category_1_defects",)


def test_counts_must_be_whole_and_not_negative(forms: dict[str, FormTemplate]) -> None:
    values = counts(full_black=-1, shell="2.5", floater="x")
    values.update(moisture="11.05", colour="purple", water_activity="1.2")
    del values["hull_husk"]
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["green-grading"], values)
    assert [(p.key, p.code) for p in caught.value.problems] == [
        ("full_black", "out_of_range"),
        ("floater", "not_a_number"),
        ("shell", "not_an_integer"),
        ("hull_husk", "missing"),
        ("moisture", "off_step"),
        ("water_activity", "out_of_range"),
        ("colour", "unknown_choice"),
    ]


def test_other_physical_data_is_recorded(forms: dict[str, FormTemplate]) -> None:
    values = {**counts(), "density": 720, "screen_size": 17, "colour": "bluish_green"}
    result = score_sheet(forms["green-grading"], values)
    assert result.section("screen_size").value == 17
    assert result.section("colour").value == "bluish_green"
    assert result.section("density").points is None
