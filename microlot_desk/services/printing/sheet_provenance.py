"""The provenance sheet's evidence sections, gathered from the records: the chain of custody (as
corrected, inherited history of a sub-lot included), the six hallmarks with their evidence in
the reader's words, the panel's cupping summary, photos, the producer's portrait and the
documents with their SHA-256.

Hallmark evidence is a sentence from the caller's labels ("fact.<code>", filled with the fact's
values: see provenance_labels.py for the English ones); a label missing from a translation
prints the fact as its code and values rather than in another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.custody import CustodyEvent, effective_events
from microlot_desk.domain.evidence import Attachment, EvidenceKind
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.verdict import Fact, Verdict
from microlot_desk.domain.verdict_rules import assess
from microlot_desk.export.printing.sheet_data import Cupper as SheetCupper
from microlot_desk.export.printing.sheet_data import (
    CuppingSummary,
    CustodyStep,
    HallmarkLine,
    SheetDocument,
    SheetPhoto,
)
from microlot_desk.export.printing.sheet_data import SectionMean as SheetMean
from microlot_desk.services.common.cupping_history import ScoreHistoryEntry
from microlot_desk.services.common.verdict_settings import load_verdict_settings
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.evidence_service import EvidenceService, EvidenceUnavailable

MAX_PHOTOS = 10


@dataclass(frozen=True)
class SheetEvidence:
    cupping: CuppingSummary | None
    custody: tuple[CustodyStep, ...] | None
    hallmarks: tuple[HallmarkLine, ...]
    red_flags: tuple[str, ...]
    photos: tuple[SheetPhoto, ...]
    portrait: SheetPhoto | None
    documents: tuple[SheetDocument, ...]
    verdict: Verdict


def fact_text(fact: Fact, labels: Mapping[str, str], kind: str = "fact") -> str:
    """A fact in the caller's words: labels["<kind>.<code>"] filled with the fact's values."""
    template = labels.get(f"{kind}.{fact.code}")
    if template is None:
        return fact.code + "".join(f" {k}={v}" for k, v in fact.values.items())
    try:
        return template.format_map(_worded(fact.values, labels))
    except (KeyError, ValueError, IndexError):
        return template


def _worded(values: Mapping[str, str], labels: Mapping[str, str]) -> dict[str, str]:
    """A fact's values as the sheet says them: a code with a label ("sample_type.offer",
    "basis.fob", "field.harvest_start" for each of a comma list of fields) in its words."""
    worded = {}
    for key, value in values.items():
        if key == "fields":
            names = value.split(",")
            worded[key] = ", ".join(
                labels.get(f"field.{name}", name.replace("_", " ")) for name in names if name
            )
        else:
            worded[key] = labels.get(f"{key}.{value}", value)
    return worded


def _step(event: CustodyEvent) -> CustodyStep:
    moment = event.started or event.ended
    when = moment.local().date() if moment else None
    if when is None:
        from datetime import date

        when = date.fromisoformat(event.recorded_at[:10])
    return CustodyStep(
        when=when,
        stage=event.stage or event.kind.value,
        place=event.place,
        actor=event.responsible,
        kg_in=event.kg_in,
        kg_out=event.kg_out,
        note=event.notes,
    )


def _cupping(history: tuple[ScoreHistoryEntry, ...]) -> CuppingSummary | None:
    scored = [e for e in history if e.final is not None]
    if not scored:
        return None
    third = [e for e in scored if e.third_party]
    entry = (third or scored)[-1]
    return CuppingSummary(
        form_name=entry.form_name,
        final_score=entry.final,
        panel_size=entry.panel_size,
        stdev=entry.stdev,
        band=entry.band or "",
        sample_type=entry.sample_type.value,
        cupped_on=entry.held_on,
        cuppers=tuple(SheetCupper(c.name, c.q_licence) for c in entry.cuppers),
        descriptors=entry.descriptors[:8],
        section_means=tuple(
            SheetMean(m.key, m.label, m.mean, m.scale_max or Decimal(10))
            for m in entry.section_means
        ),
        third_party=entry.third_party,
    )


def _picture(evidence: EvidenceService, attachment: Attachment) -> SheetPhoto | None:
    try:
        return SheetPhoto(evidence.thumbnail(attachment.id), attachment.caption or attachment.name)
    except EvidenceUnavailable:
        return None


def sheet_evidence(
    lots: LotService,
    evidence: EvidenceService,
    lot: Lot,
    labels: Mapping[str, str],
    *,
    events_upto: int | None = None,
) -> SheetEvidence:
    """What the sheet shows from the lot's records (as they stood after `events_upto`
    custody events, when given: LotRecords.gather)."""
    settings = load_verdict_settings(lots.database)
    records = lots.verdicts.records
    gathered = records.gather(lot, settings, events_upto=events_upto)
    verdict = assess(gathered.record, settings)
    chain = (*gathered.record.inherited, *effective_events(gathered.record.events))
    hallmarks = tuple(
        HallmarkLine(h.name.value, h.status, "; ".join(fact_text(f, labels) for f in h.evidence))
        for h in verdict.hallmarks
    )
    pictures = [a for a in gathered.attachments if a.media_type.is_image]
    photos = [
        photo
        for a in pictures
        if a.kind is EvidenceKind.PHOTO
        for photo in (_picture(evidence, a),)
        if photo is not None
    ][:MAX_PHOTOS]
    portrait = next(
        (
            photo
            for a in pictures
            if a.kind is EvidenceKind.PORTRAIT
            for photo in (_picture(evidence, a),)
            if photo is not None
        ),
        None,
    )
    documents = tuple(
        SheetDocument(a.name or a.kind.value, a.sha256, a.size_bytes)
        for a in gathered.attachments
        if a.kind in (EvidenceKind.DOCUMENT, EvidenceKind.Q_REPORT, EvidenceKind.CUPPING_SHEET)
    )
    return SheetEvidence(
        cupping=_cupping(gathered.scores),
        custody=tuple(_step(e) for e in chain) or None,
        hallmarks=hallmarks,
        red_flags=tuple(fact_text(flag, labels, "flag") for flag in verdict.red_flags),
        photos=tuple(photos),
        portrait=portrait,
        documents=documents,
        verdict=verdict,
    )
