"""The default rules of the verdict (DOMAIN.md §1), one function per hallmark, and the red
flags. Every threshold comes from VerdictSettings (the station's settings, DOMAIN defaults)."""

from __future__ import annotations

from decimal import Decimal

from microlot_desk.domain.cupping.template import Status
from microlot_desk.domain.custody import EventKind, effective_events
from microlot_desk.domain.evidence import EvidenceKind, GpsFit, TargetType
from microlot_desk.domain.lineage import Traceability, traceability
from microlot_desk.domain.mass_balance import (
    blend_signals,
    gaps,
    implied_stages,
    missing_stages,
    yield_warnings,
)
from microlot_desk.domain.size_classes import SizeClass
from microlot_desk.domain.verdict import (
    Fact,
    Hallmark,
    HallmarkName,
    LotRecord,
    ScoreFact,
    Verdict,
    VerdictSettings,
)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _missing_production(record: LotRecord) -> list[str]:
    lot = record.lot
    plot = lot.plots[0] if lot.plots else None
    checks = {
        "altitude_m": plot is not None and plot.altitude_m is not None,
        "varieties": bool(lot.varieties),
        "harvest_start": lot.harvest_start is not None,
        "harvest_end": lot.harvest_end is not None,
        "code": bool(lot.code),
    }
    return [name for name, present in checks.items() if not present]


def provenance(record: LotRecord) -> Hallmark:
    lot = record.lot
    named = {
        "producer": bool(lot.producer_name),
        "farm": bool(lot.farm),
        "plot": any(p.name for p in lot.plots),
    }
    missing = [name for name, present in named.items() if not present]
    missing += _missing_production(record)
    if missing:
        return Hallmark(
            HallmarkName.PROVENANCE, "not_met", (Fact("missing", {"fields": ",".join(missing)}),)
        )
    facts = (
        Fact("producer", {"name": lot.producer_name}),
        Fact("farm", {"name": lot.farm, "plots": ",".join(p.name for p in lot.plots)}),
        Fact("production", {"varieties": lot.varieties_text, "code": lot.code}),
    )
    return Hallmark(HallmarkName.PROVENANCE, "met", facts)


def volume(record: LotRecord, settings: VerdictSettings) -> Hallmark:
    kg = record.lot.green_kg
    if kg is None:
        return Hallmark(HallmarkName.VOLUME, "not_recorded", (Fact("no_green_weight"),))
    size = record.lot.size_class(settings.thresholds)
    assert size is not None
    values = {
        "green_kg": _text(kg),
        "size_class": size.value,
        "limit_kg": _text(settings.thresholds.micro_to),
    }
    status: Status = "not_met" if size is SizeClass.REGULAR else "met"
    return Hallmark(HallmarkName.VOLUME, status, (Fact("green_weight", values),))


def separation(record: LotRecord, settings: VerdictSettings) -> tuple[Hallmark, list[Fact]]:
    """The hallmark, and the red flags found on the way (blends, merges, a broken chain)."""
    events = (*record.inherited, *effective_events(record.events))
    flags: list[Fact] = []
    facts: list[Fact] = []
    if record.chain is not None and not record.chain.intact:
        facts.append(Fact("chain_broken", {"problems": str(len(record.chain.problems))}))
        flags.append(Fact("custody_chain_broken", {"problems": str(len(record.chain.problems))}))
    stages = [e for e in events if e.kind is EventKind.STAGE]
    if not stages and not facts:
        return Hallmark(HallmarkName.SEPARATION, "not_recorded", (Fact("no_custody_events"),)), []
    level = traceability(events)
    if level is not Traceability.IDENTITY_PRESERVED:
        facts.append(Fact("merged", {"traceability": level.value}))
        flags.append(Fact("merged_with_other_coffee", {"traceability": level.value}))
    for stage in missing_stages(events, record.lot.process):
        facts.append(Fact("missing_stage", {"stage": stage}))
    for finding in gaps(events, settings.balance):
        facts.append(Fact(finding.code, finding.values))
    for finding in blend_signals(events, settings.balance):
        facts.append(Fact(finding.code, finding.values))
        flags.append(Fact(finding.code, finding.values))
    if facts:
        return Hallmark(HallmarkName.SEPARATION, "not_met", tuple(facts)), flags
    covered = implied_stages(record.lot.process)
    summary = Fact(
        "stages_covered",
        {"stages": ",".join(covered), "events": str(len(events)), "traceability": level.value},
    )
    return Hallmark(HallmarkName.SEPARATION, "met", (summary,)), flags


def _chosen_score(scores: tuple[ScoreFact, ...]) -> ScoreFact | None:
    third = [s for s in scores if s.third_party]
    pool = third or list(scores)
    return max(pool, key=lambda s: s.held_on) if pool else None


