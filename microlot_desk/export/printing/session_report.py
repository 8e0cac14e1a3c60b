"""The cupping session report: the session (date, place, form, protocol and its departures from
the standard, blind or not and the reveal log), the samples and cuppers, then for each sample its
panel result with a chart of the section means, followed by every cupper's sheet.

`build_session_report(SessionReportData) -> ReportResult`: plain data in, PDF bytes out. The
same rules as the provenance sheet hold: every string escaped and set in script runs, every font
embedded, A4 or Letter, "page X of Y" on every page. While a blind session is not revealed, the
report (pages and metadata alike) names samples by their blind codes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from microlot_desk.domain.cupping import Protocol
from microlot_desk.export.printing.page_footer import page_footer
from microlot_desk.export.printing.pdf_page import (
    MARGIN,
    Metadata,
    PageDecorator,
    build_pdf,
    frame_width,
    make_styles,
)
from microlot_desk.export.printing.pdf_text import TextWriter, UncoveredText
from microlot_desk.export.printing.report_panel import panel_result
from microlot_desk.export.printing.report_parts import WARN_COLOR, coloured, moment, score
from microlot_desk.export.printing.report_sheets import sample_sheets
from microlot_desk.export.printing.session_report_data import SessionReportData
from microlot_desk.export.printing.sheet_parts import Cell, Parts, side_by_side
from microlot_desk.export.printing.wording import Wording

_REPORT_KEYS: tuple[str, ...] = (
    "title",
    "subject",
    "untitled",
    "session",
    "date",
    "place",
    "leader",
    "form",
    "form_value",
    "blind",
    "open_session",
    "blind_hidden",
    "blind_revealed",
    "reveal_log",
    "reveal_entry",
    "protocol",
    "dose",
    "dose_value",
    "dose_only",
    "robusta",
    "deviations",
    "deviation",
    "deviation_notes",
    "notes",
    "samples",
    "code",
    "lot",
    "lot_hidden",
    "sample_type",
    "roast_date",
    "agtron",
    "panel_final",
    "sheets_counted",
    "cuppers",
    "cupper",
    "q_licence",
    "affiliation",
    "sample_heading",
    "panel_result",
    "section",
    "count",
    "mean",
    "sd",
    "min",
    "max",
    "final",
    "from_mean",
    "flag",
    "flagged",
    "excluded",
    "exclusion_value",
    "incomplete",
    "no_panel",
    "imported",
    "imported_value",
    "third_party",
    "sheets",
    "no_sheets",
    "sheet_heading",
    "sheet_final",
    "sheet_incomplete",
    "sheet_excluded",
    "recorded",
    "points",
    "cups_value",
    "cup_marks",
    "penalty",
    "no_marks",
    "cups_marked",
    "cups_count",
    "cup_choice",
    "cup_untyped",
    "cup_level",
    "descriptors",
    "sheet_notes",
    "whole_sheet",
    "warnings",
    "footer_session",
)
REQUIRED_LABELS: tuple[str, ...] = (
    *(f"report.{key}" for key in _REPORT_KEYS),
    "sheet.not_recorded",
    "sheet.none_recorded",
    "sheet.section_means",
    "sheet.footer_generated",
    "sheet.footer_page",
    "warning.below_warn",
    "warning.defect_type_missing",
    "warning.implied_mark_missing",
)
FOOTER_HEIGHT = 9 * mm


@dataclass(frozen=True)
class ReportResult:
    pdf: bytes
    title: str  # the report's title (session title and date), for a window
    warnings: tuple[UncoveredText, ...]  # texts printed with the [?] marker


def build_session_report(data: SessionReportData) -> ReportResult:
    say = Wording(data.labels, REQUIRED_LABELS)
    writer = TextWriter()
    parts = Parts(say, writer, make_styles(), data.formats, frame_width(data.paper))
    story: list[Flowable] = [*_header(parts, data), *_samples(parts, data), *_cuppers(parts, data)]
    for sample in data.samples:
        story += panel_result(parts, data, sample)
        story += [Spacer(1, 3 * mm), *sample_sheets(parts, data, sample)]
    title = _title(parts, data)
    metadata = Metadata(
        title=title,
        subject=say("report.subject"),
        keywords=_keywords(data),
        language=data.language,
        creator=f"microlot_desk {data.app_version}",
    )
    pdf = build_pdf(
        story, data.paper, metadata, _footer(parts, data), bottom_margin=MARGIN + FOOTER_HEIGHT
    )
    return ReportResult(pdf, title, tuple(writer.warnings))


def _title(parts: Parts, data: SessionReportData) -> str:
    session = data.session
    name = session.title or parts.say("report.untitled")
    return f"{name} — {parts.formats.day(session.held_on)}"


def _keywords(data: SessionReportData) -> tuple[str, ...]:
    """Session id, form and the samples' blind codes; lot codes only once revealed."""
    words = [data.session.id, data.form.id]
    for sample in data.samples:
        words.append(sample.blind_code)
        if not data.hidden and sample.lot_code:
            words.append(sample.lot_code)
    return tuple(dict.fromkeys(word for word in words if word))


def _blind_text(parts: Parts, data: SessionReportData) -> str:
    say = parts.say
    if not data.session.blind:
        return say("report.open_session")
    return say("report.blind_hidden") if data.hidden else say("report.blind_revealed")


