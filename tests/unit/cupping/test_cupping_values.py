"""What a sheet accepts: exact numbers only, every problem reported at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microlot_desk.domain.cupping import FormTemplate, SheetError, check_values, score_sheet

CVA = ("fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel",
       "overall")  # fmt: skip


def good() -> dict[str, object]:
    return dict.fromkeys(CVA, 6)


@pytest.mark.parametrize(
    "value",
    [6.0, True, None, "6,0", " 6", "1_0", "NaN", Decimal("NaN"), Decimal("Infinity"), [6]],
)
def test_only_exact_numbers_are_scores(forms: dict[str, FormTemplate], value: object) -> None:
    values = good()
    values["flavor"] = value
    problems = check_values(forms["cva-affective"], values)
    assert [p.key for p in problems] == ["flavor"]
    assert problems[0].code in {"not_a_number", "missing"}


@pytest.mark.parametrize("value", ["6e0", "6E0", "0.6e1", "60e-1"])
def test_exponent_notation_is_refused_as_such(forms: dict[str, FormTemplate], value: str) -> None:
    values = good()
    values["flavor"] = value
    problems = check_values(forms["cva-affective"], values)
    assert [(p.key, p.code, p.value) for p in problems] == [("flavor", "exponent_notation", value)]


@pytest.mark.parametrize("value", [6, "6", "6.0", "6.00", Decimal("6"), Decimal("6.000")])
def test_equal_spellings_of_a_score_score_alike(
    forms: dict[str, FormTemplate], value: object
) -> None:
    values = good()
    values["flavor"] = value
    assert check_values(forms["cva-affective"], values) == ()
    assert score_sheet(forms["cva-affective"], values).final == Decimal("84.25")


def test_unknown_keys_are_refused(forms: dict[str, FormTemplate]) -> None:
    values = good()
    values.update(body=6, notes="nice")
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["cva-affective"], values)
    assert caught.value.keys == ("body", "notes")
    assert {p.code for p in caught.value.problems} == {"unknown_key"}


@pytest.mark.parametrize(
    ("key", "value", "code", "cups"),
    [
        ("defective_cups", ["moldy", None, None, None], "wrong_cup_count", ()),
        ("defective_cups", ["moldy", "rioy", None, None, 3], "unknown_choice", (2, 5)),
        ("defective_cups", 1, "wrong_type", ()),  # a defect needs its type, so per cup
        ("non_uniform_cups", 6, "out_of_range", ()),
        ("non_uniform_cups", [1, 0, 0, 0, 0], "wrong_type", (1, 2, 3, 4, 5)),
        ("non_uniform_cups", "two", "wrong_type", ()),
    ],
)
def test_cup_marks(
    forms: dict[str, FormTemplate], key: str, value: object, code: str, cups: tuple[int, ...]
) -> None:
    values = good()
    values[key] = value
    (problem,) = check_values(forms["cva-affective"], values)
    assert (problem.key, problem.code, problem.cups) == (key, code, cups)


def test_problems_come_in_form_order_and_name_every_section(
    forms: dict[str, FormTemplate],
) -> None:
    values = {"overall": 10, "aroma": "4.5", "fragrance": 0, "zzz": 1, "sweetness": 5}
    problems = check_values(forms["cva-affective"], values)
    assert [(p.key, p.code) for p in problems] == [
        ("fragrance", "out_of_range"),
        ("aroma", "off_step"),
        ("flavor", "missing"),
        ("aftertaste", "missing"),
        ("acidity", "missing"),
        ("mouthfeel", "missing"),
        ("overall", "out_of_range"),
        ("zzz", "unknown_key"),
    ]


def test_the_caller_decimal_context_does_not_change_a_score(
    forms: dict[str, FormTemplate],
) -> None:
    import decimal

    values = dict.fromkeys(CVA, 3)  # sum 24 -> 68.50
    values["flavor"] = 4  # sum 25 -> 69.15625 -> 69.25
    with decimal.localcontext() as context:
        context.prec = 3
        context.rounding = decimal.ROUND_DOWN
        assert score_sheet(forms["cva-affective"], values).final == Decimal("69.25")
