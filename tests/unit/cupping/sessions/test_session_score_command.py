"""`microlot-desk score FILE.json`: issue 3 §6's input (cups sections in points, cup fields as
counts, CVA defect_type) in, form/final/warnings out; bad input exits 1 naming each section."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.domain.cupping.score_request import request_values
from microlot_desk.services.common.form_library import load_form_library

Cli = Callable[..., Any]
FORMS = load_form_library()

SCA_SHEET: dict[str, Any] = {
    "form": "sca-2004",
    "scores": {
        "fragrance_aroma": 8.5,
        "flavor": 8.25,
        "aftertaste": 8,
        "acidity": 8.25,
        "body": 8,
        "balance": 8,
        "uniformity": 10,
        "clean_cup": 10,
        "sweetness": 10,
        "overall": 8.25,
    },
    "taint_cups": 0,
    "fault_cups": 1,
}
CVA_KEYS = ("fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel")


def cva(score: int, **cups: Any) -> dict[str, Any]:
    return {"form": "cva-affective", "scores": dict.fromkeys((*CVA_KEYS, "overall"), score), **cups}


def score(cli: Cli, tmp_path: Path, sheet: dict[str, Any], *flags: str) -> Any:
    path = tmp_path / "sheet.json"
    path.write_text(json.dumps(sheet), encoding="utf-8")
    return cli("score", str(path), *flags)


def test_sca_2004_sheet_scores_with_the_fault_cup_subtracted(cli: Cli, tmp_path: Path) -> None:
    result = score(cli, tmp_path, SCA_SHEET, "--json")
    assert result.code == 0, result
    data = json.loads(result.out)
    # 87.25 for the ten attributes (uniformity, clean cup, sweetness 10 each), minus 4 x 1 fault
    assert (data["form"], data["final"], data["band"], data["warnings"]) == (
        "sca-2004",
        83.25,
        "very_good",
        [],
    )
    assert data["sections"]["uniformity"] == {"value": 5, "points": 10}
    assert data["penalties"] == [
        {"field": "taint_cups", "amount": 0, "points": 0},
        {"field": "fault_cups", "amount": 1, "points": 4},
    ]


def test_text_output_names_form_final_and_band(cli: Cli, tmp_path: Path) -> None:
    result = score(cli, tmp_path, SCA_SHEET)
    assert result.code == 0
    assert "final 83.25  (very_good)" in result.out


@pytest.mark.parametrize(
    ("sheet", "final"),
    [
        (cva(1), 58),
        (cva(5), 79),
        (cva(9), 100),
        (cva(6), 84.25),
        (cva(5, non_uniform_cups=1, defective_cups=1, defect_type="moldy"), 73),
        # a defective cup without a defect type is not counted (and the sheet says so)
        (cva(5, defective_cups=1), 79),
        # defective but not marked non-uniform: counted, with a coherence warning
        (cva(5, defective_cups=1, defect_type="phenolic"), 75),
        # all five cups evenly defective: not non-uniform with each other
        (cva(5, defective_cups=5, defect_type="potato"), 59),
    ],
)
def test_cva_anchors_and_cup_rules(
    cli: Cli, tmp_path: Path, sheet: dict[str, Any], final: float
) -> None:
    result = score(cli, tmp_path, sheet, "--json")
    assert result.code == 0, result
    assert json.loads(result.out)["final"] == final


def test_cva_sum_12_rounds_half_up(cli: Cli, tmp_path: Path) -> None:
    sheet = cva(1)
    sheet["scores"].update(fragrance=3, aroma=3)  # sum 12: 60.625 -> 60.75
    assert json.loads(score(cli, tmp_path, sheet, "--json").out)["final"] == 60.75


@pytest.mark.parametrize(
    ("sheet", "codes"),
    [
        (cva(5, defective_cups=1), ["defect_type_missing"]),
        (cva(5, defective_cups=1, defect_type="phenolic"), ["implied_mark_missing"]),
        (cva(5, defective_cups=2, non_uniform_cups=2, defect_type="moldy"), []),
    ],
)
def test_cva_warnings(cli: Cli, tmp_path: Path, sheet: dict[str, Any], codes: list[str]) -> None:
    data = json.loads(score(cli, tmp_path, sheet, "--json").out)
    assert [w["code"] for w in data["warnings"]] == codes
    assert all(w["message"] for w in data["warnings"])


def test_bad_sheet_exits_1_naming_every_bad_section(cli: Cli, tmp_path: Path) -> None:
    sheet = json.loads(json.dumps(SCA_SHEET))
    sheet["scores"].update(fragrance_aroma=8.3, flavor=11, aftertaste="x", uniformity=9)
    del sheet["scores"]["sweetness"]
    sheet["fault_cups"] = 7
    result = score(cli, tmp_path, sheet)
    assert result.code == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[1:] == [
        "  Fragrance/Aroma (fragrance_aroma): 8.3 is not on the form's steps of 0.25 from 0.",
        "  Flavor (flavor): 11 is outside 0 to 10.",
        "  Aftertaste (aftertaste): 'x' is not a number.",
        "  Uniformity (uniformity): 9 is not on the form's steps of 2 from 0.",
        "  Sweetness (sweetness) is missing.",
        "  Fault cups (intensity 4) (fault_cups): 7 is outside 0 to 5.",
    ]


def test_bad_sheet_with_json_also_lists_the_errors_as_data(cli: Cli, tmp_path: Path) -> None:
    sheet = cva(5)
    sheet["scores"]["flavor"] = 10
    result = score(cli, tmp_path, sheet, "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["final"] is None
    assert [(e["section"], e["reason"]) for e in data["errors"]] == [("flavor", "out_of_range")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{"form": "sca-2004", "form": "cva-affective", "scores": {}}',
            'the member "form" appears twice',
        ),
        (b'{"form": "sca-2004", "scores": {"flavor": NaN}}', "'NaN' is not a number JSON allows"),
        (b"[1, 2]", '"form" and "scores"'),
        (b'{"form": "no-such-form", "scores": {}}', "no-such-form"),
    ],
)
def test_unusable_input_exits_1(cli: Cli, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "sheet.json"
    path.write_bytes(content)
    result = cli("score", str(path))
    assert result.code == 1
    assert expected in result.err


def test_score_reads_standard_input_and_writes_no_database(cli: Cli, data_dir: Path) -> None:
    result = cli("score", "-", stdin=json.dumps(cva(7)).encode())
    assert result.code == 0
    assert "final 89.50" in result.out  # 0.65625 x 56 + 52.75 = 89.5
    assert not (data_dir / "microlot.sqlite").exists()


@pytest.mark.parametrize(
    ("form", "request_", "values", "problems"),
    [
        ("sca-2004", {"scores": {"uniformity": 10}}, {"uniformity": 5}, []),
        ("sca-2004", {"scores": {"uniformity": 0}}, {"uniformity": 0}, []),
        ("sca-2004", {"scores": {"uniformity": 7}}, {}, [("uniformity", "off_step")]),
        ("sca-2004", {"scores": {"uniformity": 12}}, {}, [("uniformity", "out_of_range")]),
        ("sca-2004", {"scores": {"uniformity": "ten"}}, {}, [("uniformity", "not_a_number")]),
        (
            "sca-2004",
            {"scores": {"uniformity": [True, True, True, True, False]}},
            {"uniformity": [True, True, True, True, False]},
            [],
        ),
        ("sca-2004", {"scores": {}, "taint_cups": 2}, {"taint_cups": 2}, []),
        ("sca-2004", {"scores": {"taint_cups": 2}}, {"taint_cups": 2}, []),
        (
            "sca-2004",
            {"scores": {"taint_cups": 2}, "taint_cups": 1},
            {"taint_cups": 2},
            [("taint_cups", "given_twice")],
        ),
        ("sca-2004", {"scores": {}, "colour": 1}, {}, [("colour", "unknown_key")]),
        (
            "cva-affective",
            {"scores": {}, "defective_cups": 2, "defect_type": "moldy"},
            {"defective_cups": ["moldy", "moldy", None, None, None]},
            [],
        ),
        (
            "cva-affective",
            {"scores": {}, "defective_cups": 1},
            {"defective_cups": [True, None, None, None, None]},
            [],
        ),
        (
            "cva-affective",
            {"scores": {}, "defective_cups": 6, "defect_type": "moldy"},
            {},
            [("defective_cups", "out_of_range")],
        ),
        (
            "cva-affective",
            {"scores": {}, "defect_type": "mouldy"},
            {},
            [("defect_type", "unknown_choice")],
        ),
        ("cup-of-excellence", {"scores": {}, "defects": 2}, {}, [("defects", "wrong_type")]),
        ("sca-2004", {"scores": [1, 2]}, {}, [("scores", "wrong_type")]),
    ],
)
def test_request_translation(
    form: str, request_: dict[str, Any], values: dict[str, Any], problems: list[tuple[str, str]]
) -> None:
    got, found = request_values(FORMS.get(form), request_)
    assert got == values
    assert [(p.key, p.code) for p in found] == problems


def test_points_are_read_exactly() -> None:
    values, problems = request_values(
        FORMS.get("sca-2004"), {"scores": {"sweetness": Decimal("8.0")}}
    )
    assert (values, problems) == ({"sweetness": 4}, ())
