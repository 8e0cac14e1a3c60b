"""One sheet field at a time: checked against the form (range, step, per-cup marks, choices),
stored as canonical text, read back to the same score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.cupping import FormTemplate, score_sheet
from microlot_desk.domain.cupping.sheet_codec import (
    canonical_decimal,
    check_field,
    decode_values,
    encode_field,
)
from microlot_desk.services.common.form_library import load_form_library

FORMS = load_form_library()
SCA = FORMS.get("sca-2004")
CVA = FORMS.get("cva-affective")
COE = FORMS.get("cup-of-excellence")
D = Decimal


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("8.50", "8.5"),
        ("8.5", "8.5"),
        ("10", "10"),
        ("1E+1", "10"),
        ("0.00", "0"),
        ("-0", "0"),
        ("9.75", "9.75"),
        ("100.000", "100"),
    ],
)
def test_canonical_decimal_text(text: str, canonical: str) -> None:
    assert canonical_decimal(D(text)) == canonical


FIVE_NONE: list[object] = [None] * 5


@pytest.mark.parametrize(
    ("form", "key", "value", "code"),
    [
        (SCA, "flavor", "8.75", None),
        (SCA, "flavor", D("8.75"), None),
        (SCA, "flavor", 9, None),
        (SCA, "flavor", "8.8", "off_step"),
        (SCA, "flavor", "10.25", "out_of_range"),
        (SCA, "flavor", "-0.25", "out_of_range"),
        (SCA, "flavor", 8.75, "not_a_number"),  # a float has lost what was typed
        (SCA, "flavor", "8,75", "not_a_number"),
        (SCA, "flavor", True, "not_a_number"),
        (SCA, "flavor", None, None),  # clearing a field is always allowed
        (SCA, "uniformity", 5, None),
        (SCA, "uniformity", 6, "out_of_range"),
        (SCA, "uniformity", "4.5", "not_an_integer"),
        (SCA, "uniformity", [True, True, False, True, True], None),
        (SCA, "uniformity", [True] * 4, "wrong_cup_count"),
        (SCA, "taint_cups", 2, None),
        (SCA, "taint_cups", 6, "out_of_range"),
        (SCA, "fragrance_dry", 3, None),
        (SCA, "fragrance_dry", "3.5", "off_step"),
        (SCA, "no_such_section", "8", "unknown_key"),
        (CVA, "fragrance", "9", None),
        (CVA, "fragrance", "0", "out_of_range"),
        (CVA, "fragrance", "6.5", "off_step"),
        (CVA, "defective_cups", ["moldy", None, None, None, None], None),
        (CVA, "defective_cups", [True, None, None, None, None], None),  # kept, not counted
        (CVA, "defective_cups", ["mouldy", None, None, None, None], "unknown_choice"),
        (CVA, "non_uniform_cups", [True, None, None, None, None], None),
        (COE, "defects", [0, 2, 0, 0], None),
        (COE, "defects", [0, 4, 0, 0], "bad_level"),
    ],
)
def test_check_one_field(form: FormTemplate, key: str, value: object, code: str | None) -> None:
    problem = check_field(form, key, value)
    assert (problem.code if problem else None) == code
    if problem is not None:
        assert problem.key == key  # the refusal names the section


@pytest.mark.parametrize(
    ("form", "key", "value", "text"),
    [
        (SCA, "flavor", "8.50", "8.5"),
        (SCA, "flavor", D("9"), "9"),
        (SCA, "uniformity", 5, "5"),
        (SCA, "uniformity", [True, False, True, True, True], "[true,false,true,true,true]"),
        (CVA, "defective_cups", ["moldy", None, None, None, True], '["moldy",null,null,null,true]'),
        (COE, "defects", [0, 2, 0, 3], "[0,2,0,3]"),
    ],
)
def test_stored_text_is_canonical(form: FormTemplate, key: str, value: object, text: str) -> None:
    assert encode_field(form, key, value) == text


def test_text_that_does_not_read_back_is_handed_on_and_reported_not_raised() -> None:
    values = decode_values(SCA, {"flavor": "eight", "uniformity": "[true", "gone_key": "1"})
    assert values == {"flavor": "eight", "uniformity": "[true"}
    assert check_field(SCA, "flavor", values["flavor"]) is not None


def _score(step: str, low: int, high: int) -> st.SearchStrategy[Decimal]:
    unit = D(step)
    count = int((high - low) / unit)
    return st.integers(0, count).map(lambda n: D(low) + unit * n)


SCA_SHEETS = st.fixed_dictionaries(
    {
        **{k: _score("0.25", 0, 10) for k in ("fragrance_aroma", "flavor", "aftertaste")},
        **{k: _score("0.25", 0, 10) for k in ("acidity", "body", "balance", "overall")},
        **{
            k: st.one_of(st.integers(0, 5), st.lists(st.booleans(), min_size=5, max_size=5))
            for k in ("uniformity", "clean_cup", "sweetness")
        },
        "taint_cups": st.integers(0, 5),
        "fault_cups": st.lists(st.booleans(), min_size=5, max_size=5),
    }
).filter(  # a cup is tainted or faulty, never both: together at most the 5 cups
    lambda values: values["taint_cups"] + sum(values["fault_cups"]) <= 5
)
CVA_MARK = st.one_of(st.none(), st.just(True), st.sampled_from(["moldy", "phenolic", "potato"]))
CVA_SHEETS = st.fixed_dictionaries(
    {
        **{
            k: _score("1", 1, 9)
            for k in ("fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness")
        },
        "mouthfeel": _score("1", 1, 9),
        "overall": _score("1", 1, 9),
        "non_uniform_cups": st.lists(st.booleans(), min_size=5, max_size=5),
        "defective_cups": st.lists(CVA_MARK, min_size=5, max_size=5),
    }
)


def _stored_and_read_back(form: FormTemplate, values: dict[str, object]) -> dict[str, object]:
    for key, value in values.items():
        assert check_field(form, key, value) is None, key
    stored = {key: encode_field(form, key, value) for key, value in values.items()}
    assert all(text is not None for text in stored.values())
    read = decode_values(form, {k: v for k, v in stored.items() if v is not None})
    # Canonical: storing what was read back writes the same text again.
    assert {k: encode_field(form, k, v) for k, v in read.items()} == stored
    return read


@given(SCA_SHEETS)
def test_sca_2004_sheet_stored_field_by_field_scores_the_same(values: dict[str, object]) -> None:
    read = _stored_and_read_back(SCA, values)
    original, again = score_sheet(SCA, values), score_sheet(SCA, read)
    assert (again.final, again.warnings, again.penalties) == (
        original.final,
        original.warnings,
        original.penalties,
    )


@given(CVA_SHEETS)
def test_cva_sheet_stored_field_by_field_scores_the_same(values: dict[str, object]) -> None:
    read = _stored_and_read_back(CVA, values)
    original, again = score_sheet(CVA, values), score_sheet(CVA, read)
    assert (again.final, again.warnings) == (original.final, original.warnings)
