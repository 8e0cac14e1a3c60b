"""Read the formula, score bands and grades of a template, checking every reference.

The formula vocabulary is deliberately small and declarative (see template.py): "linear" for
sheets that add scores and subtract per-cup penalties, "full_defects" for green grading,
"none" for forms that only record. A lab expresses its own form with these, no code.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal, cast

from microlot_desk.domain.cupping.decimals import ROUNDING_MODES, RoundingMode
from microlot_desk.domain.cupping.errors import TemplateError
from microlot_desk.domain.cupping.template import (
    Band,
    CupField,
    DefectRule,
    Formula,
    FullDefectsFormula,
    Grade,
    LinearFormula,
    NoFormula,
    Penalty,
    Requirement,
    Section,
)
from microlot_desk.domain.cupping.template_reader import Node, join, read_kind

_FORMULA_KEYS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "linear": (
        ("sum_of",),
        (
            "multiplier",
            "offset",
            "penalties",
            "round_to",
            "rounding",
            "minimum",
        ),
    ),
    "full_defects": (("defects",), ()),
    "none": ((), ()),
}
_BOUNDS: Final = ("min", "max", "below", "above")


def quantities(formula: Formula) -> tuple[str, ...]:
    """The derived quantities a formula computes, which requirements may refer to."""
    if isinstance(formula, LinearFormula):
        return ("final", "total")
    if isinstance(formula, FullDefectsFormula):
        return (
            "final",
            "full_defects",
            "category_1_full_defects",
            "category_2_full_defects",
            "category_1_beans",
            "category_2_beans",
        )
    return ()


def parse_formula(
    raw: object, path: str, sections: tuple[Section, ...], cup_fields: tuple[CupField, ...]
) -> Formula:
    """The template's formula; every section or field it names must exist and be of use."""
    kind = read_kind(path, raw, "type", _FORMULA_KEYS)
    required, optional = _FORMULA_KEYS[kind]
    node = Node.read(raw, path, required=("type", *required), optional=optional)
    if kind == "linear":
        return _linear(node, {s.key: s for s in sections}, {f.key for f in cup_fields})
    if kind == "full_defects":
        return _full_defects(node, {s.key: s for s in sections})
    return NoFormula()


def _linear(node: Node, sections: dict[str, Section], fields: set[str]) -> LinearFormula:
    sum_of = node.identifiers("sum_of")
    for index, key in enumerate(sum_of):
        _expect_section(join(node.at("sum_of"), index), key, sections, ("score", "cups"))
    multiplier = node.number("multiplier") if node.has("multiplier") else Decimal(1)
    if multiplier <= 0:
        # A positive multiplier keeps the final monotone in every score, as cuppers expect.
        raise TemplateError(node.at("multiplier"), "bad_number", str(multiplier))
    penalties: list[Penalty] = []
    if node.has("penalties"):
        for path, key, raw_weight in node.entries("penalties"):
            if key not in fields:
                raise TemplateError(path, "unknown_field", key)
            weight = Node({key: raw_weight}, node.at("penalties")).number(key)
            if weight < 0:
                raise TemplateError(path, "bad_number", str(weight))
            penalties.append(Penalty(key, weight))
    if node.has("round_to") != node.has("rounding"):
        raise TemplateError(node.path, "rounding_incomplete")
    round_to: Decimal | None = None
    rounding: RoundingMode | None = None
    if node.has("round_to"):
        round_to = node.number("round_to")
        if round_to <= 0:
            raise TemplateError(node.at("round_to"), "bad_number", str(round_to))
        mode = node.data["rounding"]
        if mode not in ROUNDING_MODES:
            raise TemplateError(node.at("rounding"), "unknown_rounding", repr(mode))
        rounding = mode
    return LinearFormula(
        sum_of=sum_of,
        multiplier=multiplier,
        offset=node.number("offset") if node.has("offset") else Decimal(0),
        penalties=tuple(penalties),
        round_to=round_to,
        rounding=rounding,
        minimum=node.number("minimum") if node.has("minimum") else None,
    )


