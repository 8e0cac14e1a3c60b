"""How dates and numbers are written for a reader's locale: one place for the screen and the paper.

It lives in the domain because every layer that shows or prints a value may import the domain
(export may not import ui, and nothing below ui may import Qt), and a format is a pure function
of the value and a locale name. The locale's conventions come from CLDR through Babel.

Dates are always numeric with a four-digit year: "26" is ambiguous on a document kept for five
years (EUDR), and a pattern that spells a month name falls back to ISO 8601, which every reader
can read. Times are 24-hour: the paper and the screen agree whatever the AM/PM habit.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
# CLDR pattern letters to strftime; longest first, so "yyyy" is not read as two "yy".
_DATE_PARTS = (
    ("yyyy", "%Y"),
    ("yy", "%Y"),
    ("y", "%Y"),
    ("dd", "%d"),
    ("d", "%d"),
    ("MM", "%m"),
    ("M", "%m"),
)
_TIME_PARTS = (("HH", "%H"), ("H", "%H"), ("hh", "%H"), ("h", "%H"), ("mm", "%M"))


@dataclass(frozen=True)
class TextFormats:
    """How numbers and dates are written for the reader's locale (ISO and "." by default)."""

    decimal_point: str = "."
    date_format: str = ISO_DATE  # strftime, numeric directives only
    time_format: str = ISO_TIME
    locale: str = ""  # the locale these come from ("de_DE"); names countries in its language

    def number(self, value: Decimal | int | float) -> str:
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", self.decimal_point) if self.decimal_point != "." else text

    def day(self, value: date) -> str:
        return value.strftime(self.date_format)

    def moment(self, value: datetime, *, seconds: bool = False) -> str:
        time = self.time_format.replace("%M", "%M:%S") if seconds else self.time_format
        return f"{value.strftime(self.date_format)} {value.strftime(time)}"


def pattern_to_strftime(pattern: str, parts: tuple[tuple[str, str], ...], fallback: str) -> str:
    """A CLDR (or Qt: the letters agree) numeric pattern as strftime; `fallback` for anything
    else in it (a month name, an AM/PM marker, quoted text)."""
    out, rest = [], pattern
    while rest:
        for letters, directive in parts:
            if rest.startswith(letters):
                out.append(directive)
                rest = rest[len(letters) :]
                break
        else:
            char = rest[0]
            if re.match(r"[A-Za-z']", char):
                return fallback
            out.append("%%" if char == "%" else char)
            rest = rest[1:]
    return "".join(out)


def date_pattern(pattern: str) -> str:
    if "MMM" in pattern or "LLL" in pattern:  # a month spelled out, not a number
        return ISO_DATE
    return pattern_to_strftime(pattern, _DATE_PARTS, ISO_DATE)


def time_pattern(pattern: str) -> str:
    # "h:mm a" loses its marker and becomes 24-hour rather than falling back to ISO wholesale.
    return pattern_to_strftime(pattern.replace(" a", "").replace("a ", ""), _TIME_PARTS, ISO_TIME)


@functools.cache
def formats_for(locale_name: str) -> TextFormats:
    """The formats of a locale such as "de_DE" or "fr"; ISO for an unknown or empty name."""
    if not locale_name or locale_name in ("C", "POSIX"):
        return TextFormats()
    # Imported here: Babel's locale data is not needed until a value is first shown.
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format, get_time_format
    from babel.numbers import get_decimal_symbol

    try:
        locale = Locale.parse(locale_name.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return TextFormats()
    return TextFormats(
        locale=str(locale),
        decimal_point=get_decimal_symbol(locale),
        date_format=date_pattern(get_date_format("short", locale).pattern),
        time_format=time_pattern(get_time_format("short", locale).pattern),
    )
