"""Read a form template from parsed JSON, strictly.

Anything the scoring could misread is refused with TemplateError: unknown or missing keys,
ranges that are empty or whose step does not divide them, duplicate keys, references to
sections that do not exist. The JSON text itself is parsed elsewhere (strict_json), so this
module stays free of I/O.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, cast

from microlot_desk.domain.cupping.decimals import is_on_step
from microlot_desk.domain.cupping.descriptor_parser import parse_descriptor_group
from microlot_desk.domain.cupping.errors import TemplateError
from microlot_desk.domain.cupping.formula_parser import parse_bands, parse_formula, parse_grades
from microlot_desk.domain.cupping.template import (
    DERIVED_QUANTITIES,
    TEMPLATE_FORMAT,
    CupField,
    DescriptorGroup,
    FormTemplate,
    Implication,
    MarkKind,
    NumberRange,
    Section,
    SectionKind,
)
from microlot_desk.domain.cupping.template_reader import ID_PATTERN, Node, join, read_kind

MAX_CUPS = 20
# Per kind: keys it must have and keys it may have, besides key, label, kind, required and
# attached_to, which every section may have.
_SECTION_KEYS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "score": (("min", "max", "step"), ("warn_below",)),
    "cups": (("points_per_cup",), ()),
    "intensity": (("min", "max", "step"), ()),
    "count": ((), ("max",)),
    "measure": (("min", "max", "step"), ("unit",)),
    "choice": (("choices",), ()),
}
# Scores and counts feed the formula, so a sheet without them cannot be scored; intensities,
# measures and choices are context, so by default they may stay blank.
_REQUIRED_BY_DEFAULT: Final = frozenset({"score", "cups", "count"})
_MARK_KEYS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "flag": ((), ("implies", "excludes")),
    "choice": (("choices",), ("implies", "excludes")),
    "level": (("levels",), ("implies", "excludes")),
}


def parse_template(data: object) -> FormTemplate:
    """Build a FormTemplate from a parsed JSON document; raise TemplateError when malformed."""
    root = Node.read(
        data,
        "",
        required=("format", "id", "name", "version", "sections", "formula"),
        optional=("description", "cups", "cup_fields", "descriptors", "bands", "grades"),
    )
    if root.data["format"] != TEMPLATE_FORMAT or isinstance(root.data["format"], bool):
        raise TemplateError("format", "unsupported_format", repr(root.data["format"]))
    template_id = root.identifier("id", ID_PATTERN)
    name = root.text("name")
    version = root.integer("version", 1, 1_000_000)
    cups = root.integer("cups", 1, MAX_CUPS) if root.has("cups") else None
    sections = tuple(_section(path, raw, cups) for path, raw in root.items("sections"))
    cup_fields = tuple(
        _cup_field(path, raw, cups) for path, raw in _optional_items(root, "cup_fields")
    )
    descriptors = tuple(
        parse_descriptor_group(path, raw) for path, raw in _optional_items(root, "descriptors")
    )
    _check_unique_keys(root, sections, cup_fields, descriptors)
    _check_attachments(root, sections)
    _check_implications(root, cup_fields)
    _check_exclusions(root, cup_fields)
    formula = parse_formula(root.data["formula"], "formula", sections, cup_fields)
    return FormTemplate(
        id=template_id,
        name=name,
        version=version,
        description=root.optional_text("description") or "",
        cups=cups,
        sections=sections,
        cup_fields=cup_fields,
        descriptors=descriptors,
        formula=formula,
        bands=parse_bands(root, "bands", formula) if root.has("bands") else (),
        grades=parse_grades(root, "grades", formula, sections) if root.has("grades") else (),
    )


def _optional_items(root: Node, key: str) -> list[tuple[str, object]]:
    return root.items(key, allow_empty=True) if root.has(key) else []


def _range(node: Node) -> NumberRange:
    minimum, maximum, step = node.number("min"), node.number("max"), node.number("step")
    if step <= 0:
        raise TemplateError(node.at("step"), "bad_step", str(step))
    if minimum >= maximum:
        raise TemplateError(node.at("max"), "bad_range", f"{minimum}..{maximum}")
    if not is_on_step(maximum, minimum, step):
        raise TemplateError(node.at("step"), "step_does_not_divide_range", f"{minimum}..{maximum}")
    return NumberRange(minimum, maximum, step)


def _section(path: str, raw: object, cups: int | None) -> Section:
    kind = cast(SectionKind, read_kind(path, raw, "kind", _SECTION_KEYS))
    required, optional = _SECTION_KEYS[kind]
    node = Node.read(
        raw,
        path,
        required=("key", "label", "kind", *required),
        optional=("required", "attached_to", *optional),
    )
    key, label = node.identifier("key"), node.text("label")
    is_required = node.boolean("required", kind in _REQUIRED_BY_DEFAULT)
    attached_to = node.identifier("attached_to") if node.has("attached_to") else None
    number_range: NumberRange | None = None
    warn_below: Decimal | None = None
    per_cup: Decimal | None = None
    choices: tuple[str, ...] = ()
    if kind in ("score", "intensity", "measure"):
        number_range = _range(node)
        warn_below = node.optional_number("warn_below")
        if warn_below is not None and not number_range.contains(warn_below):
            raise TemplateError(node.at("warn_below"), "warn_below_out_of_range", str(warn_below))
    elif kind == "cups":
        if cups is None:
            raise TemplateError(node.at("kind"), "cups_missing")
        per_cup = node.number("points_per_cup")
        if per_cup <= 0:
            raise TemplateError(node.at("points_per_cup"), "bad_number", str(per_cup))
        # What a cupper records is how many cups pass; points follow from the template.
        number_range = NumberRange(Decimal(0), Decimal(cups), Decimal(1))
    elif kind == "count":
        maximum = Decimal(node.integer("max", 1, 10**9)) if node.has("max") else None
        number_range = NumberRange(Decimal(0), maximum, Decimal(1))
    else:
        choices = node.identifiers("choices")
    return Section(
        key=key,
        label=label,
        kind=kind,
        required=is_required,
        range=number_range,
        warn_below=warn_below,
        points_per_cup=per_cup,
        unit=node.optional_text("unit"),
        choices=choices,
        attached_to=attached_to,
    )


def _cup_field(path: str, raw: object, cups: int | None) -> CupField:
    marks = cast(MarkKind, read_kind(path, raw, "marks", _MARK_KEYS))
    required, optional = _MARK_KEYS[marks]
    node = Node.read(raw, path, required=("key", "label", "marks", *required), optional=optional)
    if cups is None:
        raise TemplateError(path, "cups_missing")
    levels: NumberRange | None = None
    if marks == "level":
        level_node = Node.read(node.data["levels"], node.at("levels"), required=("min", "max"))
        low = level_node.integer("min", 1, 100)
        high = level_node.integer("max", low, 100)
        levels = NumberRange(Decimal(low), Decimal(high), Decimal(1))
    implies: Implication | None = None
    if node.has("implies"):
        rule = Node.read(
            node.data["implies"],
            node.at("implies"),
            required=("field",),
            optional=("unless_all_cups_alike",),
        )
        alike = rule.boolean("unless_all_cups_alike", False)
        implies = Implication(rule.identifier("field"), alike)
    return CupField(
        key=node.identifier("key"),
        label=node.text("label"),
        marks=marks,
        choices=node.identifiers("choices") if marks == "choice" else (),
        levels=levels,
        implies=implies,
        excludes=node.identifier("excludes") if node.has("excludes") else None,
    )


def _check_unique_keys(
    root: Node,
    sections: tuple[Section, ...],
    cup_fields: tuple[CupField, ...],
    descriptors: tuple[DescriptorGroup, ...],
) -> None:
    """Sections, cup fields and descriptor groups share one namespace: a sheet's value keys."""
    seen: set[str] = set()
    groups = (
        ("sections", [s.key for s in sections]),
        ("cup_fields", [f.key for f in cup_fields]),
        ("descriptors", [d.key for d in descriptors]),
    )
    for list_key, keys in groups:
        for index, key in enumerate(keys):
            path = join(join(root.at(list_key), index), "key")
            if key in DERIVED_QUANTITIES:
                raise TemplateError(path, "reserved_key", key)
            if key in seen:
                raise TemplateError(path, "duplicate_key", key)
            seen.add(key)


