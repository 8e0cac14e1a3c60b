"""A sheet written the way people write it down (issue 3 §6), turned into a form's values.

    {"form": "sca-2004", "scores": {"fragrance_aroma": 8.5, ..., "uniformity": 10},
     "taint_cups": 0, "fault_cups": 1}
    {"form": "cva-affective", "scores": {"fragrance": 7, ...},
     "non_uniform_cups": 1, "defective_cups": 1, "defect_type": "phenolic"}

Differences from the form's own values (sheet_values), each because the paper form reads so:
- a cups section (Uniformity, Clean Cup, Sweetness) is given in points as on the form (0-10 in
  steps of 2 on the 2004 form); a list of one bool per cup is also accepted;
- a choice cup field (CVA defective cups) is given as a count plus `defect_type`: the first
  that many cups are marked with it. A count without a type marks the cups but does not count
  them (the sheet warns defect_type_missing), as the CVA rule asks;
- cup fields may be given at the top level (as in the examples) or inside "scores".
Problems are collected per key, as read_values does, so every bad section is named at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from microlot_desk.domain.cupping.decimals import is_integral, parse_value, unreadable_reason
from microlot_desk.domain.cupping.errors import ValueProblem
from microlot_desk.domain.cupping.template import CupField, FormTemplate, Section

REQUEST_KEYS = ("form", "scores", "defect_type")
"""Top-level keys besides the form's cup fields and descriptor groups."""


def request_values(
    template: FormTemplate, request: Mapping[str, object]
) -> tuple[dict[str, object], tuple[ValueProblem, ...]]:
    """The form values a score request asks for, and the problems found translating it.

    The values still go through score_sheet, which finds the remaining problems (missing
    sections, off-range scores); keys named in the returned problems are left out of them.
    """
    problems: list[ValueProblem] = []
    scores = request.get("scores", {})
    if not isinstance(scores, Mapping):
        return {}, (ValueProblem("scores", "wrong_type", _show(scores)),)
    fields = {f.key for f in template.cup_fields} | {g.key for g in template.descriptors}
    given: dict[str, object] = dict(scores)
    for key, raw in request.items():
        if key in REQUEST_KEYS:
            continue
        if key not in fields:
            problems.append(ValueProblem(str(key), "unknown_key"))
        elif key in given:
            problems.append(ValueProblem(str(key), "given_twice"))
        else:
            given[key] = raw
    values: dict[str, object] = {}
    defect_type = request.get("defect_type")
    for key, raw in given.items():
        problem = _translate(template, str(key), raw, defect_type, values)
        if problem is not None:
            problems.append(problem)
    problems.extend(_check_defect_type(template, defect_type))
    return values, tuple(problems)


def _translate(
    template: FormTemplate, key: str, raw: object, defect_type: object, values: dict[str, object]
) -> ValueProblem | None:
    section = _find_section(template, key)
    if section is not None and section.kind == "cups" and not isinstance(raw, list | tuple):
        cups, problem = _cups_from_points(section, raw, template.cups or 0)
        if problem is not None:
            return problem
        values[key] = cups
        return None
    cup_field = _find_cup_field(template, key)
    if cup_field is not None and isinstance(raw, int) and not isinstance(raw, bool):
        if cup_field.marks == "choice":
            if not 0 <= raw <= (template.cups or 0):
                return ValueProblem(key, "out_of_range", str(raw))
            mark: object = defect_type if isinstance(defect_type, str) else True
            values[key] = [mark] * raw + [None] * ((template.cups or 0) - raw)
            return None
        if cup_field.marks == "level":
            return ValueProblem(key, "wrong_type", str(raw))
    values[key] = raw
    return None


def _cups_from_points(
    section: Section, raw: object, cups: int
) -> tuple[int | None, ValueProblem | None]:
    per_cup = section.points_per_cup or Decimal(1)
    value = parse_value(raw)
    if value is None:
        return None, ValueProblem(section.key, unreadable_reason(raw), _show(raw))
    if not Decimal(0) <= value <= per_cup * cups:
        return None, ValueProblem(section.key, "out_of_range", _show(raw))
    passing = value / per_cup
    if not is_integral(passing):
        return None, ValueProblem(section.key, "off_step", _show(raw))
    return int(passing), None


def _check_defect_type(template: FormTemplate, defect_type: object) -> list[ValueProblem]:
    if defect_type is None:
        return []
    choices = {choice for f in template.cup_fields if f.marks == "choice" for choice in f.choices}
    if isinstance(defect_type, str) and defect_type in choices:
        return []
    code = "unknown_choice" if choices else "unknown_key"
    return [ValueProblem("defect_type", code, _show(defect_type))]


def _find_section(template: FormTemplate, key: str) -> Section | None:
    return next((s for s in template.sections if s.key == key), None)


def _find_cup_field(template: FormTemplate, key: str) -> CupField | None:
    return next((f for f in template.cup_fields if f.key == key), None)


def _show(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
