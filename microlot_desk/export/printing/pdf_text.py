"""User text made safe for reportlab: NFC-normalised, escaped, and split into script runs.

Everything a person typed (names, stories, a lab's form labels, even translated labels) goes
through `TextWriter.markup` before it reaches a `Paragraph`, so `<b>`, `&` or `<img src=...>` in a
name print as those characters, and every run is set in a font that has its glyphs. Right-to-left
lines are joined and reordered first (`bidi_text`). A symbol no bundled font has (an emoji in a
note) prints as its name, "[hot beverage]"; any other character no bundled font covers prints as
a red `[?]` and is reported in `TextWriter.warnings`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from microlot_desk.export.printing.bidi_text import visual_order
from microlot_desk.export.printing.pdf_fonts import FACES, MISSING_MARKER, Run, script_runs

MARKER_COLOR = "#b00020"
_ELLIPSIS = "…"


@dataclass(frozen=True)
class UncoveredText:
    """A text containing characters no bundled font covers; they printed as the marker."""

    text: str
    characters: str  # each uncovered character once, in order of appearance

    @property
    def code_points(self) -> str:
        return " ".join(f"U+{ord(ch):04X}" for ch in self.characters)


def clean(text: str) -> str:
    """NFC, with line ends unified and tabs as spaces: the text as it will be printed."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


@dataclass
class TextWriter:
    """Turns user text into Paragraph markup for one build, collecting what could not print."""

    warnings: list[UncoveredText] = field(default_factory=list)

    def runs(self, text: str) -> list[Run]:
        """The script runs of one line of cleaned text, in drawing order; records the
        characters that print as the marker."""
        runs = [_named_symbols(run) for run in script_runs(visual_order(text))]
        missing = "".join(run.text for run in runs if run.face is None)
        if missing:
            self._warn(text, missing)
        return runs

    def _warn(self, text: str, missing: str) -> None:
        found = UncoveredText(text, "".join(dict.fromkeys(missing)))
        if found not in self.warnings:
            self.warnings.append(found)

    def markup(self, text: str, *, bold: bool = False) -> str:
        """Paragraph markup printing exactly `text` (line breaks kept, markup characters
        escaped), each script run in a font that covers it."""
        lines = []
        for line in clean(text).split("\n"):
            parts = []
            for run in self.runs(line):
                if run.face is None:
                    parts.append(
                        f'<font name="{run.font(bold)}" color="{MARKER_COLOR}">'
                        f"{MISSING_MARKER}</font>"
                    )
                else:
                    parts.append(f'<font name="{run.font(bold)}">{escape(run.text)}</font>')
            lines.append("".join(parts))
        return "<br/>".join(lines)

    def strings(
        self,
        text: str,
        x: float,
        y: float,
        size: float,
        *,
        anchor: str = "start",
        bold: bool = False,
        max_width: float | None = None,
        color: Color | None = None,
    ) -> list[String]:
        """One line of user text as graphics Strings (run by run) for a Drawing; cut with an
        ellipsis to `max_width`. Strings are drawn literally, so no escaping is needed."""
        line = " ".join(clean(text).split())
        if max_width is not None:
            line = self._fit(line, size, bold, max_width)
        pieces = [
            (MISSING_MARKER if run.face is None else run.text, run.font(bold))
            for run in self.runs(line)
        ]
        total = sum(stringWidth(piece, font, size) for piece, font in pieces)
        start = x - (total if anchor == "end" else total / 2 if anchor == "middle" else 0)
        shapes = []
        for piece, font in pieces:
            shapes.append(
                String(start, y, piece, fontName=font, fontSize=size, fillColor=color)
                if color is not None
                else String(start, y, piece, fontName=font, fontSize=size)
            )
            start += stringWidth(piece, font, size)
        return shapes

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Printed width of one line of cleaned text, run by run."""
        return sum(
            stringWidth(MISSING_MARKER if run.face is None else run.text, run.font(bold), size)
            for run in map(_named_symbols, script_runs(visual_order(text)))
        )

    def _fit(self, line: str, size: float, bold: bool, max_width: float) -> str:
        if self.width(line, size, bold) <= max_width:
            return line
        while line and self.width(line + _ELLIPSIS, size, bold) > max_width:
            line = line[:-1]
        return line.rstrip() + _ELLIPSIS


_SYMBOL_CATEGORIES = frozenset({"So", "Sk"})
_INVISIBLE_CATEGORIES = frozenset({"Mn", "Me", "Cf"})  # variation selectors, ZWJ, skin tones


def _named_symbols(run: Run) -> Run:
    """An uncovered run of symbols (emoji) as their names, printed in the base font:
    "☕" → "[hot beverage]". A run with anything else stays uncovered (the marker)."""
    if run.face is not None:
        return run
    names = []
    for char in run.text:
        category = unicodedata.category(char)
        if category in _INVISIBLE_CATEGORIES or char.isspace():
            continue
        name = unicodedata.name(char, "")
        if category not in _SYMBOL_CATEGORIES or not name:
            return run
        names.append(f"[{name.lower()}]")
    if not names:
        return run
    return Run(FACES[0], "".join(names) + (" " if run.text.endswith(" ") else ""))
