"""Cupping views as JSON-ready data (dicts, lists, numbers, text) for the CLI's --json output
and for anything else that wants plain data. Decimals become JSON numbers written exactly as
the Decimal reads (84.25, never 84.25000000000001); codes stay codes (no sentences here).
Blind-safe: a hidden sample's "lot" is null, as in its SampleView.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from microlot_desk.domain.cupping import FormTemplate, PanelSummary, ScoreResult, Stats
from microlot_desk.domain.cupping.sessions import ImportedResult, SessionOverview
from microlot_desk.services.common.cupping_views import SamplePanel, SampleView, SessionBoard
from microlot_desk.services.cupping.cqi_import import CqiReport


def number(value: Decimal | int | None) -> float | int | None:
    """A Decimal as a JSON number. Scores have few digits, so the float's shortest repr is
    exactly the Decimal's text (Decimal("84.25") -> 84.25)."""
    if value is None or isinstance(value, int):
        return value
    return (
        int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)
    )


def score_to_json(form: FormTemplate, result: ScoreResult) -> dict[str, Any]:
    """One scored sheet: form, final, band, each section's value and points, penalties,
    grades and warnings (as codes with data)."""
    return {
        "form": form.id,
        "form_version": form.version,
        "final": number(result.final),
        "unrounded": number(result.unrounded),
        "band": result.band,
        "sections": {
            line.key: {
                "value": number(line.value) if isinstance(line.value, Decimal) else line.value,
                "points": number(line.points),
            }
            for line in result.sections
            if line.value is not None
        },
        "penalties": [
            {"field": p.field, "amount": p.amount, "points": number(p.points)}
            for p in result.penalties
        ],
        "grades": {grade.code: grade.status for grade in result.grades},
        "warnings": [
            {
                "code": w.code,
                "key": w.key,
                "cups": list(w.cups),
                "value": number(w.value),
                "limit": number(w.limit),
                "related": w.related,
            }
            for w in result.warnings
        ],
    }


def cqi_report_to_json(report: CqiReport, refused: tuple[str, str] | None = None) -> dict[str, Any]:
    """Issue 3's shape (imported, mismatches with row, stated and computed, errors with row,
    column and reason), with the form the rows were scored on and the rows imported before;
    `refused` (reason, message) when bad rows kept the whole file out."""
    shaped = {
        "imported": report.imported,
        "form": report.form_id,
        "unchanged": list(report.unchanged),
        "mismatches": [
            {"row": m.row, "stated": number(m.stated), "computed": number(m.computed)}
            for m in report.mismatches
        ],
        "errors": [{"row": e.row, "column": e.column, "reason": e.reason} for e in report.errors],
    }
    if refused is not None:
        shaped["refused"] = {"reason": refused[0], "message": refused[1]}
    return shaped


def cqi_refusal_to_json(code: str, message: str) -> dict[str, Any]:
    """A file refused as a whole (nothing imported): the same members, and why."""
    return {
        "imported": 0,
        "form": None,
        "unchanged": [],
        "mismatches": [],
        "errors": [],
        "refused": {"reason": code, "message": message},
    }


def overview_to_json(overview: SessionOverview) -> dict[str, Any]:
    session = overview.session
    return {
        "id": session.id,
        "held_on": session.held_on.isoformat(),
        "title": session.title,
        "place": session.place,
        "form": session.form_id,
        "form_version": session.form_version,
        "blind": session.blind,
        "revealed": overview.revealed,
        "samples": overview.samples,
        "cuppers": overview.cuppers,
        "sheets_started": overview.sheets_started,
    }


def board_to_json(board: SessionBoard) -> dict[str, Any]:
    """A whole session: set-up, protocol and deviations, cuppers, samples with their panels."""
    view = board.view
    session = view.session
    return {
        **_session_head(board),
        "protocol": {
            key: number(value) if isinstance(value, Decimal | int) else value
            for key, value in vars(session.protocol).items()
            if value not in (None, "", False)
        },
        "deviations": [
            {
                "parameter": d.parameter,
                "value": number(d.value),
                "low": number(d.low),
                "high": number(d.high),
            }
            for d in view.deviations
        ],
        "cuppers": [
            {"id": c.id, "name": c.name, "q_licence": c.q_licence, "affiliation": c.affiliation}
            for c in view.cuppers
        ],
        "samples": [_sample(panel) for panel in board.panels],
    }


def _session_head(board: SessionBoard) -> dict[str, Any]:
    view = board.view
    session = view.session
    return {
        "id": session.id,
        "held_on": session.held_on.isoformat(),
        "title": session.title,
        "place": session.place,
        "form": {"id": view.form.id, "version": view.form.version, "name": view.form.name},
        "blind": session.blind,
        "hidden": view.hidden,
        "revealed": None if view.reveal is None else {"by": view.reveal.by, "at": view.reveal.at},
        "leader": session.leader,
        "notes": session.notes,
    }


def sample_to_json(sample: SampleView) -> dict[str, Any]:
    lot = sample.lot
    return {
        "id": sample.id,
        "position": sample.position,
        "code": sample.blind_code,
        "label": sample.label,
        "lot": None if lot is None else {"id": lot.id, "code": lot.code, "name": lot.name},
        "sample_type": sample.sample_type.value,
        "roast_date": sample.roast_date.isoformat() if sample.roast_date else None,
        "agtron_whole": number(sample.agtron_whole),
        "agtron_ground": number(sample.agtron_ground),
    }


def _sample(panel: SamplePanel) -> dict[str, Any]:
    return {**sample_to_json(panel.sample), "panel": panel_to_json(panel)}


def panel_to_json(panel: SamplePanel) -> dict[str, Any]:
    return {
        "final": number(panel.final_mean),
        "third_party": panel.third_party,
        "statistics": _summary(panel.summary),
        "sheets": [
            {
                "sheet_id": line.sheet_id,
                "cupper": line.cupper.name,
                "final": number(line.final),
                "deviation": number(line.deviation),
                "flagged": line.flagged,
                "excluded": None
                if line.exclusion is None
                else {
                    "reason": line.exclusion.reason,
                    "by": line.exclusion.by,
                    "at": line.exclusion.at,
                },
            }
            for line in panel.lines
        ],
        "imported": _imported(panel.imported),
    }


def _summary(summary: PanelSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "final": _stats(summary.final),
        "sections": {stats.key: _stats(stats) for stats in summary.sections},
    }


def _stats(stats: Stats) -> dict[str, Any]:
    return {
        "count": stats.count,
        "mean": number(stats.mean),
        "sd": number(stats.stdev),
        "min": number(stats.minimum),
        "max": number(stats.maximum),
    }


def _imported(result: ImportedResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "source": result.source,
        "row": result.source_row,
        "final": number(result.final),
        "stated": number(result.stated_final),
        "graded_on": result.graded_on.isoformat() if result.graded_on else None,
        "sections": {key: number(value) for key, value in result.sections.items()},
        "extras": {key: number(value) for key, value in result.extras.items()},
    }