def _full_defects(node: Node, sections: dict[str, Section]) -> FullDefectsFormula:
    rules: list[DefectRule] = []
    for path, key, raw in node.entries("defects"):
        _expect_section(path, key, sections, ("count",))
        rule = Node.read(raw, path, required=("category", "beans_per_full_defect"))
        category = cast(Literal[1, 2], rule.integer("category", 1, 2))
        rules.append(DefectRule(key, category, rule.integer("beans_per_full_defect", 1, 10_000)))
    return FullDefectsFormula(tuple(rules))


def _expect_section(
    path: str, key: str, sections: dict[str, Section], kinds: tuple[str, ...]
) -> None:
    if key not in sections:
        raise TemplateError(path, "unknown_section", key)
    if sections[key].kind not in kinds:
        raise TemplateError(path, "wrong_section_kind", key)
    if not sections[key].required:
        # A blank optional section would silently count as zero in the final.
        raise TemplateError(path, "optional_section_in_formula", key)


def parse_bands(root: Node, key: str, formula: Formula) -> tuple[Band, ...]:
    """Bands from the highest down; only the last may lack a minimum (the catch-all)."""
    if isinstance(formula, NoFormula):
        raise TemplateError(root.at(key), "bands_without_score")
    items = root.items(key)
    bands: list[Band] = []
    for index, (path, raw) in enumerate(items):
        node = Node.read(raw, path, required=("code",), optional=("min",))
        code = node.identifier("code")
        minimum = node.optional_number("min")
        if code in {band.code for band in bands}:
            raise TemplateError(node.at("code"), "duplicate_key", code)
        if minimum is None and index != len(items) - 1:
            raise TemplateError(path, "catch_all_not_last", code)
        previous = bands[-1].minimum if bands else None
        if minimum is not None and previous is not None and minimum >= previous:
            raise TemplateError(node.at("min"), "bands_not_descending", str(minimum))
        bands.append(Band(code, minimum))
    return tuple(bands)


def parse_grades(
    root: Node, key: str, formula: Formula, sections: tuple[Section, ...]
) -> tuple[Grade, ...]:
    """Grades and their requirements, each naming a numeric section or a derived quantity."""
    known = set(quantities(formula)) | {s.key for s in sections if s.numeric}
    grades: list[Grade] = []
    for path, raw in root.items(key):
        node = Node.read(raw, path, required=("code", "requirements"))
        code = node.identifier("code")
        if code in {grade.code for grade in grades}:
            raise TemplateError(node.at("code"), "duplicate_key", code)
        requirements: list[Requirement] = []
        for item_path, item in node.items("requirements"):
            requirement = _requirement(Node.read(item, item_path, ("code", "of"), _BOUNDS), known)
            if requirement.code in {r.code for r in requirements}:
                raise TemplateError(join(item_path, "code"), "duplicate_key", requirement.code)
            requirements.append(requirement)
        grades.append(Grade(code, tuple(requirements)))
    return tuple(grades)


def _requirement(node: Node, known: set[str]) -> Requirement:
    of = node.identifier("of")
    if of not in known:
        raise TemplateError(node.at("of"), "unknown_quantity", of)
    if not any(node.has(bound) for bound in _BOUNDS):
        raise TemplateError(node.path, "requirement_without_bound")
    requirement = Requirement(
        code=node.identifier("code"),
        of=of,
        minimum=node.optional_number("min"),
        maximum=node.optional_number("max"),
        below=node.optional_number("below"),
        above=node.optional_number("above"),
    )
    lows = [b for b in (requirement.minimum, requirement.above) if b is not None]
    highs = [b for b in (requirement.maximum, requirement.below) if b is not None]
    if lows and highs and max(lows) > min(highs):
        raise TemplateError(node.path, "bad_range", f"{max(lows)}..{min(highs)}")
    return requirement
