"""Turning raw custody input (form text from the GUI, JSON values from the CLI) into typed event
fields, every error collected at once as FieldError.

Times: ISO 8601 with an offset ("2026-05-12T06:30-05:00"), or without one together with the
field `utc_offset` ("-05:00"), or a bare date ("2026-05-12": the start of that day, or for an
end time the end of it). The UTC instant and the offset are both kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from microlot_desk.domain.custody import CoffeeForm, Moment
from microlot_desk.domain.lot_fields import (
    BadValue,
    Parser,
    choice_field,
    clean_text,
    decimal_field,
    is_blank,
    text_field,
)
from microlot_desk.errors import FieldError

_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})$")
MAX_OFFSET_MINUTES = 14 * 60
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)

KG = decimal_field("0", "10000000", 3)


def parse_offset(raw: Any) -> int | None:
    """'-05:00', '+0530' or 'Z' → minutes east of UTC; None when blank."""
    if is_blank(raw):
        return None
    text = clean_text(raw, max_len=6)
    if text.upper() == "Z":
        return 0
    match = _OFFSET.match(text)
    if not match:
        raise BadValue("bad_offset")
    minutes = int(match.group("hours")) * 60 + int(match.group("minutes"))
    if minutes > MAX_OFFSET_MINUTES or int(match.group("minutes")) >= 60:
        raise BadValue("bad_offset")
    return -minutes if match.group("sign") == "-" else minutes


def parse_moment(raw: Any, offset_minutes: int | None, *, end: bool = False) -> Moment | None:
    if is_blank(raw):
        return None
    text = clean_text(raw, max_len=40)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            local = datetime.combine(day, time(0, 0))
            if end:
                local += timedelta(days=1)
            value = local
        else:
            value = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError as exc:
        raise BadValue("bad_datetime") from exc
    if value.tzinfo is None:
        zone = timezone(timedelta(minutes=offset_minutes or 0))
        value = value.replace(tzinfo=zone)
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if abs(minutes) > MAX_OFFSET_MINUTES:
        raise BadValue("bad_offset")
    utc = value.astimezone(UTC)
    if not EARLIEST <= utc <= LATEST:
        raise BadValue("bad_datetime")
    return Moment(utc, minutes)


def parse_bool(raw: Any) -> bool:
    if is_blank(raw):
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "yes", "1"):
        return True
    if isinstance(raw, str) and raw.strip().lower() in ("false", "no", "0"):
        return False
    raise BadValue("not_a_boolean")


def _stage(stages: Iterable[str]) -> Parser:
    return choice_field(stages, blank="")


def event_parsers(stages: Iterable[str]) -> dict[str, Parser]:
    """Every field a person may give for a custody event (times are parsed apart)."""
    forms = [f.value for f in CoffeeForm]
    return {
        "stage": _stage(tuple(stages)),
        "place": text_field(200),
        "responsible": text_field(160),
        "kg_in": KG,
        "form_in": choice_field(forms, blank=""),
        "kg_out": KG,
        "form_out": choice_field(forms, blank=""),
        "notes": text_field(4000),
        "void": parse_bool,
    }


TIME_FIELDS = ("started", "ended", "utc_offset")
EVENT_FIELDS: tuple[str, ...] = (
    *event_parsers(()).keys(),
    *TIME_FIELDS,
)


def parse_event_fields(
    raw: Mapping[str, Any], stages: Iterable[str]
) -> tuple[dict[str, Any], list[FieldError]]:
    """Parse the given fields; return typed values (CoffeeForm, Moment) and every error."""
    parsers = event_parsers(stages)
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    offset: int | None = None
    try:
        offset = parse_offset(raw.get("utc_offset"))
    except BadValue as bad:
        errors.append(FieldError("utc_offset", bad.code, bad.params))
    for key, value in raw.items():
        if key == "utc_offset":
            continue
        try:
            if key in ("started", "ended"):
                values[key] = parse_moment(value, offset, end=key == "ended")
            elif key in parsers:
                parsed = parsers[key](value)
                if key in ("form_in", "form_out"):
                    parsed = CoffeeForm(parsed) if parsed else None
                values[key] = parsed
            else:
                errors.append(FieldError(str(key), "unknown_field"))
        except BadValue as bad:
            errors.append(FieldError(str(key), bad.code, bad.params))
    return values, errors


def check_event(values: Mapping[str, Any]) -> list[FieldError]:
    """Rules across fields: an end after its start; a weight needs its form."""
    errors: list[FieldError] = []
    started, ended = values.get("started"), values.get("ended")
    if started is not None and ended is not None and ended.utc < started.utc:
        errors.append(FieldError("ended", "end_before_start", {"start": started.iso_utc()}))
    for weight, form in (("kg_in", "form_in"), ("kg_out", "form_out")):
        if values.get(weight) is not None and values.get(form) is None:
            errors.append(FieldError(form, "required_with_weight"))
    return errors
