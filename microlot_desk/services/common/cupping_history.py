"""A lot's scores across sessions and sample types: one entry per sample of the lot, with what a
provenance sheet shows of a panel (final, spread, cuppers, section means, descriptors, whether
a third party scored it). Blind sessions not yet revealed are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from microlot_desk.domain.cupping import FormTemplate, PanelSummary
from microlot_desk.domain.cupping.session_panel import SamplePanelResult
from microlot_desk.domain.cupping.sessions import Cupper, Sample, SampleType
from microlot_desk.services.common.cupping_loader import LoadedSession, SessionLoader
from microlot_desk.storage.cupping_repository import CuppingRepository


@dataclass(frozen=True)
class SectionMean:
    """One section's panel mean, with the form's label and the top of its scale."""

    key: str
    label: str
    mean: Decimal
    scale_max: Decimal | None


@dataclass(frozen=True)
class ScoreHistoryEntry:
    """One sample of the lot and its panel result. `source` is "panel" (sheets scored in the
    app) or the import source ("cqi"); `held_on` is the grading date of an imported result
    when known, else the session's date; `final` the panel mean (None until a sheet counts);
    `stated_final` the total an imported certificate printed (shown where it differs)."""

    session_id: str
    session_title: str
    held_on: date
    place: str
    form_id: str
    form_version: int
    form_name: str
    sample_id: str
    sample_type: SampleType
    final: Decimal | None
    stdev: Decimal | None
    band: str | None
    panel_size: int
    cuppers: tuple[Cupper, ...]
    section_means: tuple[SectionMean, ...]
    descriptors: tuple[str, ...]
    third_party: bool
    source: str
    stated_final: Decimal | None = None


def lot_history(
    repository: CuppingRepository,
    loader: SessionLoader,
    lot_id: str,
    *,
    skip_unknown_forms: bool = False,
) -> tuple[ScoreHistoryEntry, ...]:
    """Every sample of the lot in a session that shows its lots, oldest first. With
    `skip_unknown_forms`, a session on a form this library lacks (a lab template not loaded
    here) is left out instead of raising UnknownCuppingForm."""
    found = lots_history(repository, loader, [lot_id], skip_unknown_forms=skip_unknown_forms)
    return found.get(lot_id, ())


def lots_history(
    repository: CuppingRepository,
    loader: SessionLoader,
    lot_ids: Iterable[str],
    *,
    skip_unknown_forms: bool = False,
) -> dict[str, tuple[ScoreHistoryEntry, ...]]:
    """lot_history of many lots at once, each session loaded once (an import's verdicts):
    lots without a listed sample are absent."""
    by_session: dict[str, dict[str, Sample]] = defaultdict(dict)
    for found in repository.samples_of_lots(lot_ids):
        by_session[found.session_id][found.id] = found
    sessions = loader.load_many(by_session, skip_unknown_forms=skip_unknown_forms, lot_labels=False)
    return history_of(sessions.values(), by_session)


def history_of(
    sessions: Iterable[LoadedSession], wanted: Mapping[str, Mapping[str, Sample]] | None = None
) -> dict[str, tuple[ScoreHistoryEntry, ...]]:
    """The score history, by lot, of the samples in these sessions (only `wanted[session id]`
    when given, else every sample), oldest first; hidden sessions are left out."""
    entries: dict[str, list[ScoreHistoryEntry]] = defaultdict(list)
    for loaded in sessions:
        if loaded.record.hidden:
            continue
        session_id = loaded.record.session.id
        samples = (
            wanted.get(session_id, {})
            if wanted is not None
            else {sample.id: sample for sample in loaded.record.samples}
        )
        for panel in loaded.panels:
            sample = samples.get(panel.sample_id)
            if sample is not None:
                entries[sample.lot_id].append(_entry(loaded, panel, sample.sample_type))
    return {
        lot_id: tuple(sorted(found, key=lambda e: (e.held_on, e.session_id, e.sample_id)))
        for lot_id, found in entries.items()
    }


def _entry(
    loaded: LoadedSession, panel: SamplePanelResult, sample_type: SampleType
) -> ScoreHistoryEntry:
    session, form = loaded.record.session, loaded.form
    imported = panel.imported
    summary = panel.summary
    final = panel.final_mean
    counted = [line for line in panel.lines if line.final is not None and line.exclusion is None]
    return ScoreHistoryEntry(
        session_id=session.id,
        session_title=session.title,
        held_on=(imported.graded_on if imported and imported.graded_on else session.held_on),
        place=session.place,
        form_id=form.id,
        form_version=form.version,
        form_name=form.name,
        sample_id=panel.sample_id,
        sample_type=sample_type,
        final=final,
        stdev=summary.final.stdev if summary is not None else None,
        band=form.band_for(final) if final is not None else None,
        panel_size=len(counted) if summary is not None else (1 if imported else 0),
        cuppers=tuple(loaded.cuppers[line.cupper_id] for line in counted),
        section_means=_section_means(form, summary, imported.sections if imported else None),
        descriptors=_descriptors(loaded, {line.sheet_id for line in counted}),
        third_party=panel.third_party,
        source=imported.source if imported is not None and summary is None else "panel",
        stated_final=imported.stated_final if imported is not None and summary is None else None,
    )


def _section_means(
    form: FormTemplate, summary: PanelSummary | None, imported: Mapping[str, Decimal] | None
) -> tuple[SectionMean, ...]:
    means: dict[str, Decimal] = {}
    if summary is not None:
        means = {s.key: s.mean for s in summary.sections if s.mean is not None}
    elif imported:
        means = dict(imported)
    found = []
    for section in form.sections:
        if section.key in means and section.kind in ("score", "cups"):
            found.append(
                SectionMean(section.key, section.label, means[section.key], _top(form, section.key))
            )
    return tuple(found)


def _top(form: FormTemplate, key: str) -> Decimal | None:
    section = form.section(key)
    if section.kind == "cups" and section.points_per_cup is not None:
        return section.points_per_cup * (form.cups or 0)
    return section.range.maximum if section.range is not None else None


def _descriptors(loaded: LoadedSession, sheet_ids: set[str]) -> tuple[str, ...]:
    """Descriptor boxes ticked on the counted sheets, most often ticked first."""
    ticks: Counter[str] = Counter()
    for sheet in loaded.record.sheets:
        if sheet.id not in sheet_ids:
            continue
        for group in loaded.form.descriptors:
            chosen = sheet.values.get(group.key)
            if isinstance(chosen, list):
                ticks.update(str(item) for item in chosen)
    return tuple(key for key, _ in ticks.most_common())
