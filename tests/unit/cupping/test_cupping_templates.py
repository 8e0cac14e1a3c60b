"""Templates are data, read strictly: every malformed one is refused with a path and a reason."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.domain.cupping import (
    FormTemplate,
    LinearFormula,
    TemplateError,
    parse_template,
)
from microlot_desk.domain.strict_json import loads_strict

FORMS_DIR = Path(__file__).resolve().parents[3] / "resources" / "forms"

Mutation = Callable[[dict[str, Any]], None]


def read_form_json(template_id: str) -> Any:
    """A fresh copy of a built-in form's JSON, to be mutated."""
    return loads_strict((FORMS_DIR / f"{template_id}.json").read_bytes())


def sca() -> dict[str, Any]:
    data = read_form_json("sca-2004")
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def cva() -> dict[str, Any]:
    data = read_form_json("cva-affective")
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def test_built_in_forms(forms: dict[str, FormTemplate]) -> None:
    assert sorted(forms) == [
        "cup-of-excellence",
        "cva-affective",
        "cva-descriptive",
        "fine-robusta",
        "green-grading",
        "sca-2004",
    ]
    for template_id, form in forms.items():
        assert form.id == template_id
        assert form.version >= 1


def test_sca_2004_template_content(forms: dict[str, FormTemplate]) -> None:
    form = forms["sca-2004"]
    flavor = form.section("flavor")
    assert flavor.range is not None
    assert (flavor.range.minimum, flavor.range.maximum, flavor.range.step) == (
        Decimal(0),
        Decimal(10),
        Decimal("0.25"),
    )
    assert flavor.warn_below == 6
    assert form.section("sweetness").points_per_cup == 2
    assert form.section("body_level").attached_to == "body"
    assert form.cups == 5
    assert isinstance(form.formula, LinearFormula)
    assert len(form.formula.sum_of) == 10
    assert [b.code for b in form.bands] == [
        "outstanding",
        "excellent",
        "very_good",
        "below_specialty",
    ]


def test_cva_template_content(forms: dict[str, FormTemplate]) -> None:
    form = forms["cva-affective"]
    assert [s.key for s in form.sections] == [
        "fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel",
        "overall",
    ]  # fmt: skip
    defective = next(f for f in form.cup_fields if f.key == "defective_cups")
    assert defective.choices == ("moldy", "phenolic", "potato")
    assert defective.implies is not None and defective.implies.field == "non_uniform_cups"
    assert isinstance(form.formula, LinearFormula)
    assert (form.formula.multiplier, form.formula.offset) == (Decimal("0.65625"), Decimal("52.75"))
    assert (form.formula.round_to, form.formula.rounding) == (Decimal("0.25"), "half_up")


