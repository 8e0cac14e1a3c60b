"""What the cupping services hand to the GUI and the CLI: plain frozen views built from a
SessionRecord. Blind means blind: while a blind session is unrevealed, a SampleView carries
its code and nothing that names the lot (no lot id, code or name), and so does every view made
of SampleViews.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from microlot_desk.domain.cupping import FormTemplate, PanelSummary, ScoreResult, ValueProblem
from microlot_desk.domain.cupping.protocol import Deviation, deviations
from microlot_desk.domain.cupping.session_panel import (
    PanelLine,
    SamplePanelResult,
    ScoredSheet,
    SessionRecord,
    SheetState,
)
from microlot_desk.domain.cupping.sessions import (
    Cupper,
    CuppingSession,
    Exclusion,
    ImportedResult,
    LotLabel,
    Reveal,
    Sample,
    SampleType,
)


@dataclass(frozen=True)
class SampleView:
    """A sample as shown. `label` is the blind code while hidden, else the lot code; `lot` is
    None while hidden."""

    id: str
    position: int
    blind_code: str
    label: str
    hidden: bool
    lot: LotLabel | None
    sample_type: SampleType
    roast_date: date | None
    agtron_whole: Decimal | None
    agtron_ground: Decimal | None
    notes: str


@dataclass(frozen=True)
class SheetView:
    """One cupper's sheet for one sample. `sheet_id` is None until a first field is saved.
    `values` are the stored values (Decimal, int, per-cup lists, descriptor keys), `notes` the
    free text by section key ("" for the whole sheet). `result` is set once the sheet is
    complete (its final is None on a record-only form); `problems` say what is still missing
    or wrong; `exclusion` is the exclusion in force, if any."""

    sheet_id: str | None
    session_id: str
    sample_id: str
    cupper_id: str
    values: Mapping[str, object]
    notes: Mapping[str, str]
    state: SheetState
    result: ScoreResult | None
    problems: tuple[ValueProblem, ...]
    exclusion: Exclusion | None

    @property
    def final(self) -> Decimal | None:
        """The sheet's final score; None while incomplete."""
        return self.result.final if self.result is not None else None

    @property
    def missing(self) -> tuple[str, ...]:
        """Sections still to be filled in, in form order."""
        return tuple(p.key for p in self.problems if p.code == "missing")


@dataclass(frozen=True)
class PanelLineView:
    """One sheet in a sample's panel: the cupper, the final, distance, flag and exclusion."""

    sheet_id: str
    cupper: Cupper
    final: Decimal | None
    deviation: Decimal | None
    flagged: bool
    exclusion: Exclusion | None


@dataclass(frozen=True)
class SamplePanel:
    """A sample's panel result: statistics per section and final (None until a complete sheet
    counts), each sheet's line, an imported result (CQI) if any, and whether a third party
    (an independent lab) scored it."""

    sample: SampleView
    summary: PanelSummary | None
    lines: tuple[PanelLineView, ...]
    imported: ImportedResult | None
    third_party: bool
    final_mean: Decimal | None


@dataclass(frozen=True)
class SessionView:
    """A session with its form, samples (blind-safe), cuppers, protocol deviations, the reveal
    in force (None while hidden or for an open session) and each sheet's state keyed by
    (sample id, cupper id); a pair with no sheet yet is "empty"."""

    session: CuppingSession
    form: FormTemplate
    samples: tuple[SampleView, ...]
    cuppers: tuple[Cupper, ...]
    deviations: tuple[Deviation, ...]
    reveal: Reveal | None
    hidden: bool
    progress: Mapping[tuple[str, str], SheetState]

    def state(self, sample_id: str, cupper_id: str) -> SheetState:
        """How far one cupper's sheet for one sample has got."""
        return self.progress.get((sample_id, cupper_id), "empty")


@dataclass(frozen=True)
class SessionBoard:
    """A session opened at the table: the session and every sample's panel, read in one go."""

    view: SessionView
    panels: tuple[SamplePanel, ...]

    def panel(self, sample_id: str) -> SamplePanel:
        """The panel of one sample; KeyError when the session has no such sample."""
        for panel in self.panels:
            if panel.sample.id == sample_id:
                return panel
        raise KeyError(sample_id)


def sample_view(sample: Sample, hidden: bool, lots: Mapping[str, LotLabel]) -> SampleView:
    """The blind-safe view of a sample: the lot is left out entirely while hidden."""
    lot = None if hidden else lots.get(sample.lot_id)
    return SampleView(
        id=sample.id,
        position=sample.position,
        blind_code=sample.blind_code,
        label=sample.blind_code if hidden or lot is None else lot.code,
        hidden=hidden,
        lot=lot,
        sample_type=sample.sample_type,
        roast_date=sample.roast_date,
        agtron_whole=sample.agtron_whole,
        agtron_ground=sample.agtron_ground,
        notes=sample.notes,
    )


def session_view(
    record: SessionRecord,
    form: FormTemplate,
    lots: Mapping[str, LotLabel],
    scored: Mapping[str, ScoredSheet],
) -> SessionView:
    """The view of a whole session from its record and its sheets scored."""
    hidden = record.hidden
    return SessionView(
        session=record.session,
        form=form,
        samples=tuple(sample_view(s, hidden, lots) for s in record.samples),
        cuppers=record.cuppers,
        deviations=deviations(record.session.protocol),
        reveal=record.reveal,
        hidden=hidden,
        progress={(s.sheet.sample_id, s.sheet.cupper_id): s.state for s in scored.values()},
    )


def sheet_view(scored: ScoredSheet, exclusion: Exclusion | None) -> SheetView:
    sheet = scored.sheet
    return SheetView(
        sheet_id=sheet.id,
        session_id=sheet.session_id,
        sample_id=sheet.sample_id,
        cupper_id=sheet.cupper_id,
        values=sheet.values,
        notes=sheet.notes,
        state=scored.state,
        result=scored.result,
        problems=scored.problems,
        exclusion=exclusion,
    )


def panel_view(
    result: SamplePanelResult, sample: SampleView, cuppers: Mapping[str, Cupper]
) -> SamplePanel:
    return SamplePanel(
        sample=sample,
        summary=result.summary,
        lines=tuple(_line(line, cuppers) for line in result.lines),
        imported=result.imported,
        third_party=result.third_party,
        final_mean=result.final_mean,
    )


def _line(line: PanelLine, cuppers: Mapping[str, Cupper]) -> PanelLineView:
    return PanelLineView(
        sheet_id=line.sheet_id,
        cupper=cuppers[line.cupper_id],
        final=line.final,
        deviation=line.deviation,
        flagged=line.flagged,
        exclusion=line.exclusion,
    )
