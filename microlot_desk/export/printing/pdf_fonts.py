"""The bundled TrueType fonts, registered with reportlab once per process, and the choice of a
font for each run of text.

reportlab has no per-glyph fallback: a character missing from the font prints as a box with no
error. So text is split into runs, each run in the first bundled font (Latin, then Ethiopic,
then Arabic, then Han) whose character map covers it; a run no bundled font covers is returned
as a `None` run, which the caller prints as a visible marker and reports.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from microlot_desk.paths import resources_dir

MISSING_MARKER = "[?]"
"""Printed instead of a run of characters that no bundled font covers."""


@dataclass(frozen=True)
class FontFace:
    """One script's fonts: reportlab names for regular and bold, and the file of each."""

    regular: str
    bold: str
    regular_file: str
    bold_file: str


# Order matters: a character goes to the first face that has it, so Latin punctuation inside a
# Chinese name stays in the Latin font, and the Han font (the largest) is embedded only if needed.
FACES: tuple[FontFace, ...] = (
    FontFace("MLD-Sans", "MLD-Sans-Bold", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    FontFace(
        "MLD-Ethiopic",
        "MLD-Ethiopic-Bold",
        "NotoSansEthiopic-Regular.ttf",
        "NotoSansEthiopic-Bold.ttf",
    ),
    # Naskh, the book hand: Yemeni farm and region names (its letters are joined and ordered
    # right to left by export.printing.bidi_text before they get here).
    FontFace(
        "MLD-Arabic", "MLD-Arabic-Bold", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"
    ),
    # Droid Sans Fallback has no bold: bold Han prints in the regular weight.
    FontFace("MLD-Han", "MLD-Han", "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf"),
)
BASE_FONT = FACES[0].regular
BASE_BOLD = FACES[0].bold

_lock = threading.Lock()
_coverage: tuple[frozenset[int], ...] = ()


def ensure_fonts(fonts_dir: Path | None = None) -> None:
    """Register the bundled fonts (once per process; later calls return at once) and make the
    regular Latin face the canvas and graphics default, so no Helvetica is ever referenced."""
    global _coverage
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        folder = fonts_dir or resources_dir() / "fonts"
        coverage = []
        for face in FACES:
            regular = TTFont(face.regular, str(folder / face.regular_file))
            pdfmetrics.registerFont(regular)
            if face.bold != face.regular:
                pdfmetrics.registerFont(TTFont(face.bold, str(folder / face.bold_file)))
            pdfmetrics.registerFontFamily(face.regular, normal=face.regular, bold=face.bold)
            coverage.append(frozenset(regular.face.charToGlyph))
        rl_config.canvas_basefontname = BASE_FONT
        rl_config.defaultGraphicsFontName = BASE_FONT
        _coverage = tuple(coverage)


@dataclass(frozen=True)
class Run:
    """Consecutive characters printed in one font; `face` None means no bundled font has them."""

    face: FontFace | None
    text: str

    def font(self, bold: bool = False) -> str:
        if self.face is None:
            return BASE_BOLD if bold else BASE_FONT
        return self.face.bold if bold else self.face.regular


def _face_index(char: int, current: int | None) -> int | None:
    if current is not None and char in _coverage[current]:
        return current
    for index, covered in enumerate(_coverage):
        if char in covered:
            return index
    return None


def script_runs(text: str) -> Iterator[Run]:
    """Split `text` into runs by the font that covers each character (call ensure_fonts first).

    A character the current run's font has stays in that run (a space between two Chinese words
    does not switch fonts); otherwise the first bundled face that has it starts a new run.
    """
    if not _coverage:
        raise RuntimeError("ensure_fonts() must be called before script_runs()")
    start = 0
    current: int | None = None
    for position, char in enumerate(text):
        index = _face_index(ord(char), current)
        if position > start and index != current:
            yield Run(None if current is None else FACES[current], text[start:position])
            start = position
        current = index
    if start < len(text):
        yield Run(None if current is None else FACES[current], text[start:])


def covered(char: str) -> bool:
    """True when some bundled font has this character (call ensure_fonts first)."""
    return _face_index(ord(char), None) is not None
