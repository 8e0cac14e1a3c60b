"""Text for a spreadsheet cell that no spreadsheet program will run.

Excel, LibreOffice and Google Sheets read a cell that starts with `=`, `+`, `-` or `@` as a
formula (and a leading tab or carriage return hides one), so a producer's name typed as
`=HYPERLINK("http://…")` would become a live link, or worse, on the buyer's screen. Such text
gets a leading apostrophe, the convention those programs themselves use for "this is text"
(OWASP's advice for CSV injection). Numbers are written as numbers and never changed.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