def _reveal_log(parts: Parts, data: SessionReportData) -> str | None:
    if not data.reveals:
        return None
    return "\n".join(
        parts.say(
            "report.reveal_entry",
            by=reveal.by,
            at=moment(parts, reveal.at),
            station=reveal.station[:8] or "–",
        )
        for reveal in data.reveals
    )


def _header(parts: Parts, data: SessionReportData) -> list[Flowable]:
    say, session, form = parts.say, data.session, data.form
    rows: list[tuple[str, Cell]] = [
        ("report.date", parts.formats.day(session.held_on)),
        ("report.place", session.place or None),
        ("report.leader", session.leader or None),
        (
            "report.form",
            say("report.form_value", name=form.name, id=form.id, version=form.version),
        ),
        ("report.blind", _blind_text(parts, data)),
    ]
    if session.blind:
        rows.append(("report.reveal_log", _reveal_log(parts, data)))
    if session.notes:
        rows.append(("report.notes", session.notes))
    half = (parts.width - 5 * mm) / 2
    left: list[Flowable] = [parts.text(say("report.session"), "label"), parts.fields(rows, half)]
    right: list[Flowable] = [
        parts.text(say("report.protocol"), "label"),
        parts.fields(_protocol_rows(parts, data), half),
    ]
    return [
        parts.text(say("report.title"), "label"),
        parts.text(session.title or say("report.untitled"), "title", bold=True),
        parts.text(session.id, "label"),
        Spacer(1, 2 * mm),
        side_by_side(left, right, half, parts.width),
    ]


def _protocol_rows(parts: Parts, data: SessionReportData) -> list[tuple[str, Cell]]:
    say, number = parts.say, parts.formats.number
    protocol: Protocol = data.session.protocol
    dose: str | None = None
    if protocol.dose_g is not None:
        if protocol.water_ml is not None:
            dose = say(
                "report.dose_value", dose=number(protocol.dose_g), water=number(protocol.water_ml)
            )
        else:
            dose = say("report.dose_only", dose=number(protocol.dose_g))
        if protocol.robusta:
            dose += f" · {say('report.robusta')}"
    rows: list[tuple[str, Cell]] = [("report.dose", dose)]
    for name in (
        "cups_per_sample",
        "water_temp_c",
        "grind_pct_20_mesh",
        "roast_minutes",
        "rest_hours",
    ):
        value = getattr(protocol, name)
        rows.append((f"protocol.{name}", None if value is None else number(value)))
    if data.deviations:
        lines = [
            say(
                "report.deviation",
                parameter=say.term("protocol", d.parameter),
                value=number(d.value),
                low=number(d.low),
                high=number(d.high),
            )
            for d in data.deviations
        ]
        rows.append(("report.deviations", coloured(parts, "\n".join(lines), WARN_COLOR)))
    else:
        rows.append(("report.deviations", parts.text(say("sheet.none_recorded"), "muted")))
    if protocol.deviation_notes:
        rows.append(("report.deviation_notes", protocol.deviation_notes))
    return rows


def _samples(parts: Parts, data: SessionReportData) -> list[Flowable]:
    say, w = parts.say, parts.width
    show_lot = not data.hidden
    rows: list[list[Cell]] = []
    for sample in data.samples:
        counted = sample.summary.final.count if sample.summary is not None else 0
        sd = sample.summary.final.stdev if sample.summary is not None else None
        lot = " — ".join(p for p in (sample.lot_code, sample.lot_name) if p) or "–"
        row: list[Cell] = [parts.text(sample.blind_code, "small", bold=True)]
        if show_lot:
            row.append(lot)
        row += [
            say.term("sample_type", sample.sample_type),
            parts.formats.day(sample.roast_date) if sample.roast_date else "–",
            score(parts, sample.final_mean),
            score(parts, sd),
            str(counted),
        ]
        rows.append(row)
    keys = [
        "report.code",
        "report.sample_type",
        "report.roast_date",
        "report.panel_final",
        "report.sd",
        "report.sheets_counted",
    ]
    widths = [0.12, 0.28, 0.16, 0.16, 0.12, 0.16]
    if show_lot:
        keys.insert(1, "report.lot")
        widths = [0.07, 0.33, 0.2, 0.12, 0.11, 0.07, 0.1]
    right = tuple(range(len(keys) - 3, len(keys)))
    return [
        parts.heading("report.samples"),
        parts.grid(keys, rows, [x * w for x in widths], right_aligned=right),
    ]


def _cuppers(parts: Parts, data: SessionReportData) -> list[Flowable]:
    if not data.cuppers:
        return [parts.heading("report.cuppers"), parts.nothing("sheet.none_recorded")]
    w = parts.width
    rows: list[list[Cell]] = [
        [c.name, c.q_licence or "–", parts.say.term("affiliation", c.affiliation.value)]
        for c in data.cuppers
    ]
    keys = ("report.cupper", "report.q_licence", "report.affiliation")
    return [parts.heading("report.cuppers"), parts.grid(keys, rows, [0.45 * w, 0.25 * w, 0.3 * w])]


def _footer(parts: Parts, data: SessionReportData) -> PageDecorator:
    say, writer = parts.say, parts.writer
    when = parts.formats.moment(data.generated_at.astimezone(UTC))
    generated = say("sheet.footer_generated", when=when, version=data.app_version)
    session = say("report.footer_session", id=data.session.id)
    return page_footer(
        parts,
        writer.markup(f"{generated} · {session}"),
        height=FOOTER_HEIGHT,
        rule_below_top=3 * mm,
        counter_share=0.2,
    )
