"""The reader's date and number conventions for the screen and the paper alike.

The formats themselves are made in `domain/text_formats.py` (CLDR through Babel, Qt-free, so the
PDF builders share them); this module only names the locale Qt was given (the system's, or the
one a test or the settings chose with `QLocale.setDefault`).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale

from microlot_desk.domain.countries import country_name
from microlot_desk.domain.text_formats import TextFormats, formats_for


def text_formats(locale: QLocale | None = None) -> TextFormats:
    return formats_for((locale or QLocale()).name())


def country_text(code: str) -> str:
    """A country's name in the reader's language (English where pycountry has none)."""
    return country_name(code, text_formats().locale)


def show_day(value: date) -> str:
    """A calendar day as the reader writes it (numeric, four-digit year)."""
    return text_formats().day(value)


def show_moment(value: datetime, *, seconds: bool = False) -> str:
    """A moment in the reader's local time, to the minute (or the second)."""
    return text_formats().moment(value.astimezone() if value.tzinfo else value, seconds=seconds)


def show_time_of_day(value: datetime) -> str:
    """The time of day in the reader's local time, to the second ("Saved 14:05:09")."""
    return value.astimezone().strftime("%H:%M:%S")
