"""The micro-lot verdict (DOMAIN.md §1): the six hallmarks judged from a lot's records as met,
not met or not recorded, each with the evidence behind it, plus the red flags — never a bare
score. Everything here is codes and values; the CLI and the GUI put it into words
(messages.py).

`verdict_rules.assess(record, settings)` is a pure function over a `LotRecord` bundle gathered by
the services
(the lot, its custody events and those inherited from the lot it was split from, the chain
status, the evidence attached, the panel scores).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from microlot_desk.domain.cupping.template import Status
from microlot_desk.domain.custody import CustodyEvent
from microlot_desk.domain.custody_chain import ChainStatus
from microlot_desk.domain.evidence import EvidenceKind, GpsCheck, TargetType
from microlot_desk.domain.lineage import Traceability
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.mass_balance import BalanceRules
from microlot_desk.domain.size_classes import DEFAULT_THRESHOLDS, SizeThresholds
from microlot_desk.domain.verdict_overall import Overall


class HallmarkName(StrEnum):
    PROVENANCE = "provenance"
    VOLUME = "volume"
    SEPARATION = "separation"
    SCORE = "score"
    PREMIUM = "premium"
    DOCUMENTS = "documents"


@dataclass(frozen=True)
class Fact:
    """One piece of evidence or one finding: a code and the values that go with it."""

    code: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hallmark:
    name: HallmarkName
    status: Status
    evidence: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class ScoreFact:
    """One panel result of the lot (from cupping_history): final, form, sample type, date, how
    many cuppers, whether a third party scored it, whether only the seller's side did, and
    whether it comes from sheets scored in the app ("panel") or an import."""

    final: Decimal
    form_id: str
    sample_type: str
    held_on: date
    panel_size: int
    third_party: bool
    seller_only: bool
    source: str = "panel"


@dataclass(frozen=True)
class EvidenceFact:
    """An attachment as the verdict sees it; `gps` only for photos checked against plots."""

    attachment_id: str
    kind: EvidenceKind
    is_image: bool
    target_type: TargetType
    gps: GpsCheck | None = None


@dataclass(frozen=True)
class LotRecord:
    lot: Lot
    events: tuple[CustodyEvent, ...] = ()  # the lot's own chain, amendments included
    inherited: tuple[CustodyEvent, ...] = ()  # effective events of ancestors before the split
    chain: ChainStatus | None = None
    attachments: tuple[EvidenceFact, ...] = ()
    scores: tuple[ScoreFact, ...] = ()


@dataclass(frozen=True)
class VerdictSettings:
    thresholds: SizeThresholds = DEFAULT_THRESHOLDS
    min_score: Decimal = Decimal(86)
    premium_ratio: Decimal = Decimal(2)
    balance: BalanceRules = field(default_factory=BalanceRules)
    photo_distance_m: int = 300


@dataclass(frozen=True)
class Verdict:
    hallmarks: tuple[Hallmark, ...]
    red_flags: tuple[Fact, ...]
    warnings: tuple[Fact, ...]
    traceability: Traceability

    @property
    def met_count(self) -> int:
        return sum(1 for h in self.hallmarks if h.status == "met")

    @property
    def overall(self) -> Overall:
        statuses = {h.status for h in self.hallmarks}
        if "not_met" in statuses:
            return Overall.FAILING
        if self.red_flags:
            return Overall.FLAGGED
        if "not_recorded" in statuses:
            return Overall.INCOMPLETE
        return Overall.GENUINE

    def hallmark(self, name: HallmarkName) -> Hallmark:
        return next(h for h in self.hallmarks if h.name is name)
