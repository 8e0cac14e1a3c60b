"""`microlot-desk score`: sheets no cupper can have filled in are refused, naming the cups, and
a number is judged the same whether it is written as a JSON number or as text (issue 9 §6)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Cli = Callable[..., Any]

SCA_SCORES = {
    "fragrance_aroma": "8",
    "flavor": "8",
    "aftertaste": "8",
    "acidity": "8",
    "body": "8",
    "balance": "8",
    "uniformity": 10,
    "clean_cup": 10,
    "sweetness": 10,
    "overall": "8",
}
COE_ZEROS = dict.fromkeys(
    ("clean_cup", "sweetness", "acidity", "mouthfeel", "flavor", "aftertaste", "balance"), 0
)
CVA_SCORES = dict.fromkeys(
    ("fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel", "overall"),
    7,
)


def score_text(cli: Cli, text: str, *flags: str) -> Any:
    return cli("score", "-", *flags, stdin=text.encode("utf-8"))


def score(cli: Cli, sheet: dict[str, Any], *flags: str) -> Any:
    return score_text(cli, json.dumps(sheet), *flags)


def refusals(result: Any) -> list[str]:
    assert result.code == 1, result
    assert result.out == "" or json.loads(result.out)["final"] is None
    return [line.strip() for line in result.err.splitlines()[1:]]


@pytest.mark.parametrize("form", ["sca-2004", "fine-robusta"])
def test_more_taint_and_fault_cups_than_the_sample_has_is_refused(cli: Cli, form: str) -> None:
    scores = dict(SCA_SCORES)
    if form == "fine-robusta":
        scores["salt_acid"] = scores.pop("acidity")
        scores["bitter_sweet"] = scores.pop("sweetness")
    sheet = {"form": form, "scores": scores, "taint_cups": 3, "fault_cups": 3}
    assert refusals(score(cli, sheet)) == [
        "Taint cups (intensity 2) (taint_cups) and Fault cups (intensity 4) mark 6 cups "
        "together, but the sample has 5; a cup is one or the other, not both."
    ]


def test_a_cup_both_tainted_and_faulty_is_refused_naming_the_cups(cli: Cli) -> None:
    sheet = {
        "form": "sca-2004",
        "scores": SCA_SCORES,
        "taint_cups": [True, False, True, True, False],
        "fault_cups": [False, False, True, True, False],
    }
    result = score(cli, sheet, "--json")
    assert refusals(result) == [
        "Taint cups (intensity 2) (taint_cups): cups 3, 4 are also marked as Fault cups "
        "(intensity 4); a cup is one or the other, not both."
    ]
    errors = json.loads(result.out)["errors"]
    assert [(e["section"], e["reason"]) for e in errors] == [("taint_cups", "marked_in_both")]


def test_taint_and_fault_on_different_cups_still_score(cli: Cli) -> None:
    sheet = {"form": "sca-2004", "scores": SCA_SCORES, "taint_cups": 2, "fault_cups": 3}
    result = score(cli, sheet, "--json")
    assert result.code == 0, result
    assert json.loads(result.out)["final"] == 86 - 2 * 2 - 4 * 3


def test_cup_of_excellence_final_below_zero_is_refused(cli: Cli) -> None:
    sheet = {"form": "cup-of-excellence", "scores": {**COE_ZEROS, "overall": 0.5}}
    sheet["defects"] = [3, 3, 3, 3]
    assert refusals(score(cli, sheet)) == [
        "Defects (defects): the penalties take the final to -11.5, below the form's lowest "
        "score of 0; check the cups marked and the scores."
    ]


def test_cup_of_excellence_final_of_exactly_zero_scores(cli: Cli) -> None:
    sheet = {"form": "cup-of-excellence", "scores": {**COE_ZEROS, "overall": 0}}
    sheet["defects"] = [3, 3, 3, 0]
    result = score(cli, sheet, "--json")
    assert result.code == 0, result
    assert json.loads(result.out)["final"] == 0


@pytest.mark.parametrize(
    ("non_uniform", "defective", "cups"),
    [(0, 2, "1, 2"), (1, 3, "2, 3"), ([False, True, False, False, False], 2, "1")],
)
def test_cva_warning_names_the_cups_to_mark(
    cli: Cli, non_uniform: Any, defective: int, cups: str
) -> None:
    sheet = {"form": "cva-affective", "scores": CVA_SCORES, "defect_type": "moldy"}
    sheet.update(non_uniform_cups=non_uniform, defective_cups=defective)
    result = score(cli, sheet, "--json")
    assert result.code == 0, result
    [warning] = json.loads(result.out)["warnings"]
    assert warning["message"] == (
        f"Defective cups (defective_cups): cups {cups} should also be marked as Non-uniform "
        "cups: a defective cup is non-uniform unless every cup is alike."
    )


def test_exponent_and_overlong_numbers_are_named_as_written(cli: Cli) -> None:
    text = json.dumps({"form": "sca-2004", "scores": SCA_SCORES})
    text = text.replace('"fragrance_aroma": "8"', '"fragrance_aroma": 1e1')
    text = text.replace('"flavor": "8"', '"flavor": 8.2500000000000000001')
    assert refusals(score_text(cli, text)) == [
        "Fragrance/Aroma (fragrance_aroma): '1e1' is written with an exponent; write the "
        "score as a plain decimal number (10, 8.25).",
        "Flavor (flavor): 8.2500000000000000001 is not on the form's steps of 0.25 from 0.",
    ]


NUMBER_TEXT = st.one_of(
    st.decimals(min_value=-1, max_value=11, places=3).map(lambda d: format(d, "f")),
    st.sampled_from(["1e1", "8.2500000000000000001", "8.25", "8.250", "-0.0", "1E1", "0.825e1"]),
    st.builds(
        lambda digits, exponent: f"{digits}e{exponent}",
        st.integers(0, 100),
        st.integers(-3, 3),
    ),
)


# The cli fixture keeps nothing between runs (score opens no database), so sharing it is safe.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(number=NUMBER_TEXT)
def test_a_number_and_the_same_number_as_text_are_judged_alike(cli: Cli, number: str) -> None:
    template = json.dumps({"form": "sca-2004", "scores": {**SCA_SCORES, "flavor": "@"}})
    as_number = score_text(cli, template.replace('"@"', number), "--json")
    as_text = score_text(cli, template.replace('"@"', json.dumps(number)), "--json")
    assert (as_number.code, as_number.err) == (as_text.code, as_text.err)
    assert json.loads(as_number.out) == json.loads(as_text.out)
    if as_number.code == 0:
        flavor = json.loads(as_number.out)["sections"]["flavor"]["value"]
        assert Decimal(str(flavor)) == Decimal(number)
