"""Raw input for sessions, samples and cuppers (GUI text or JSON values) into typed fields,
collecting every error at once, the same way lot fields are read (domain.lot_fields).

Session keys: held_on (YYYY-MM-DD), title, place, form_id, blind, leader, notes, and the
protocol: dose_g, water_ml, cups_per_sample, water_temp_c, grind_pct_20_mesh, roast_minutes,
rest_hours, robusta, deviation_notes.
Sample keys: sample_type, roast_date, agtron_whole, agtron_ground, notes.
Cupper keys: cupper_name, q_licence, affiliation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from microlot_desk.domain.cupping.protocol import Protocol
from microlot_desk.domain.cupping.sessions import Affiliation, SampleType
from microlot_desk.domain.field_parsing import BadValue, Parser, clean_name, clean_text
from microlot_desk.domain.field_parsing import parse_with as parse_with  # the services' entry
from microlot_desk.domain.lot_fields import parse_date
from microlot_desk.errors import FieldError


def _text(max_len: int, *, required: bool = False, name: bool = False) -> Parser:
    """Free text; `name`: shown on one line, so held to clean_name's stricter rules."""
    clean = clean_name if name else clean_text

    def parse(raw: Any) -> str:
        text = clean(raw, max_len=max_len)
        if required and not text:
            raise BadValue("required")
        return text

    return parse


def _day(*, required: bool = False) -> Parser:
    def parse(raw: Any) -> date | None:
        if isinstance(raw, date):
            value: date | None = raw
        else:
            value = parse_date(raw)
        if value is None and required:
            raise BadValue("required")
        return value

    return parse


def _number(minimum: str, maximum: str, *, whole: bool = False) -> Parser:
    low, high = Decimal(minimum), Decimal(maximum)

    def parse(raw: Any) -> Decimal | int | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool | float) or not isinstance(raw, str | int | Decimal):
            raise BadValue("not_a_number")
        try:
            value = Decimal(raw.strip().replace(",", ".") if isinstance(raw, str) else raw)
        except InvalidOperation as exc:
            raise BadValue("not_a_number") from exc
        if not value.is_finite():
            raise BadValue("not_a_number")
        if whole and value != value.to_integral_value():
            raise BadValue("not_a_whole_number")
        if not low <= value <= high:
            raise BadValue("out_of_range", min=low, max=high)
        return int(value) if whole else value

    return parse


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    raise BadValue("unknown_choice", value=str(raw), allowed="true, false")


def _choice(kind: type[StrEnum], *, default: StrEnum | None = None) -> Parser:
    def parse(raw: Any) -> StrEnum:
        text = clean_text(raw, max_len=40).lower().replace(" ", "_").replace("-", "_")
        if not text and default is not None:
            return default
        try:
            return kind(text)
        except ValueError as exc:
            allowed = ", ".join(member.value for member in kind)
            raise BadValue("unknown_choice", value=text, allowed=allowed) from exc

    return parse


PROTOCOL_PARSERS: dict[str, Parser] = {
    "dose_g": _number("0", "100"),
    "water_ml": _number("0", "1000"),
    "cups_per_sample": _number("1", "20", whole=True),
    "water_temp_c": _number("0", "100"),
    "grind_pct_20_mesh": _number("0", "100"),
    "roast_minutes": _number("0", "120"),
    "rest_hours": _number("0", "8760"),
    "robusta": _flag,
    "deviation_notes": _text(4000),
}

SESSION_PARSERS: dict[str, Parser] = {
    "held_on": _day(required=True),
    "title": _text(160, name=True),
    "place": _text(160, name=True),
    "form_id": _text(80, required=True),
    "blind": _flag,
    "leader": _text(160, name=True),
    "notes": _text(8000),
    **PROTOCOL_PARSERS,
}

SAMPLE_PARSERS: dict[str, Parser] = {
    "sample_type": _choice(SampleType),
    "roast_date": _day(),
    "agtron_whole": _number("0", "200"),
    "agtron_ground": _number("0", "200"),
    "notes": _text(4000),
}

CUPPER_PARSERS: dict[str, Parser] = {
    "cupper_name": _text(160, required=True, name=True),
    "q_licence": _text(40, name=True),
    "affiliation": _choice(Affiliation),
}


def protocol_from(values: Mapping[str, Any], base: Protocol | None = None) -> Protocol:
    """A Protocol with the protocol keys among `values` applied over `base`."""
    changes = {key: values[key] for key in PROTOCOL_PARSERS if key in values}
    return dataclasses.replace(base or Protocol(), **changes)


def parse_reason(
    raw: Any, field: str = "reason", *, max_len: int = 1000
) -> tuple[str, list[FieldError]]:
    """A required free-text reason or name (an exclusion's reason, who revealed)."""
    try:
        return _text(max_len, required=True)(raw), []
    except BadValue as bad:
        return "", [FieldError(field, bad.code, bad.params)]
