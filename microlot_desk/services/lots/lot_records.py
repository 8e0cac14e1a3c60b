"""Gathering what the verdict judges: a lot, its custody events (and those it inherits from the
lot it was split from), the state of its hash chain, its evidence with each photo's position
checked against the plots, and its panel scores. Reading only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from microlot_desk.domain.cupping.session_panel import SessionRecord
from microlot_desk.domain.cupping.sessions import Affiliation
from microlot_desk.domain.custody import CustodyEvent, EventKind, effective_events
from microlot_desk.domain.custody_chain import ChainHead, ChainStatus, verify_chain
from microlot_desk.domain.evidence import Attachment, EvidenceKind, check_photo_position
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.verdict import EvidenceFact, LotRecord, ScoreFact, VerdictSettings
from microlot_desk.services.common.cupping_history import (
    ScoreHistoryEntry,
    history_of,
    lot_history,
    lots_history,
)
from microlot_desk.services.common.cupping_loader import SessionLoader
from microlot_desk.services.common.form_library import FormLibrary, load_form_library
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.custody_repository import CustodyRepository
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.evidence_repository import EvidenceRepository
from microlot_desk.storage.lot_repository import LotRepository

FormsProvider = Callable[[], FormLibrary]
MAX_ANCESTRY = 12
SELLER_SIDE = frozenset({Affiliation.PRODUCER, Affiliation.EXPORTER})


def builtin_forms() -> FormLibrary:
    return load_form_library()


@dataclass(frozen=True)
class Gathered:
    """A LotRecord and what was read on the way (the lot's own events and attachments), so a
    caller showing them does not read them twice."""

    record: LotRecord
    attachments: tuple[Attachment, ...]
    scores: tuple[ScoreHistoryEntry, ...]


def as_of_head(events: Sequence[CustodyEvent]) -> ChainHead | None:
    """The head of a chain that ends with the last of these events (None: no events)."""
    return ChainHead(len(events), events[-1].content_hash) if events else None


class LotRecords:
    def __init__(self, database: OpenDatabase, forms: FormsProvider = builtin_forms) -> None:
        self._database = database
        self._lots = LotRepository(database)
        self.custody = CustodyRepository(database)
        self.evidence = EvidenceRepository(database)
        self._cupping = CuppingRepository(database)
        self._forms = forms
        self._loader: SessionLoader | None = None

    def use_forms(self, forms: FormsProvider) -> None:
        """Score sessions on these forms (the workspace passes the lab's own templates too)."""
        self._forms = forms
        self._loader = None

    def chain(self, lot_id: str) -> ChainStatus:
        return verify_chain(self.custody.events_of(lot_id), self.custody.head(lot_id))

    def inherited(self, events: tuple[CustodyEvent, ...]) -> tuple[CustodyEvent, ...]:
        """The effective events of the ancestors up to the split that made this lot."""
        found: list[CustodyEvent] = []
        current = events
        for _ in range(MAX_ANCESTRY):
            origin = next(
                (e for e in current if e.kind is EventKind.SPLIT_FROM and e.related), None
            )
            if origin is None:
                break
            child_id = origin.lot_id
            parent_events = self.custody.events_of(origin.related[0].lot_id)
            split = next(
                (
                    e
                    for e in parent_events
                    if e.kind is EventKind.SPLIT and any(s.lot_id == child_id for s in e.related)
                ),
                None,
            )
            cut = split.seq if split else len(parent_events) + 1
            before = tuple(e for e in parent_events if e.seq < cut)
            found[:0] = effective_events(before)
            current = parent_events
        return tuple(found)

    def scores(self, lot_id: str) -> tuple[ScoreHistoryEntry, ...]:
        if not self._cupping.samples_of_lot(lot_id):
            return ()
        if self._loader is None:
            self._loader = SessionLoader(self._cupping, self._forms())
        return lot_history(self._cupping, self._loader, lot_id, skip_unknown_forms=True)

    def histories(self, lot_ids: Sequence[str]) -> dict[str, tuple[ScoreHistoryEntry, ...]]:
        """The score history of many lots at once, each session loaded once (a batch of
        verdicts to renew); lots never cupped are absent."""
        if self._loader is None:
            self._loader = SessionLoader(self._cupping, self._forms())
        return lots_history(self._cupping, self._loader, lot_ids, skip_unknown_forms=True)

    def gather(
        self,
        lot: Lot,
        settings: VerdictSettings,
        history: tuple[ScoreHistoryEntry, ...] | None = None,
        *,
        events_upto: int | None = None,
    ) -> Gathered:
        """Everything the verdict reads about the lot; `history`, when given, is its score
        history already read (histories). `events_upto` reads the lot as it stood after its
        first that many custody events (what a sheet printed then showed): later events and
        the evidence attached to them are left out."""
        events = self.custody.events_of(lot.id)
        attachments = self.evidence.of_lot(lot.id)
        if events_upto is None:
            chain = verify_chain(events, self.custody.head(lot.id))
        else:
            later = {e.id for e in events if e.seq > events_upto}
            events = tuple(e for e in events if e.seq <= events_upto)
            chain = verify_chain(events, as_of_head(events))
            attachments = tuple(
                a
                for a in attachments
                if not (a.target_type.value == "event" and a.target_id in later)
            )
        plots = [(p.id, p.geometry) for p in lot.plots]
        facts = []
        for attachment in attachments:
            gps = None
            if attachment.media_type.is_image and attachment.kind is EvidenceKind.PHOTO:
                candidates = plots
                if attachment.target_type.value == "plot":
                    candidates = [p for p in plots if p[0] == attachment.target_id] or plots
                gps = check_photo_position(attachment.gps, candidates, settings.photo_distance_m)
            facts.append(
                EvidenceFact(
                    attachment.id,
                    attachment.kind,
                    attachment.media_type.is_image,
                    attachment.target_type,
                    gps,
                )
            )
        if history is None:
            history = self.scores(lot.id)
        record = LotRecord(
            lot=lot,
            events=events,
            inherited=self.inherited(events),
            chain=chain,
            attachments=tuple(facts),
            scores=tuple(_score_fact(entry) for entry in history if entry.final is not None),
        )
        return Gathered(record, attachments, history)

    def gather_new(
        self, lots: Sequence[Lot], sessions: Sequence[SessionRecord] | None = None
    ) -> list[LotRecord]:
        """The records of lots made in the current transaction (an import, add_lots): a new
        lot has no custody events, ancestors or evidence yet, so only scores are read, all in
        one pass with each session loaded once. `sessions`, when given, are every session
        that scores these lots, as just written (an import): they are scored from memory."""
        if self._loader is None:
            self._loader = SessionLoader(self._cupping, self._forms())
        if sessions is None:
            history = lots_history(
                self._cupping, self._loader, [lot.id for lot in lots], skip_unknown_forms=True
            )
        else:
            history = history_of(self._loader.from_record(record) for record in sessions)
        no_chain = verify_chain((), None)
        return [
            LotRecord(
                lot=lot,
                chain=no_chain,
                scores=tuple(
                    _score_fact(entry)
                    for entry in history.get(lot.id, ())
                    if entry.final is not None
                ),
            )
            for lot in lots
        ]

    def lot(self, lot_id: str) -> Lot:
        return self._lots.get(lot_id)


def _score_fact(entry: ScoreHistoryEntry) -> ScoreFact:
    assert entry.final is not None
    seller_only = bool(entry.cuppers) and all(c.affiliation in SELLER_SIDE for c in entry.cuppers)
    return ScoreFact(
        final=entry.final,
        form_id=entry.form_id,
        sample_type=entry.sample_type.value,
        held_on=entry.held_on,
        panel_size=entry.panel_size,
        third_party=entry.third_party,
        seller_only=seller_only,
        source=entry.source,
    )
