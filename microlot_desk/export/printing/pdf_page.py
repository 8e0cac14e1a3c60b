"""The page every printed document shares: paper, margins, paragraph styles, and a canvas that
knows the page count, so each footer can say "page X of Y" after the last page is laid out."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from microlot_desk.export.printing.pdf_fonts import BASE_BOLD, BASE_FONT, ensure_fonts
from microlot_desk.export.printing.sheet_data import Paper

PAGE_SIZES: dict[Paper, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 15 * mm
FOOTER_SPACE = 13 * mm  # below the frame: two footer lines and a gap

INK = colors.HexColor("#1d1d1b")
MUTED = colors.HexColor("#6b6b66")
RULE = colors.HexColor("#b9b5aa")
SHADE = colors.HexColor("#f1eee6")
ACCENT = colors.HexColor("#5a3e2b")

PageDecorator = Callable[[Canvas, int, int], None]
"""Draws on a finished page: (canvas, page number from 1, page count)."""


class _CountingCanvas(Canvas):
    """Keeps every page until save(), then decorates each knowing the page count."""

    def __init__(self, *args: Any, decorate: PageDecorator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


@dataclass(frozen=True)
class Metadata:
    title: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    creator: str


def build_pdf(
    story: Sequence[Flowable],
    paper: Paper,
    metadata: Metadata,
    decorate: PageDecorator,
    *,
    bottom_margin: float = MARGIN + FOOTER_SPACE,
) -> bytes:
    """Lay out `story` on the paper, decorate every page, return the PDF bytes."""
    ensure_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE_SIZES[paper],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=bottom_margin,
        title=metadata.title,
        subject=metadata.subject,
        keywords=list(metadata.keywords),
        author="",
        creator=metadata.creator,
        producer=metadata.creator,
        lang=metadata.language,
        initialFontName=BASE_FONT,
        displayDocTitle=1,
    )
    doc.build(list(story), canvasmaker=partial(_CountingCanvas, decorate=decorate))
    return out.getvalue()


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A TableStyle whose cells default to the bundled font: a table's own default is
    Helvetica, which would show up as a non-embedded font even for an empty cell."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), BASE_FONT), *commands])


FRAME_PADDING = 6  # SimpleDocTemplate's frame keeps 6 points clear inside the margins
CONTENT_LEFT = MARGIN + FRAME_PADDING  # where every line of content starts, footers included


def frame_width(paper: Paper) -> float:
    """The width flowables may use: the page less margins and the frame's own padding."""
    return PAGE_SIZES[paper][0] - 2 * MARGIN - 2 * FRAME_PADDING


@dataclass(frozen=True)
class Styles:
    """The few paragraph styles the printed documents use (fonts are set per run in markup;
    the style's font is only the fallback for the markup's own spaces)."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    label: ParagraphStyle
    label_right: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    small_right: ParagraphStyle
    muted: ParagraphStyle
    footer: ParagraphStyle


def make_styles() -> Styles:
    ensure_fonts()
    base = ParagraphStyle("mld-body", fontName=BASE_FONT, fontSize=9, leading=12, textColor=INK)

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(f"mld-{name}", parent=base, **changes)

    return Styles(
        title=derive("title", fontName=BASE_BOLD, fontSize=17, leading=21, spaceAfter=2),
        subtitle=derive("subtitle", fontSize=10.5, leading=14, textColor=ACCENT),
        heading=derive(
            "heading",
            fontName=BASE_BOLD,
            fontSize=10.5,
            leading=13,
            textColor=ACCENT,
            spaceBefore=7,
            spaceAfter=3,
            keepWithNext=1,
        ),
        label=derive("label", fontSize=7.5, leading=10, textColor=MUTED),
        label_right=derive(
            "label-right", fontSize=7.5, leading=10, textColor=MUTED, alignment=TA_RIGHT
        ),
        body=base,
        small=derive("small", fontSize=7.5, leading=9.5),
        small_right=derive("small-right", fontSize=7.5, leading=9.5, alignment=TA_RIGHT),
        muted=derive("muted", textColor=MUTED),
        footer=derive("footer", fontSize=6.8, leading=8.4, textColor=MUTED),
    )
