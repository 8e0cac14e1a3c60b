"""A blank paper form for a cupping template, for the day the laptop dies.

Everything on it comes from the template (a lab's own form prints as well as a built-in one) and
from the translated labels: a box to write each score in, tick boxes for cups and intensities,
the per-cup marks, the descriptor boxes, and how the final score is reached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from microlot_desk.domain.cupping import CupField, FormTemplate, NumberRange, Section
from microlot_desk.export.printing.pdf_page import (
    CONTENT_LEFT,
    MARGIN,
    MUTED,
    RULE,
    Metadata,
    build_pdf,
    frame_width,
    make_styles,
    table_style,
)
from microlot_desk.export.printing.pdf_text import TextWriter, UncoveredText
from microlot_desk.export.printing.sheet_data import Paper, TextFormats
from microlot_desk.export.printing.sheet_parts import Parts
from microlot_desk.export.printing.wording import Wording

REQUIRED_LABELS: tuple[str, ...] = (
    "form.subject",
    "form.cupper",
    "form.q_licence",
    "form.date",
    "form.session",
    "form.sample",
    "form.table",
    "form.section",
    "form.scale",
    "form.score",
    "form.range",
    "form.range_open",
    "form.cups_pass",
    "form.cup",
    "form.unit",
    "form.choose_one",
    "form.choose_up_to",
    "form.per_cup_marks",
    "form.final",
    "form.formula",
    "form.notes",
    "form.footer",
    "sheet.footer_page",
)
BOX = 9.0  # a tick box, in points
MAX_TICK_VALUES = 11  # ranges with more values get a box to write in instead


def _boxes(writer: TextWriter, names: Sequence[str], width: float) -> Drawing:
    """Tick boxes, each followed by its name, wrapped onto as many lines as needed."""
    size, gap, line = 7.0, 7.0, 13.0
    placed: list[tuple[float, int, str]] = []
    x, row = 0.0, 0
    for name in names:
        item = BOX + 3 + writer.width(name, size) + gap
        if x > 0 and x + item > width:
            x, row = 0.0, row + 1
        placed.append((x, row, name))
        x += item
    height = (row + 1) * line
    drawing = Drawing(width, height)
    for x, row, name in placed:
        y = height - (row + 1) * line + 2
        drawing.add(Rect(x, y, BOX, BOX, fillColor=None, strokeColor=MUTED, strokeWidth=0.7))
        for shape in writer.strings(name, x + BOX + 3, y + 1.5, size, max_width=width - x):
            drawing.add(shape)
    return drawing


def _write_in(width: float, height: float = 16.0) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 1, width, height - 2, fillColor=None, strokeColor=MUTED, strokeWidth=0.7))
    return drawing


def _values(scale: NumberRange) -> list[Decimal] | None:
    if scale.maximum is None or scale.step <= 0:
        return None
    count = int((scale.maximum - scale.minimum) / scale.step) + 1
    if count > MAX_TICK_VALUES:
        return None
    return [scale.minimum + i * scale.step for i in range(count)]


class _FormParts:
    def __init__(self, parts: Parts, template: FormTemplate) -> None:
        self.parts, self.template = parts, template
        self.say, self.number = parts.say, parts.formats.number

    def scale_text(self, section: Section) -> str:
        scale = section.range
        text = ""
        if section.kind == "cups" and section.points_per_cup is not None:
            text = self.say("form.cups_pass", points=self.number(section.points_per_cup))
        elif section.kind == "choice":
            text = self.say("form.choose_one")
        elif scale is not None and scale.maximum is not None:
            text = self.say(
                "form.range",
                min=self.number(scale.minimum),
                max=self.number(scale.maximum),
                step=self.number(scale.step),
            )
        elif scale is not None:
            text = self.say(
                "form.range_open", min=self.number(scale.minimum), step=self.number(scale.step)
            )
        if section.unit:
            text += " · " + self.say("form.unit", unit=section.unit)
        return text

    def entry(self, section: Section, width: float) -> Flowable:
        writer = self.parts.writer
        if section.kind == "cups":
            top = section.range.maximum if section.range is not None else None
            cups = self.template.cups or (int(top) if top else 5)
            return _boxes(writer, [str(n) for n in range(1, cups + 1)], width)
        if section.kind == "choice":
            return _boxes(writer, [c.replace("_", " ") for c in section.choices], width)
        tickable = section.kind in ("score", "intensity") and section.range is not None
        values = _values(section.range) if tickable and section.range else None
        if values is not None:
            return _boxes(writer, [self.number(v) for v in values], width)
        return _write_in(min(width, 30 * mm))

    def sections(self) -> Table:
        w = self.parts.width
        widths = [0.3 * w, 0.32 * w, 0.38 * w]
        rows: list[list[object]] = []
        indented = self.parts.styles.small.clone("mld-indented", leftIndent=10)
        for section in self.template.sections:
            label: object = section.label
            if section.attached_to:  # an intensity drawn under the score it qualifies
                label = Paragraph(self.parts.writer.markup(section.label), indented)
            rows.append([label, self.scale_text(section), self.entry(section, widths[2] - 6)])
        keys = ("form.section", "form.scale", "form.score")
        return self.parts.grid(keys, rows, widths)

    def cup_marks(self, field: CupField) -> list[object]:
        cups = self.template.cups or 5
        note = ""
        if field.marks == "choice" and field.choices:
            note = ", ".join(c.replace("_", " ") for c in field.choices)
        elif field.marks == "level" and field.levels is not None:
            note = self.scale_text(
                Section(field.key, field.label, "intensity", False, field.levels)
            )
        names = [self.say("form.cup", n=n) for n in range(1, cups + 1)]
        return [field.label, note, _boxes(self.parts.writer, names, 0.38 * self.parts.width - 6)]

    def descriptors(self) -> list[Flowable]:
        flowables: list[Flowable] = []
        for group in self.template.descriptors:
            title = f"{group.label} · {self.say('form.choose_up_to', count=group.max_selected)}"
            flowables.append(self.parts.text(title, "body", bold=True))
            names: list[str] = []
            for choice in group.choices:
                names.append(choice.label)
                names.extend(f"{choice.label}: {child.label}" for child in choice.children)
            flowables.extend([_boxes(self.parts.writer, names, self.parts.width), Spacer(1, 4)])
        return flowables


def _identity_block(parts: Parts) -> Table:
    """Who cupped what, when: six labelled boxes in two rows of three."""
    keys = (
        "form.cupper",
        "form.q_licence",
        "form.date",
        "form.session",
        "form.sample",
        "form.table",
    )
    width = parts.width / 3
    cells = [[parts.text(parts.say(k), "label"), _write_in(width - 8, 18)] for k in keys]
    table = Table([cells[0:3], cells[3:6]], colWidths=[width] * 3)
    table.setStyle(
        table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0))
    )
    return table


def build_blank_form(
    template: FormTemplate,
    labels: Mapping[str, str],
    *,
    paper: Paper = "a4",
    formats: TextFormats | None = None,
    language: str = "en",
    app_version: str = "",
) -> tuple[bytes, tuple[UncoveredText, ...]]:
    say = Wording(labels, REQUIRED_LABELS)
    writer = TextWriter()
    parts = Parts(say, writer, make_styles(), formats or TextFormats(), frame_width(paper))
    form = _FormParts(parts, template)
    story: list[Flowable] = [
        parts.text(template.name, "title", bold=True),
        _identity_block(parts),
        Spacer(1, 3 * mm),
        form.sections(),
    ]
    if template.cup_fields:
        story += [
            parts.heading("form.per_cup_marks"),
            parts.grid(
                ("form.section", "form.scale", "form.score"),
                [form.cup_marks(field) for field in template.cup_fields],
                [0.3 * parts.width, 0.32 * parts.width, 0.38 * parts.width],
            ),
        ]
    story += form.descriptors()
    if template.scored:
        story.append(KeepTogether([parts.heading("form.final"), _write_in(40 * mm, 22)]))
    if template.description:
        story.append(
            KeepTogether([parts.heading("form.formula"), parts.text(template.description, "small")])
        )
    story.append(KeepTogether([parts.heading("form.notes"), _lines(parts.width, 5)]))
    footer = writer.markup(
        say("form.footer", form=template.name, version=template.version, app=app_version)
    )

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        count = writer.markup(say("sheet.footer_page", page=page, pages=pages))
        paragraph = Paragraph(f"{footer} · {count}", parts.styles.footer)
        paragraph.wrap(parts.width, 20)
        paragraph.drawOn(canvas, CONTENT_LEFT, MARGIN - 2)

    metadata = Metadata(
        template.name,
        say("form.subject"),
        (template.id,),
        language,
        f"microlot_desk {app_version}".strip(),
    )
    pdf = build_pdf(story, paper, metadata, decorate, bottom_margin=MARGIN + 8 * mm)
    return pdf, tuple(writer.warnings)


def _lines(width: float, count: int) -> Drawing:
    drawing = Drawing(width, count * 16)
    for n in range(count):
        drawing.add(Rect(0, n * 16, width, 0.01, strokeColor=RULE, strokeWidth=0.5))
    return drawing
