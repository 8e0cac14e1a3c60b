"""What every record's field parsing shares: the error a parser raises, the loop that runs the
parsers over raw input collecting every error at once, and the rules for text a person types.

Names (a lot, a farm, a cupper, an evidence file) are shown on one line in lists and printed on
sheets, so a character that moves or hides what is around it would let a name read differently
from what is stored: control characters (newlines included), line separators and the bidi
embedding, override, isolate and mark characters are refused in them. Notes may keep newlines
and tabs but not the bidi controls. Every real script stays intact: letters, combining marks
(after NFC), and the zero-width joiners that Arabic, Persian and Indic writing need.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from microlot_desk.errors import FieldError

Parser = Callable[[Any], Any]

# Embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they reorder the text
# after them, so "exe.txt" can be shown for "txt.exe".
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# The marks (LRM, RLM, ALM) only nudge the direction of neutral characters, but are invisible;
# a name has no need of them.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
# The same rules as character classes, matched in C (an import checks ten thousand names):
# Unicode's Cc is exactly U+0000-U+001F and U+007F-U+009F, Zl is U+2028, Zp U+2029 and Cs the
# surrogates U+D800-U+DFFF.
_CONTROLS_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # newline and tab allowed
_CONTROLS_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BIDI_IN_TEXT = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_BIDI_IN_NAME = re.compile("[" + "".join(sorted(BIDI_CONTROLS | BIDI_MARKS)) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")

MAX_LIST_ITEMS = 50
"""The most items a person may give in one list field (varieties, cuppers); far above any real
lot or panel, and low enough that a sheet listing them all still builds in a moment."""


class BadValue(Exception):
    """One field's value is refused: a reason code, and the values a message needs."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}


def clean_text(raw: Any, *, max_len: int = 200) -> str:
    """NFC-normalised, trimmed text that may span lines (notes, a story); the same spelling of
    a name always compares equal."""
    text = _normalised(raw, max_len)
    if _CONTROLS_IN_TEXT.search(text):
        raise BadValue("control_characters")
    if _BIDI_IN_TEXT.search(text):
        raise BadValue("bidi_controls")
    return text


def clean_name(raw: Any, *, max_len: int = 200) -> str:
    """clean_text for a name shown on one line: no newline, tab or other control, no line
    separator and no bidi control or mark."""
    text = _normalised(raw, max_len)
    if _CONTROLS_IN_NAME.search(text):
        raise BadValue("control_characters")
    if _BIDI_IN_NAME.search(text):
        raise BadValue("bidi_controls")
    return text


def check_list_size(items: object, *, limit: int = MAX_LIST_ITEMS) -> None:
    """BadValue too_many_items when a list a person gave holds more than `limit` entries."""
    if isinstance(items, list | tuple) and len(items) > limit:
        raise BadValue("too_many_items", max=limit, count=len(items))


def parse_with(
    parsers: Mapping[str, Parser], raw: Mapping[str, Any], *, required: tuple[str, ...] = ()
) -> tuple[dict[str, Any], list[FieldError]]:
    """Run each given key's parser; every error at once: bad values, keys no parser knows
    (unknown_field) and required keys left out (required)."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, value in raw.items():
        parser = parsers.get(key)
        if parser is None:
            errors.append(FieldError(str(key), "unknown_field"))
            continue
        try:
            values[key] = parser(value)
        except BadValue as bad:
            errors.append(FieldError(key, bad.code, bad.params))
    errors.extend(
        FieldError(key, "required") for key in required if key not in raw and key in parsers
    )
    return values, errors


def _normalised(raw: Any, max_len: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise BadValue("not_text")
    # A lone surrogate (from a mis-decoded file name) cannot be stored or printed as UTF-8.
    surrogate = _SURROGATE.search(raw)
    if surrogate:
        raise BadValue("lone_surrogate", code_point=f"U+{ord(surrogate.group()):04X}")
    # The length is checked before normalising too, so a pasted book is refused at once.
    if len(raw) > 4 * max_len + 64:
        raise BadValue("too_long", max=max_len)
    text = unicodedata.normalize("NFC", raw).strip()
    if len(text) > max_len:
        raise BadValue("too_long", max=max_len)
    return text
