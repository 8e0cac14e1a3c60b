"""One sheet field at a time: check it against the form, and turn it into canonical text and back.

The entry screen commits each field as it is left, so a field is checked and stored on its own.
Stored text is canonical (the same value always gives the same text, so two stations that typed
the same score agree): numbers as plain decimals without trailing zeros ("8.5", "10"), counts
as whole numbers, per-cup marks and descriptor lists as compact JSON, choices as themselves.
The form's kind for the key says how to read the text back. Decoding never raises: text that
does not read back is handed on as it is, and read_values reports it as a problem of that field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

from microlot_desk.domain.cupping.decimals import parse_value
from microlot_desk.domain.cupping.errors import ValueProblem
from microlot_desk.domain.cupping.sheet_values import check_values
from microlot_desk.domain.cupping.template import FormTemplate

FieldKind = str
"""'section:<kind>', 'cup_field:<marks>' or 'descriptors'."""


def field_kind(template: FormTemplate, key: str) -> FieldKind | None:
    """What sort of field a key names on this form; None when the form has no such field."""
    for section in template.sections:
        if section.key == key:
            return f"section:{section.kind}"
    for cup_field in template.cup_fields:
        if cup_field.key == key:
            return f"cup_field:{cup_field.marks}"
    if any(group.key == key for group in template.descriptors):
        return "descriptors"
    return None


def field_label(template: FormTemplate, key: str) -> str:
    """The form's label for a key (the key itself when the form has no such field)."""
    labels = {section.key: section.label for section in template.sections}
    labels.update((cup_field.key, cup_field.label) for cup_field in template.cup_fields)
    labels.update((group.key, group.label) for group in template.descriptors)
    return labels.get(key, key)


def check_field(template: FormTemplate, key: str, raw: object) -> ValueProblem | None:
    """The problem with one field's value, or None when it may be stored. None (a cleared
    field) is always acceptable: a sheet may be incomplete while it is being filled in."""
    if field_kind(template, key) is None:
        return ValueProblem(key, "unknown_key")
    if raw is None:
        return None
    for problem in check_values(template, {key: raw}):
        if problem.key == key:
            return problem
    return None


def encode_field(template: FormTemplate, key: str, raw: object) -> str | None:
    """Canonical text for a value check_field accepted; None for a cleared field."""
    if raw is None:
        return None
    kind = field_kind(template, key) or ""
    if kind == "section:choice":
        return str(raw)
    if isinstance(raw, list | tuple):
        return json.dumps([_plain(item) for item in raw], separators=(",", ":"))
    value = parse_value(raw)
    if value is None:  # only reachable when check_field was skipped
        raise ValueError(f"{key}: not a checked value")
    return canonical_decimal(value)


def decode_field(template: FormTemplate, key: str, text: str) -> object:
    """The value stored as `text`, in a form read_values accepts (the text itself if not)."""
    kind = field_kind(template, key)
    if kind is None or kind == "section:choice":
        return text
    if kind == "descriptors" or text.startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            return text
    if kind in ("section:cups", "section:count", "cup_field:flag"):
        return int(text) if text.isdigit() else text
    return Decimal(text) if parse_value(text) is not None else text


def decode_values(template: FormTemplate, stored: Mapping[str, str]) -> dict[str, object]:
    """Every stored field of a sheet decoded, in form order; keys the form lacks are left out."""
    keys = [s.key for s in template.sections] + [f.key for f in template.cup_fields]
    keys += [g.key for g in template.descriptors]
    return {key: decode_field(template, key, stored[key]) for key in keys if key in stored}


def canonical_decimal(value: Decimal) -> str:
    """Plain decimal text without trailing zeros: 8.50 -> "8.5", 1E+1 -> "10", -0 -> "0"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _plain(item: object) -> object:
    if isinstance(item, Decimal):
        return int(item) if item == item.to_integral_value() else canonical_decimal(item)
    return item
