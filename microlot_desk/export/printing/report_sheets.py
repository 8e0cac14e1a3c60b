"""Each cupper's sheet in the session report: a heading bar (sample, cupper, final or what is
missing, the exclusion), the sections as recorded with their points and intensities, the marks
per cup with their penalties, descriptors, notes and the score warnings.

Values are read as the cupping services store them (sheet_values documents the shapes), and
read leniently: an incomplete sheet prints what it has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from reportlab.lib.enums import TA_RIGHT
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from microlot_desk.domain.cupping import CupField, ScoreWarning, Section
from microlot_desk.export.printing.pdf_page import RULE, SHADE, table_style
from microlot_desk.export.printing.report_parts import (
    WARN_COLOR,
    coloured,
    moment,
    on_step,
    pairs,
    score,
)
from microlot_desk.export.printing.session_report_data import (
    ReportSample,
    ReportSheet,
    SessionReportData,
)
from microlot_desk.export.printing.sheet_parts import Cell, Parts

GAP = 10.0  # between the two halves of the sections table


class SheetWriter:
    """Lays out the sheets of one report (its data and parts shared by every sheet)."""

    def __init__(self, parts: Parts, data: SessionReportData) -> None:
        self.parts, self.data, self.form = parts, data, data.form
        self.say = parts.say

    # ---- words and values ----------------------------------------------------------------

    def label(self, key: str) -> str:
        for section in self.form.sections:
            if section.key == key:
                return self.data.name(key, section.label)
        for cup_field in self.form.cup_fields:
            if cup_field.key == key:
                return self.data.name(key, cup_field.label)
        for group in self.form.descriptors:
            if group.key == key:
                return self.data.name(key, group.label)
        return self.data.name(key)

    def recorded(self, section: Section, value: object) -> str:
        if value is None:
            return ""
        if section.kind == "cups":
            cups = self.form.cups or 5
            if isinstance(value, list | tuple):
                cups, value = len(value), sum(1 for cup in value if cup)
            return self.say("report.cups_value", passing=value, cups=cups)
        if section.kind == "choice":
            return str(value).replace("_", " ")
        if isinstance(value, Decimal):
            step = section.range.step if section.range is not None else None
            return on_step(self.parts, value, step)
        return str(value)

    def cup_marks(self, cup_field: CupField, value: object) -> str:
        none = self.say("report.no_marks")
        if isinstance(value, int) and not isinstance(value, bool):
            return self.say("report.cups_count", count=value) if value else none
        if not isinstance(value, list | tuple):
            return none if value is None else str(value)
        if cup_field.marks == "flag":
            cups = [str(n) for n, mark in enumerate(value, start=1) if mark]
            return self.say("report.cups_marked", cups=", ".join(cups)) if cups else none
        shown = []
        for cup, mark in enumerate(value, start=1):
            if mark is None or mark is False or mark == 0:
                continue
            if mark is True:
                shown.append(self.say("report.cup_untyped", cup=cup))
            elif cup_field.marks == "level":
                shown.append(self.say("report.cup_level", cup=cup, level=mark))
            else:
                shown.append(self.say("report.cup_choice", cup=cup, choice=self._term(mark)))
        return "; ".join(shown) or none

    def _term(self, key: object) -> str:
        return self.data.name(f"choice.{key}", str(key).replace("_", " "))

    def descriptors(self, keys: object, box_labels: Mapping[str, str]) -> str:
        if not isinstance(keys, list | tuple):
            return "" if keys is None else str(keys)
        return ", ".join(self.data.name(f"box.{k}", box_labels.get(str(k), str(k))) for k in keys)

    def warning(self, warning: ScoreWarning) -> str:
        number = self.parts.formats.number
        return self.say(
            f"warning.{warning.code}",
            label=self.label(warning.key),
            cups=", ".join(str(cup) for cup in warning.cups),
            value="" if warning.value is None else number(warning.value),
            limit="" if warning.limit is None else number(warning.limit),
            related=self.label(warning.related) if warning.related else "",
        )

    # ---- the blocks ----------------------------------------------------------------------

    def heading(self, sample: ReportSample, sheet: ReportSheet) -> Table:
        parts, say = self.parts, self.say
        name = sheet.cupper.name
        if sheet.cupper.q_licence:
            name += f" ({sheet.cupper.q_licence})"
        code = self.data.sample_label(sample)
        left = parts.text(say("report.sheet_heading", code=code, cupper=name), bold=True)
        result = sheet.result
        color = "#1d1d1b"
        if result is not None and result.final is not None:
            text = say("report.sheet_final", final=score(parts, result.final))
            if result.band:
                text += f" · {say.term('band', result.band)}"
        elif sheet.state == "complete":
            text = ""
        else:
            missing = ", ".join(self.label(key) for key in sheet.missing) or "–"
            text, color = say("report.sheet_incomplete", missing=missing), WARN_COLOR
        style = parts.styles.body.clone("mld-sheet-right", alignment=TA_RIGHT)
        markup = parts.writer.markup(text, bold=True)
        right = Paragraph(f'<font color="{color}">{markup}</font>', style)
        width = parts.width
        table = Table([[left, right]], colWidths=[0.58 * width, 0.42 * width])
        table.setStyle(
            table_style(
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            )
        )
        return table

    def sections(self, sheet: ReportSheet) -> Table | None:
        """Sections in form order, each with its attached intensities, in two halves."""
        attached: dict[str, list[Section]] = {}
        for section in self.form.sections:
            if section.attached_to:
                attached.setdefault(section.attached_to, []).append(section)
        rows: list[list[Cell]] = []
        for section in self.form.sections:
            if section.attached_to:
                continue
            value = self.recorded(section, sheet.values.get(section.key))
            extra = [
                f"{self.label(s.key)} {self.recorded(s, sheet.values[s.key])}"
                for s in attached.get(section.key, [])
                if sheet.values.get(s.key) is not None
            ]
            shown = " · ".join(part for part in (value or "–", *extra) if part)
            rows.append([self.label(section.key), shown, self._points(sheet, section.key)])
        if not rows:
            return None
        return self._halves(rows)

    def _points(self, sheet: ReportSheet, key: str) -> str:
        if sheet.result is None:
            return ""
        try:
            points = sheet.result.section(key).points
        except KeyError:
            return ""
        return "" if points is None else score(self.parts, points)

    def _halves(self, rows: Sequence[list[Cell]]) -> Table:
        parts = self.parts
        half = (parts.width - GAP) / 2
        widths = [0.4 * half, 0.42 * half, 0.18 * half]
        header = [
            parts.text(self.say("report.section"), "label"),
            parts.text(self.say("report.recorded"), "label"),
            parts.text(self.say("report.points"), "label_right"),
        ]
        middle = (len(rows) + 1) // 2
        left, right = rows[:middle], rows[middle:]
        body: list[list[Cell]] = [[*header, "", *(header if right else ["", "", ""])]]
        for n, row in enumerate(left):
            other = right[n] if n < len(right) else ["", "", ""]
            body.append([*self._cells(row), "", *self._cells(other)])
        table = Table(body, colWidths=[*widths, GAP, *widths], hAlign="LEFT", repeatRows=1)
        commands: list[tuple[object, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (2, 0), SHADE),
            ("LINEBELOW", (0, 0), (2, -1), 0.25, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if right:
            commands += [
                ("BACKGROUND", (4, 0), (6, 0), SHADE),
                ("LINEBELOW", (4, 0), (6, len(right)), 0.25, RULE),
            ]
        table.setStyle(table_style(*commands))
        return table

    def _cells(self, row: Sequence[Cell]) -> list[Cell]:
        if not any(row):
            return ["", "", ""]
        label, value, points = row
        return [
            self.parts.cell(label, "small"),
            self.parts.cell(value, "small"),
            self.parts.cell(points, "small_right"),
        ]

    def extras(self, sheet: ReportSheet) -> list[Flowable]:
        """Marks per cup with penalties, descriptors, notes and the score warnings."""
        say, parts = self.say, self.parts
        rows: list[tuple[str, Cell]] = []
        penalties = {}
        if sheet.result is not None:
            penalties = {line.field: line.points for line in sheet.result.penalties}
        for cup_field in self.form.cup_fields:
            text = self.cup_marks(cup_field, sheet.values.get(cup_field.key))
            points = penalties.get(cup_field.key)
            if points:
                text += f" ({say('report.penalty', points=score(parts, points))})"
            rows.append((self.label(cup_field.key), text))
        for group in self.form.descriptors:
            boxes = {c.key: c.label for c in group.choices}
            boxes.update((k.key, k.label) for c in group.choices for k in c.children)
            ticked = self.descriptors(sheet.values.get(group.key), boxes)
            if ticked:
                rows.append((self.label(group.key), ticked))
        for key, note in sheet.notes.items():
            if note.strip():
                where = self.label(key) if key else say("report.whole_sheet")
                rows.append((f"{say('report.sheet_notes')} · {where}", note))
        warnings = sheet.result.warnings if sheet.result is not None else ()
        if warnings:
            text = "\n".join(self.warning(warning) for warning in warnings)
            rows.append((say("report.warnings"), coloured(parts, text, WARN_COLOR)))
        return [pairs(parts, rows)] if rows else []

    def exclusion(self, sheet: ReportSheet) -> list[Flowable]:
        """The leader's exclusion in force, right under the heading: the sheet is kept and
        printed, but it does not count in the panel."""
        if sheet.exclusion is None:
            return []
        text = self.say(
            "report.sheet_excluded",
            reason=sheet.exclusion.reason,
            by=sheet.exclusion.by,
            at=moment(self.parts, sheet.exclusion.at),
        )
        return [coloured(self.parts, text, WARN_COLOR, "small", bold=True), Spacer(1, 2)]

    def sheet(self, sample: ReportSample, sheet: ReportSheet) -> Flowable:
        blocks: list[Flowable] = [self.heading(sample, sheet), *self.exclusion(sheet)]
        table = self.sections(sheet)
        if table is not None:
            blocks.append(table)
        blocks += [*self.extras(sheet), Spacer(1, 8)]
        return KeepTogether(blocks)


def sample_sheets(parts: Parts, data: SessionReportData, sample: ReportSample) -> list[Flowable]:
    """The sheets of one sample, under a heading of their own."""
    heading = parts.text(parts.say("report.sheets"), "subtitle", bold=True)
    if not sample.sheets:
        return [heading, parts.nothing("report.no_sheets")]
    writer = SheetWriter(parts, data)
    return [heading, *(writer.sheet(sample, sheet) for sheet in sample.sheets)]
