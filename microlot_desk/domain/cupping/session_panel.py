"""A whole session in memory, its sheets scored, and the panel result of each sample.

Storage hands over a SessionRecord (everything stored about one session, read in one go);
everything here is computation on it. Incomplete sheets are listed but enter no statistic;
excluded sheets are listed with their exclusion and enter no mean (panel_summary keeps them
visible); a sample scored outside the app (a CQI certificate) carries its ImportedResult.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from microlot_desk.domain.cupping.errors import SheetError, ValueProblem
from microlot_desk.domain.cupping.panel import PanelSheet, PanelSummary, panel_summary
from microlot_desk.domain.cupping.scoring import ScoreResult, score_sheet
from microlot_desk.domain.cupping.sessions import (
    Affiliation,
    Cupper,
    CuppingSession,
    Exclusion,
    ImportedResult,
    Reveal,
    Sample,
    Sheet,
    current_exclusion,
    first_reveal,
)
from microlot_desk.domain.cupping.template import FormTemplate

SheetState = Literal["empty", "incomplete", "complete"]


@dataclass(frozen=True)
class SessionRecord:
    """Everything stored about one session: samples in table order, cuppers in session order,
    every sheet with its values, the whole exclusion and reveal logs, imported results."""

    session: CuppingSession
    samples: tuple[Sample, ...]
    cuppers: tuple[Cupper, ...]
    sheets: tuple[Sheet, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    reveals: tuple[Reveal, ...] = ()
    imported: Mapping[str, ImportedResult] = field(default_factory=dict)

    @property
    def reveal(self) -> Reveal | None:
        """The reveal in force, None while the lots are still hidden (or never were)."""
        return first_reveal(self.reveals)

    @property
    def hidden(self) -> bool:
        """True while a blind session's lots must not be shown."""
        return self.session.blind and self.reveal is None

    def exclusions_by_sheet(self) -> dict[str, Exclusion | None]:
        """The exclusion in force for every sheet that has a log."""
        logs: dict[str, list[Exclusion]] = defaultdict(list)
        for entry in self.exclusions:
            logs[entry.sheet_id].append(entry)
        return {sheet_id: current_exclusion(log) for sheet_id, log in logs.items()}


@dataclass(frozen=True)
class ScoredSheet:
    """A stored sheet with its result (None while incomplete) and what keeps it incomplete."""

    sheet: Sheet
    result: ScoreResult | None
    problems: tuple[ValueProblem, ...]

    @property
    def state(self) -> SheetState:
        """empty (nothing entered), incomplete, or complete (the form's formula could run)."""
        if self.result is not None:
            return "complete"
        return "incomplete" if self.sheet.values else "empty"

    @property
    def final(self) -> Decimal | None:
        """The sheet's final score, None while incomplete or on a record-only form."""
        return self.result.final if self.result is not None else None


def score_stored(template: FormTemplate, sheet: Sheet) -> ScoredSheet:
    """Score a stored sheet; an incomplete or inconsistent one is reported, never raised."""
    try:
        return ScoredSheet(sheet, score_sheet(template, sheet.values), ())
    except SheetError as error:
        return ScoredSheet(sheet, None, error.problems)


@dataclass(frozen=True)
class PanelLine:
    """One sheet as the panel result lists it: its final (None while incomplete), its distance
    from the panel mean, the flag, and the exclusion in force."""

    sheet_id: str
    cupper_id: str
    final: Decimal | None
    deviation: Decimal | None
    flagged: bool
    exclusion: Exclusion | None


@dataclass(frozen=True)
class SamplePanelResult:
    """The panel result of one sample. `summary` is None when no complete scored sheet counts
    (nothing entered yet, every sheet excluded, or a record-only form). `third_party` is True
    when an independent lab's sheet counts, or the imported result came from one."""

    sample_id: str
    summary: PanelSummary | None
    lines: tuple[PanelLine, ...]
    imported: ImportedResult | None
    third_party: bool

    @property
    def final_mean(self) -> Decimal | None:
        """The panel's final: the mean of the counted sheets, else the imported final."""
        if self.summary is not None and self.summary.final.mean is not None:
            return self.summary.final.mean
        return self.imported.final if self.imported is not None else None


def sample_panel(
    sample_id: str,
    sheets: Sequence[ScoredSheet],
    exclusions: Mapping[str, Exclusion | None],
    affiliations: Mapping[str, Affiliation],
    imported: ImportedResult | None = None,
) -> SamplePanelResult:
    """The panel result of one sample from its scored sheets, in the order given."""
    counted = [s for s in sheets if s.final is not None]
    panel = [
        PanelSheet.from_result(s.sheet.id, s.result, _reason(exclusions.get(s.sheet.id)))
        for s in counted
        if s.result is not None
    ]
    summary = panel_summary(panel) if any(p.excluded_reason is None for p in panel) else None
    standings = {line.sheet_id: line for line in summary.sheets} if summary else {}
    lines = []
    for scored in sheets:
        standing = standings.get(scored.sheet.id)
        lines.append(
            PanelLine(
                sheet_id=scored.sheet.id,
                cupper_id=scored.sheet.cupper_id,
                final=scored.final,
                deviation=standing.deviation if standing else None,
                flagged=standing.flagged if standing else False,
                exclusion=exclusions.get(scored.sheet.id),
            )
        )
    independent = any(
        _third_party(affiliations.get(s.sheet.cupper_id))
        for s in counted
        if exclusions.get(s.sheet.id) is None
    )
    if imported is not None and imported.affiliation.third_party:
        independent = True
    return SamplePanelResult(sample_id, summary, tuple(lines), imported, independent)


def _third_party(affiliation: Affiliation | None) -> bool:
    return affiliation is not None and affiliation.third_party


def _reason(exclusion: Exclusion | None) -> str | None:
    return exclusion.reason if exclusion is not None else None


def session_panels(
    template: FormTemplate, record: SessionRecord
) -> tuple[dict[str, ScoredSheet], tuple[SamplePanelResult, ...]]:
    """Every sheet of a session scored (by sheet id) and every sample's panel, in table order."""
    scored = {sheet.id: score_stored(template, sheet) for sheet in record.sheets}
    by_sample: dict[str, list[ScoredSheet]] = defaultdict(list)
    order = {cupper.id: index for index, cupper in enumerate(record.cuppers)}
    for sheet in record.sheets:
        by_sample[sheet.sample_id].append(scored[sheet.id])
    exclusions = record.exclusions_by_sheet()
    affiliations = {cupper.id: cupper.affiliation for cupper in record.cuppers}
    panels = tuple(
        sample_panel(
            sample.id,
            sorted(by_sample[sample.id], key=lambda s: order.get(s.sheet.cupper_id, len(order))),
            exclusions,
            affiliations,
            record.imported.get(sample.id),
        )
        for sample in record.samples
    )
    return scored, panels
