"""Turning raw input (form text, JSON values) into typed lot fields, collecting every error at once.

Each editable field has one parser. The GUI hands over strings as typed; the CLI hands over JSON
values; both go through the same parsers so a field means the same thing everywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from microlot_desk.domain.countries import is_country, is_currency

# BadValue, Parser and the text rules are re-exported: custody, plots and evidence import them here.
from microlot_desk.domain.field_parsing import BadValue as BadValue
from microlot_desk.domain.field_parsing import Parser as Parser
from microlot_desk.domain.field_parsing import check_list_size, parse_with
from microlot_desk.domain.field_parsing import clean_name as clean_name
from microlot_desk.domain.field_parsing import clean_text as clean_text
from microlot_desk.domain.lots import VarietyShare
from microlot_desk.domain.vocabulary import (
    DEFAULT_PROCESSES,
    Isolation,
    LotStatus,
    PriceUnit,
    ProducerKind,
)
from microlot_desk.errors import FieldError

LOT_CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,31}$")

# A varieties field typed as one text: room for MAX_LIST_ITEMS names with their shares.
MAX_VARIETIES_TEXT = 4000


def _text(max_len: int) -> Parser:
    return lambda raw: clean_text(raw, max_len=max_len)


def _name(max_len: int) -> Parser:
    return lambda raw: clean_name(raw, max_len=max_len)


def _required_name(max_len: int) -> Parser:
    def parse(raw: Any) -> str:
        text = clean_name(raw, max_len=max_len)
        if not text:
            raise BadValue("required")
        return text

    return parse


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# 1,200 / 1,200.5 / 1.200,5 / 1.200.000: digit grouping, which a person may mean either way.
_GROUPED = re.compile(
    r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$|^[+-]?\d{1,3}(\.\d{3})+(,\d*)$|^[+-]?\d+(\.\d+){2,}$"
)


def _decimal_text(text: str) -> str:
    """Accept a decimal comma (10,8 %) as many users type it, but refuse digit grouping such as
    1,200, which means 1200 to some and 1.2 to others: a weight must not guess."""
    if _GROUPED.match(text) and not re.fullmatch(r"[+-]?0,\d{3}", text):
        raise BadValue("ambiguous_number")
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


def _decimal(minimum: str, maximum: str, places: int) -> Parser:
    low, high = Decimal(minimum), Decimal(maximum)

    def parse(raw: Any) -> Decimal | None:
        if _is_blank(raw):
            return None
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
            raise BadValue("not_a_number")
        text = _decimal_text(raw.strip()) if isinstance(raw, str) else str(raw)
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise BadValue("not_a_number") from exc
        if not value.is_finite():
            raise BadValue("not_a_number")
        if value < low or value > high:
            raise BadValue("out_of_range", min=low, max=high)
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise BadValue("too_many_decimals", places=places)
        return value

    return parse


def _integer(minimum: int, maximum: int) -> Parser:
    def parse(raw: Any) -> int | None:
        if _is_blank(raw):
            return None
        if isinstance(raw, bool):
            raise BadValue("not_a_whole_number")
        if isinstance(raw, int):
            value = raw
        elif (isinstance(raw, str) and re.fullmatch(r"\s*[+-]?\d+\s*", raw)) or (
            isinstance(raw, float) and raw.is_integer()
        ):
            value = int(raw)
        else:
            raise BadValue("not_a_whole_number")
        if value < minimum or value > maximum:
            raise BadValue("out_of_range", min=minimum, max=maximum)
        return value

    return parse


def parse_date(raw: Any) -> date | None:
    if _is_blank(raw):
        return None
    if not isinstance(raw, str):
        raise BadValue("bad_date")
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise BadValue("bad_date") from exc
    if not date(1900, 1, 1) <= value <= date(2200, 1, 1):
        raise BadValue("bad_date")
    return value


def parse_country(raw: Any) -> str:
    text = clean_text(raw, max_len=2).upper() if not _is_blank(raw) else ""
    if not text:
        return ""
    if not is_country(text):
        raise BadValue("unknown_country", value=text)
    return text


def _choice(values: Iterable[str], *, blank: str | None = None) -> Parser:
    allowed = tuple(values)

    def parse(raw: Any) -> str:
        if _is_blank(raw):
            if blank is None:
                raise BadValue("required")
            return blank
        text = clean_text(raw, max_len=60).lower().replace(" ", "_").replace("-", "_")
        if text not in allowed:
            raise BadValue("unknown_choice", value=text, allowed=", ".join(allowed))
        return text

    return parse


# A share needs its % sign: "Ruiru 11" and "Catimor 129" are variety names, not shares.
_SHARE = re.compile(r"^(?P<name>.*?)\s+(?P<share>\d+(?:[.,]\d+)?)\s*%$")
# Items are split on ';' or on a comma not followed by a digit, so "60,5%" stays one share.
_ITEM_SEPARATOR = re.compile(r";|,(?!\d)")


def parse_varieties(raw: Any) -> tuple[VarietyShare, ...]:
    """'Caturra 60%, Castillo 40%', ['Gesha'] or [{'name': 'Gesha', 'share': 100}]."""
    if _is_blank(raw):
        return ()
    items: list[Any]
    if isinstance(raw, str):
        if len(raw) > MAX_VARIETIES_TEXT:
            raise BadValue("too_long", max=MAX_VARIETIES_TEXT)
        items = [part for part in _ITEM_SEPARATOR.split(raw) if part.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise BadValue("bad_varieties")
    check_list_size(items)
    result: list[VarietyShare] = []
    for item in items:
        if isinstance(item, dict):
            if set(item) - {"name", "share"}:
                raise BadValue("bad_varieties")
            name = clean_name(item.get("name"), max_len=80)
            share = _decimal("0", "100", 2)(item.get("share"))
        elif isinstance(item, str):
            text = clean_name(item, max_len=90)
            match = _SHARE.match(text)
            if match and match.group("name"):
                name = match.group("name").strip()
                share = _decimal("0", "100", 2)(match.group("share"))
            else:
                name, share = text, None
        else:
            raise BadValue("bad_varieties")
        if not name:
            raise BadValue("bad_varieties")
        result.append(VarietyShare(name, share))
    shares = [v.share_pct for v in result if v.share_pct is not None]
    if shares and (len(shares) != len(result) or sum(shares) != 100):
        raise BadValue("shares_not_100")
    if len({v.name.casefold() for v in result}) != len(result):
        raise BadValue("duplicate_variety")
    return tuple(result)


def parse_isolation(raw: Any) -> frozenset[Isolation]:
    if _is_blank(raw):
        return frozenset()
    items = re.split(r"[;,]", raw) if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise BadValue("bad_isolation")
    check_list_size(items, limit=len(Isolation))
    result = set()
    for item in items:
        text = clean_text(item, max_len=40).lower().replace(" ", "_").replace("-", "_")
        if not text:
            continue
        try:
            result.add(Isolation(text))
        except ValueError as exc:
            allowed = ", ".join(i.value for i in Isolation)
            raise BadValue("unknown_choice", value=text, allowed=allowed) from exc
    return frozenset(result)


def parse_code(raw: Any) -> str:
    text = clean_text(raw, max_len=32).upper()
    if not LOT_CODE_PATTERN.match(text):
        raise BadValue("bad_code")
    return text


def parse_currency(raw: Any) -> str:
    text = clean_text(raw, max_len=3).upper() if not _is_blank(raw) else ""
    if text and not is_currency(text):
        raise BadValue("unknown_currency", value=text)
    return text


def field_parsers(processes: Iterable[str] = DEFAULT_PROCESSES) -> dict[str, Parser]:
    """Every field a person may set on a lot, with its parser. Order is the editor's order."""
    return {
        "code": parse_code,
        "name": _required_name(120),
        "producer": _name(160),
        "producer_kind": _choice([k.value for k in ProducerKind], blank=ProducerKind.PERSON.value),
        "farm": _name(160),
        "plot": _name(120),
        "altitude_m": _integer(0, 6000),
        "area_ha": _decimal("0", "100000", 4),
        "country": parse_country,
        "region": _name(120),
        "varieties": parse_varieties,
        "process": _choice(processes, blank=""),
        "fermentation_hours": _decimal("0", "2000", 1),
        "drying_method": _name(120),
        "drying_days": _decimal("0", "365", 1),
        "harvest_start": parse_date,
        "harvest_end": parse_date,
        "isolation": parse_isolation,
        "separation_notes": _text(4000),
        "story": _text(8000),
        "green_kg": _decimal("0", "10000000", 3),
        "bag_count": _integer(0, 100000),
        "bag_kg": _decimal("0", "1000", 3),
        "moisture_pct": _decimal("0", "100", 2),
        "water_activity": _decimal("0", "1", 3),
        "density_g_l": _decimal("0", "2000", 1),
        "screen_size": _integer(8, 25),
        "farm_gate_price": _decimal("0", "1000000", 4),
        "fob_price": _decimal("0", "1000000", 4),
        "reference_price": _decimal("0", "1000000", 4),
        "currency": parse_currency,
        "price_unit": _choice([u.value for u in PriceUnit], blank=PriceUnit.PER_KG.value),
        "status": _choice([s.value for s in LotStatus], blank=LotStatus.DRAFT.value),
        "notes": _text(8000),
    }


LOT_FIELDS: tuple[str, ...] = tuple(field_parsers())


def parse_fields(
    raw: Mapping[str, Any], processes: Iterable[str] = DEFAULT_PROCESSES
) -> tuple[dict[str, Any], list[FieldError]]:
    """Parse every given field; return the typed values and every error (unknown keys included)."""
    return parse_with(_shared_parsers(tuple(processes)), raw)


@functools.lru_cache(maxsize=8)
def _shared_parsers(processes: tuple[str, ...]) -> Mapping[str, Parser]:
    """field_parsers made once per vocabulary (the parsers keep no state): an import parses
    ten thousand lots."""
    return MappingProxyType(field_parsers(processes))


# The field parsers other records reuse (custody events, plots), under public names.
decimal_field = _decimal
integer_field = _integer
text_field = _text
name_field = _name
choice_field = _choice
is_blank = _is_blank


# Every field a person may set on a lot (a spreadsheet column maps to one of these).
FIELD_NAMES: tuple[str, ...] = tuple(field_parsers())
