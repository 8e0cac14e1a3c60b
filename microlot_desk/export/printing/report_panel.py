"""The session report's panel result of one sample: what the sample is (its code, and its lot
once revealed), the statistics per section and of the final, a chart of the section means, and
each cupper's line with distance from the mean, flag and exclusion."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from microlot_desk.domain.cupping import FormTemplate, PanelSummary, Stats
from microlot_desk.export.printing.report_parts import WARN_COLOR, coloured, moment, pairs, score
from microlot_desk.export.printing.session_report_data import ReportSample, SessionReportData
from microlot_desk.export.printing.sheet_chart import section_chart
from microlot_desk.export.printing.sheet_data import SectionMean
from microlot_desk.export.printing.sheet_parts import Cell, Parts, side_by_side

CHART_WIDTH = 70 * mm
NEW_SAMPLE_ROOM = 95 * mm  # start a sample on a fresh page when less than this is left


def sample_heading(parts: Parts, data: SessionReportData, sample: ReportSample) -> Paragraph:
    code = data.sample_label(sample)
    return parts.text(parts.say("report.sample_heading", code=code), "heading", bold=True)


def lot_text(parts: Parts, data: SessionReportData, sample: ReportSample) -> str | None:
    """The lot as "code — name"; never anything while the session is hidden."""
    if data.hidden:
        return parts.say("report.lot_hidden") if data.session.blind else None
    text = " — ".join(part for part in (sample.lot_code, sample.lot_name) if part)
    return text or None


def agtron_text(parts: Parts, sample: ReportSample) -> str | None:
    """Roast colour as "whole / ground" ("–" for a reading not taken); None with neither."""
    whole, ground = sample.agtron_whole, sample.agtron_ground
    if whole is None and ground is None:
        return None
    shown = ["–" if value is None else parts.formats.number(value) for value in (whole, ground)]
    return " / ".join(shown)


def _final_text(parts: Parts, data: SessionReportData, sample: ReportSample) -> str | None:
    if sample.final_mean is None:
        return None
    text = score(parts, sample.final_mean)
    band = data.form.band_for(sample.final_mean) if data.form.scored else None
    if band:
        text += f" · {parts.say.term('band', band)}"
    if sample.summary is not None and sample.summary.final.stdev is not None:
        text += f" · {parts.say('report.sd')} {score(parts, sample.summary.final.stdev)}"
    return text


def _facts(parts: Parts, data: SessionReportData, sample: ReportSample) -> list[Flowable]:
    say = parts.say
    rows: list[tuple[str, Cell]] = [
        (say("report.lot"), lot_text(parts, data, sample)),
        (say("report.sample_type"), say.term("sample_type", sample.sample_type)),
        (say("report.roast_date"), _day(parts, sample)),
        (say("report.agtron"), agtron_text(parts, sample)),
        (say("report.panel_final"), _bold(parts, _final_text(parts, data, sample))),
    ]
    if sample.third_party:
        rows.append(("", say("report.third_party")))
    if sample.imported is not None:
        imported = sample.imported
        stated = score(parts, imported.stated_final)
        value = say(
            "report.imported_value",
            source=imported.source,
            row=imported.source_row,
            final=score(parts, imported.final),
            stated=stated,
        )
        rows.append((say("report.imported"), value))
    if sample.notes:
        rows.append((say("report.notes"), sample.notes))
    return [pairs(parts, rows)]


def _day(parts: Parts, sample: ReportSample) -> str | None:
    return parts.formats.day(sample.roast_date) if sample.roast_date is not None else None


def _bold(parts: Parts, text: str | None) -> Cell:
    return parts.text(text, bold=True) if text else None


def _ordered(form: FormTemplate, summary: PanelSummary) -> list[Stats]:
    order = {section.key: n for n, section in enumerate(form.sections)}
    return sorted(summary.sections, key=lambda stats: order.get(stats.key, len(order)))


def _stats_table(
    parts: Parts, data: SessionReportData, summary: PanelSummary, width: float
) -> Flowable:
    keys = (
        "report.section",
        "report.count",
        "report.mean",
        "report.sd",
        "report.min",
        "report.max",
    )
    number = (width - 0.38 * width) / 5
    widths = [0.38 * width, number * 0.6, number * 1.1, number * 1.1, number * 1.1, number * 1.1]
    sections = {section.key: section for section in data.form.sections}
    indented = parts.styles.small.clone("mld-stats-indented", leftIndent=8)
    rows: list[list[Cell]] = []
    for stats in _ordered(data.form, summary):
        section = sections.get(stats.key)
        row = _stats_row(parts, data.name(stats.key, section.label if section else ""), stats)
        if section is not None and section.attached_to:
            row[0] = Paragraph(parts.writer.markup(str(row[0])), indented)
        rows.append(row)
    final = _stats_row(parts, parts.say("report.final"), summary.final)
    rows.append([parts.text(str(final[0]), "small", bold=True), *final[1:]])
    return parts.grid(keys, rows, widths, right_aligned=(1, 2, 3, 4, 5))


def _stats_row(parts: Parts, label: str, stats: Stats) -> list[Cell]:
    return [
        label,
        str(stats.count),
        score(parts, stats.mean),
        score(parts, stats.stdev),
        score(parts, stats.minimum),
        score(parts, stats.maximum),
    ]


def chart_means(data: SessionReportData, summary: PanelSummary) -> tuple[SectionMean, ...]:
    """Scored sections with a mean, in form order; cups sections in points (0 to cups x pts)."""
    means = {stats.key: stats.mean for stats in summary.sections if stats.mean is not None}
    found = []
    for section in data.form.sections:
        mean = means.get(section.key)
        if mean is None or section.kind not in ("score", "cups"):
            continue
        if section.kind == "cups" and section.points_per_cup is not None:
            top = section.points_per_cup * (data.form.cups or 0)
        elif section.range is not None and section.range.maximum is not None:
            top = section.range.maximum
        else:
            continue
        found.append(SectionMean(section.key, data.name(section.key, section.label), mean, top))
    return tuple(found)


def _lines_table(parts: Parts, data: SessionReportData, sample: ReportSample) -> Flowable:
    say, w = parts.say, parts.width
    rows: list[list[Cell]] = []
    for line in sample.lines:
        flag: Cell = ""
        if line.flagged:
            distance = parts.formats.number(data.flag_distance)
            flag = coloured(parts, say("report.flagged", distance=distance), WARN_COLOR, "small")
        excluded: Cell = ""
        if line.exclusion is not None:
            excluded = say(
                "report.exclusion_value",
                reason=line.exclusion.reason,
                by=line.exclusion.by,
                at=moment(parts, line.exclusion.at),
            )
        final = score(parts, line.final) if line.final is not None else say("report.incomplete")
        deviation = "" if line.deviation is None else _signed(parts, line.deviation)
        rows.append(
            [
                _cupper_name(line.cupper.name, line.cupper.q_licence),
                final,
                deviation,
                flag,
                excluded,
            ]
        )
    keys = ("report.cupper", "report.final", "report.from_mean", "report.flag", "report.excluded")
    widths = [0.25 * w, 0.11 * w, 0.1 * w, 0.25 * w, 0.29 * w]
    return parts.grid(keys, rows, widths, right_aligned=(1, 2))


def _cupper_name(name: str, licence: str) -> str:
    return f"{name} ({licence})" if licence else name


def _signed(parts: Parts, value: Decimal) -> str:
    text = score(parts, abs(value))
    return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else text)


def panel_result(parts: Parts, data: SessionReportData, sample: ReportSample) -> list[Flowable]:
    """A sample's heading, its facts and its panel result (statistics, chart, lines)."""
    top: list[Flowable] = [
        sample_heading(parts, data, sample),
        *_facts(parts, data, sample),
        Spacer(1, 2 * mm),
    ]
    summary = sample.summary
    if summary is None:
        top.append(parts.nothing("report.no_panel"))
    else:
        means = chart_means(data, summary)
        table_width = parts.width - CHART_WIDTH - 5 * mm if means else parts.width
        table = _stats_table(parts, data, summary, table_width)
        if means:
            chart = [
                parts.text(parts.say("sheet.section_means"), "label"),
                section_chart(means, CHART_WIDTH, parts.writer, parts.formats),
            ]
            top.append(side_by_side(table, chart, CHART_WIDTH, parts.width))
        else:
            top.append(table)
    if sample.lines:  # kept with the statistics unless the whole would not fit on a page
        top += [Spacer(1, 2 * mm), _lines_table(parts, data, sample)]
    return [CondPageBreak(NEW_SAMPLE_ROOM), KeepTogether(top)]
