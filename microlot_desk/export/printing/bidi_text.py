"""Right-to-left text (Arabic, Hebrew) in the order reportlab draws it.

reportlab draws the characters of a line left to right as they come and does not join Arabic
letters. A line holding right-to-left letters is therefore joined first (each Arabic letter
replaced by its contextual form: initial, medial, final or isolated, with the lam-alef
ligatures) and then reordered by the Unicode bidirectional algorithm, the page's base direction
being left to right. A reader extracting the text (pdftotext) gets the logical order back.

One line at a time: a right-to-left paragraph that wraps keeps its lines top to bottom but
each line is reordered on its own, which is right for names, places and short notes, the
texts a sheet holds.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

_RTL_CLASSES = frozenset({"R", "AL"})


def has_right_to_left(line: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in line)


def visual_order(line: str) -> str:
    """`line` joined and reordered for drawing left to right; unchanged without RTL letters."""
    if not has_right_to_left(line):
        return line
    from bidi import get_display

    return str(get_display(_reshaper().reshape(line), base_dir="L"))


@cache
def _reshaper() -> Any:
    # Imported on first use: Latin, Ethiopic and Chinese sheets never pay for it.
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