def _set(path: str, value: object) -> Mutation:
    """A mutation setting a dotted path ("sections.0.step") to value, or deleting it."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


_DELETE = object()

SCA_MUTATIONS: list[tuple[str, Mutation, str, str]] = [
    ("unknown top-level key", _set("colour", "red"), "colour", "unknown_key"),
    ("missing formula", _set("formula", _DELETE), "formula", "missing_key"),
    ("newer format", _set("format", 2), "format", "unsupported_format"),
    ("bad id", _set("id", "SCA 2004"), "id", "bad_identifier"),
    ("version zero", _set("version", 0), "version", "out_of_range"),
    ("version as text", _set("version", "1"), "version", "wrong_type"),
    ("empty name", _set("name", "  "), "name", "bad_length"),
    ("no sections", _set("sections", []), "sections", "empty"),
    ("misspelt key", _set("sections.0.warn_bellow", 6), "sections[0].warn_bellow", "unknown_key"),
    ("missing step", _set("sections.0.step", _DELETE), "sections[0].step", "missing_key"),
    ("unknown kind", _set("sections.0.kind", "slider"), "sections[0].kind", "unknown_kind"),
    ("camelCase key", _set("sections.0.key", "fragranceAroma"), "sections[0].key",
     "bad_identifier"),
    ("empty range", _set("sections.0.min", 10), "sections[0].max", "bad_range"),
    ("zero step", _set("sections.0.step", 0), "sections[0].step", "bad_step"),
    ("negative step", _set("sections.0.step", "-0.25"), "sections[0].step", "bad_step"),
    ("step not dividing", _set("sections.0.step", "0.3"), "sections[0].step",
     "step_does_not_divide_range"),
    ("number as word", _set("sections.0.min", "six"), "sections[0].min", "bad_number"),
    ("number as bool", _set("sections.0.max", True), "sections[0].max", "bad_number"),
    ("NaN number", _set("sections.0.max", float("nan")), "sections[0].max", "bad_number"),
    ("warn outside range", _set("sections.0.warn_below", 11), "sections[0].warn_below",
     "warn_below_out_of_range"),
    ("required as text", _set("sections.0.required", "yes"), "sections[0].required", "wrong_type"),
    ("points per cup zero", _set("sections.10.points_per_cup", 0), "sections[10].points_per_cup",
     "bad_number"),
    ("attached to nothing", _set("sections.1.attached_to", "smell"), "sections[1].attached_to",
     "unknown_section"),
    ("duplicate key", _set("sections.3.key", "fragrance_aroma"), "sections[3].key",
     "duplicate_key"),
    ("reserved key", _set("sections.3.key", "final"), "sections[3].key", "reserved_key"),
    ("section key reused by cup field", _set("cup_fields.0.key", "flavor"), "cup_fields[0].key",
     "duplicate_key"),
    ("cups missing", _set("cups", _DELETE), "sections[10].kind", "cups_missing"),
    ("unknown mark kind", _set("cup_fields.0.marks", "tick"), "cup_fields[0].marks",
     "unknown_kind"),
    ("unknown section in formula", _set("formula.sum_of.1", "flavour"), "formula.sum_of[1]",
     "unknown_section"),
    ("intensity in formula", _set("formula.sum_of.1", "fragrance_dry"), "formula.sum_of[1]",
     "wrong_section_kind"),
    ("optional section in formula", _set("sections.3.required", False), "formula.sum_of[1]",
     "optional_section_in_formula"),
    ("section summed twice", _set("formula.sum_of.1", "fragrance_aroma"), "formula.sum_of[1]",
     "duplicate_key"),
    ("unknown penalty field", _set("formula.penalties.taint", 2), "formula.penalties.taint",
     "unknown_field"),
    ("negative penalty", _set("formula.penalties.taint_cups", -2), "formula.penalties.taint_cups",
     "bad_number"),
    ("excludes an unknown field", _set("cup_fields.0.excludes", "ghost_cups"),
     "cup_fields[0].excludes", "unknown_field"),
    ("excludes itself", _set("cup_fields.0.excludes", "taint_cups"), "cup_fields[0].excludes",
     "unknown_field"),
    ("unknown formula", _set("formula.type", "weighted"), "formula.type", "unknown_kind"),
    ("formula key of another type", _set("formula.defects", {}), "formula.defects",
     "unknown_key"),
    ("zero multiplier", _set("formula.multiplier", 0), "formula.multiplier", "bad_number"),
    ("rounding half given", _set("formula.round_to", "0.25"), "formula", "rounding_incomplete"),
    ("bands ascending", _set("bands.1.min", 95), "bands[1].min", "bands_not_descending"),
    ("catch-all not last", _set("bands.1.min", _DELETE), "bands[1]", "catch_all_not_last"),
    ("band code twice", _set("bands.1.code", "outstanding"), "bands[1].code", "duplicate_key"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutation", "path", "reason"),
    [pytest.param(m, p, r, id=name) for name, m, p, r in SCA_MUTATIONS],
)
def test_malformed_templates_are_refused(mutation: Mutation, path: str, reason: str) -> None:
    data = sca()
    mutation(data)
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert (caught.value.path, caught.value.reason) == (path, reason)


@pytest.mark.parametrize(
    ("mutation", "path", "reason"),
    [
        (_set("formula.rounding", "bankers"), "formula.rounding", "unknown_rounding"),
        (_set("formula.round_to", "0"), "formula.round_to", "bad_number"),
        (_set("cup_fields.1.implies.field", "ghost_cups"), "cup_fields[1].implies.field",
         "unknown_field"),
        (_set("cup_fields.1.implies.field", "defective_cups"), "cup_fields[1].implies.field",
         "unknown_field"),
        (_set("cup_fields.1.choices", []), "cup_fields[1].choices", "empty"),
        (_set("cup_fields.1.choices.1", "moldy"), "cup_fields[1].choices[1]", "duplicate_key"),
        (_set("cup_fields.0.choices", ["x"]), "cup_fields[0].choices", "unknown_key"),
    ],
)  # fmt: skip
def test_malformed_cva_templates_are_refused(mutation: Mutation, path: str, reason: str) -> None:
    data = cva()
    mutation(data)
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert (caught.value.path, caught.value.reason) == (path, reason)


def test_implied_field_must_be_a_plain_flag() -> None:
    data = cva()
    data["cup_fields"].append(
        {"key": "faint_cups", "label": "Faint", "marks": "level", "levels": {"min": 1, "max": 3}}
    )
    data["cup_fields"][1]["implies"]["field"] = "faint_cups"
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert caught.value.reason == "wrong_field_kind"


def test_grade_requirements_are_checked() -> None:
    data = read_form_json("green-grading")
    assert isinstance(data, dict)
    for requirement, path, reason in [
        ({"code": "x", "of": "ghost", "max": 1}, "grades[0].requirements[5].of",
         "unknown_quantity"),
        ({"code": "x", "of": "moisture"}, "grades[0].requirements[5]",
         "requirement_without_bound"),
        ({"code": "x", "of": "moisture", "min": 12, "below": 10}, "grades[0].requirements[5]",
         "bad_range"),
        ({"code": "moisture", "of": "moisture", "max": 1}, "grades[0].requirements[5].code",
         "duplicate_key"),
        ({"code": "x", "of": "colour", "max": 1}, "grades[0].requirements[5].of",
         "unknown_quantity"),
    ]:  # fmt: skip
        mutated = copy.deepcopy(data)
        mutated["grades"][0]["requirements"].append(requirement)
        with pytest.raises(TemplateError) as caught:
            parse_template(mutated)
        assert (caught.value.path, caught.value.reason) == (path, reason)


def test_full_defects_formula_needs_count_sections() -> None:
    data = read_form_json("green-grading")
    assert isinstance(data, dict)
    data["formula"]["defects"]["moisture"] = {"category": 2, "beans_per_full_defect": 5}
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert (caught.value.path, caught.value.reason) == (
        "formula.defects.moisture",
        "wrong_section_kind",
    )
    data["formula"]["defects"]["moisture"] = {"category": 3, "beans_per_full_defect": 5}
    data["formula"]["defects"]["quakers"] = data["formula"]["defects"].pop("moisture")
    data["sections"][16]["required"] = True  # quakers, so only the category is wrong
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert (caught.value.path, caught.value.reason) == (
        "formula.defects.quakers.category",
        "out_of_range",
    )


def test_descriptor_groups_are_checked() -> None:
    data = read_form_json("cva-descriptive")
    assert isinstance(data, dict)
    data["descriptors"][0]["choices"][1]["children"].append({"key": "floral", "label": "Again"})
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert (caught.value.path, caught.value.reason) == (
        "descriptors[0].choices[1].children[3].key",
        "duplicate_key",
    )


def test_bands_need_a_score() -> None:
    data = read_form_json("cva-descriptive")
    assert isinstance(data, dict)
    data["bands"] = [{"code": "good", "min": 80}]
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert (caught.value.path, caught.value.reason) == ("bands", "bands_without_score")


def test_not_an_object() -> None:
    for data, path in [([], ""), ({**sca(), "formula": []}, "formula")]:
        with pytest.raises(TemplateError) as caught:
            parse_template(data)
        assert (caught.value.path, caught.value.reason) == (path, "not_an_object")


def test_json_numbers_and_decimal_text_mean_the_same() -> None:
    as_text = cva()
    as_numbers = cva()
    as_numbers["formula"].update(multiplier=0.65625, offset=52.75, round_to=0.25)
    assert parse_template(as_text) == parse_template(as_numbers)


def test_a_lab_may_want_defective_cups_always_non_uniform() -> None:
    from microlot_desk.domain.cupping import score_sheet

    data = cva()
    data["cup_fields"][1]["implies"]["unless_all_cups_alike"] = False
    form = parse_template(data)
    values: dict[str, object] = {s.key: 5 for s in form.sections}
    values["defective_cups"] = ["moldy"] * 5
    result = score_sheet(form, values)
    assert result.warning_codes == ("implied_mark_missing",)
    assert result.warnings[0].cups == (1, 2, 3, 4, 5)
