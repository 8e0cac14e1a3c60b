"""The reader's number and date conventions, as the PDF builders take them (strftime patterns).

Qt knows the locale's short date pattern ("dd/MM/yyyy", "M/d/yy", "dd.MM.yy"); the PDF side takes
numeric strftime directives only. A pattern with anything else in it (month names) falls back
to ISO 8601, which every reader can read.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale

from microlot_desk.services.print_service import TextFormats

ISO_DATE = "%Y-%m-%d"
# Longest first, so "yyyy" is not read as two "yy".
_DATE_PARTS = (("yyyy", "%Y"), ("yy", "%y"), ("dd", "%d"), ("MM", "%m"), ("d", "%d"), ("M", "%m"))
_TIME_PARTS = (("HH", "%H"), ("hh", "%H"), ("H", "%H"), ("h", "%H"), ("mm", "%M"))


def qt_to_strftime(pattern: str, parts: tuple[tuple[str, str], ...], fallback: str) -> str:
    out, rest = [], pattern
    while rest:
        for qt, directive in parts:
            if rest.startswith(qt):
                out.append(directive)
                rest = rest[len(qt) :]
                break
        else:
            char = rest[0]
            if re.match(r"[A-Za-z']", char):  # a month name, an AM/PM marker, quoted text
                return fallback
            out.append("%%" if char == "%" else char)
            rest = rest[1:]
    return "".join(out)


def text_formats(locale: QLocale | None = None) -> TextFormats:
    chosen = locale or QLocale()
    date = qt_to_strftime(chosen.dateFormat(QLocale.FormatType.ShortFormat), _DATE_PARTS, ISO_DATE)
    # Four-digit years on paper: "26" is ambiguous on a document kept for five years (EUDR).
    date = date.replace("%y", "%Y")
    time = qt_to_strftime(chosen.timeFormat(QLocale.FormatType.ShortFormat), _TIME_PARTS, "%H:%M")
    return TextFormats(decimal_point=chosen.decimalPoint(), date_format=date, time_format=time)