def _check_attachments(root: Node, sections: tuple[Section, ...]) -> None:
    keys = {section.key for section in sections}
    for index, section in enumerate(sections):
        target = section.attached_to
        if target is not None and (target not in keys or target == section.key):
            path = join(join(root.at("sections"), index), "attached_to")
            raise TemplateError(path, "unknown_section", target)


def _check_implications(root: Node, cup_fields: tuple[CupField, ...]) -> None:
    marks = {field.key: field.marks for field in cup_fields}
    for index, field in enumerate(cup_fields):
        if field.implies is None:
            continue
        path = join(join(join(root.at("cup_fields"), index), "implies"), "field")
        target = field.implies.field
        if target not in marks or target == field.key:
            raise TemplateError(path, "unknown_field", target)
        if marks[target] != "flag":
            # Only a plain mark can be "also set" unambiguously; a choice or level would need
            # its own value, which the rule cannot supply.
            raise TemplateError(path, "wrong_field_kind", target)


def _check_exclusions(root: Node, cup_fields: tuple[CupField, ...]) -> None:
    keys = {field.key for field in cup_fields}
    for index, field in enumerate(cup_fields):
        target = field.excludes
        if target is not None and (target not in keys or target == field.key):
            path = join(join(root.at("cup_fields"), index), "excludes")
            raise TemplateError(path, "unknown_field", target)