def score(record: LotRecord, settings: VerdictSettings) -> Hallmark:
    chosen = _chosen_score(record.scores)
    if chosen is None:
        return Hallmark(HallmarkName.SCORE, "not_recorded", (Fact("no_score"),))
    values = {
        "final": _text(chosen.final),
        "minimum": _text(settings.min_score),
        "form": chosen.form_id,
        "sample_type": chosen.sample_type,
        "held_on": chosen.held_on.isoformat(),
        "panel_size": str(chosen.panel_size),
        "third_party": "yes" if chosen.third_party else "no",
    }
    status: Status = "met" if chosen.final >= settings.min_score else "not_met"
    return Hallmark(HallmarkName.SCORE, status, (Fact("panel_score", values),))


def premium(record: LotRecord, settings: VerdictSettings) -> Hallmark:
    lot = record.lot
    price, basis = (lot.fob_price, "fob") if lot.fob_price else (lot.farm_gate_price, "farm_gate")
    if not price or not lot.reference_price:
        missing = "reference_price" if price else "price"
        return Hallmark(
            HallmarkName.PREMIUM, "not_recorded", (Fact("no_price", {"missing": missing}),)
        )
    ratio = (price / lot.reference_price).quantize(Decimal("0.01"))
    values = {
        "price": _text(price),
        "basis": basis,
        "reference": _text(lot.reference_price),
        "currency": lot.currency,
        "unit": lot.price_unit.value,
        "ratio": _text(ratio),
        "minimum_ratio": _text(settings.premium_ratio),
    }
    status: Status = "met" if ratio >= settings.premium_ratio else "not_met"
    return Hallmark(HallmarkName.PREMIUM, status, (Fact("price_ratio", values),))


def documents(record: LotRecord) -> tuple[Hallmark, list[Fact]]:
    kinds = {a.kind for a in record.attachments}
    sheet = "attachment" if EvidenceKind.CUPPING_SHEET in kinds else ""
    if not sheet and any(s.source == "panel" for s in record.scores):
        sheet = "panel"
    report = "attachment" if EvidenceKind.Q_REPORT in kinds else ""
    if not report and any(s.third_party and s.source == "panel" for s in record.scores):
        report = "independent_sheets"
    photos = [a for a in record.attachments if a.kind is EvidenceKind.PHOTO and a.is_image]
    plot_photos = [
        a
        for a in photos
        if (
            a.target_type is TargetType.PLOT
            and (a.gps is None or a.gps.fit is not GpsFit.ELSEWHERE)
        )
        or (a.gps is not None and a.gps.fit in (GpsFit.INSIDE, GpsFit.NEAR))
    ]
    flags = [
        Fact("plot_photo_elsewhere", {"distance_m": str(a.gps.distance_m)})
        for a in photos
        if a.gps is not None and a.gps.fit is GpsFit.ELSEWHERE
    ]
    facts = [
        Fact("cupping_sheet", {"found": sheet or "no"}),
        Fact("plot_photo", {"found": str(len(plot_photos)) if plot_photos else "no"}),
        Fact("q_report", {"found": report or "no"}),
    ]
    status: Status = "met" if sheet and plot_photos and report else "not_met"
    return Hallmark(HallmarkName.DOCUMENTS, status, tuple(facts)), flags


def _score_flags(record: LotRecord) -> list[Fact]:
    if not record.scores:
        return []
    flags = []
    if not any(s.third_party for s in record.scores):
        flags.append(Fact("no_third_party_score", {"scores": str(len(record.scores))}))
    if all(s.seller_only for s in record.scores):
        flags.append(Fact("score_only_from_seller", {"scores": str(len(record.scores))}))
    return flags


def assess(record: LotRecord, settings: VerdictSettings | None = None) -> Verdict:
    """Judge the lot: the six hallmarks in DOMAIN.md's order, the red flags, the warnings."""
    settings = settings or VerdictSettings()
    separated, separation_flags = separation(record, settings)
    documented, document_flags = documents(record)
    hallmarks = (
        provenance(record),
        volume(record, settings),
        separated,
        score(record, settings),
        premium(record, settings),
        documented,
    )
    flags: list[Fact] = []
    kg, thresholds = record.lot.green_kg, settings.thresholds
    micro = kg is not None and record.lot.size_class(thresholds) is SizeClass.MICRO
    if micro and kg is not None and kg >= thresholds.second_look_from:
        values = {"green_kg": _text(kg), "limit_kg": _text(thresholds.second_look_from)}
        flags.append(Fact("micro_claim_large", values))
    missing = _missing_production(record)
    if missing:
        flags.append(Fact("missing_production_data", {"fields": ",".join(missing)}))
    flags += separation_flags + _score_flags(record) + document_flags
    events = (*record.inherited, *effective_events(record.events))
    warnings = tuple(Fact(f.code, f.values) for f in yield_warnings(events, settings.balance))
    return Verdict(hallmarks, tuple(flags), warnings, traceability(events))
