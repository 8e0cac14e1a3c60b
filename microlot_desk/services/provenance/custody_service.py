"""The chain of custody of a lot: recording events, correcting them by amendment, checking the
hash chain, the mass balance, and the stage list. Each public method that writes is one
transaction, and the lot's stored verdict is refreshed inside it.

Event fields (`raw` mappings, strings from the GUI or JSON values): stage (one of `stages()`),
started, ended (ISO 8601 with offset, or with `utc_offset`, or a date), place, responsible,
kg_in, form_in, kg_out, form_out (cherry, parchment, green), notes; for amend() also void.
Lineage (split, merge) is in LineageService (services/provenance/lineage_service.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.custody import (
    GENESIS_HASH,
    CustodyEvent,
    EventKind,
    LotShare,
    effective_events,
)
from microlot_desk.domain.custody_chain import ChainStatus, canonical_content, sealed
from microlot_desk.domain.custody_fields import check_event, parse_event_fields
from microlot_desk.domain.lot_changes import new_id
from microlot_desk.domain.mass_balance import Finding, blend_signals, gaps, yield_warnings
from microlot_desk.errors import FieldError, ValidationFailed
from microlot_desk.services.common.verdict_settings import (
    STAGES_KEY,
    load_stages,
    load_verdict_settings,
    parse_stages,
)
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.custody_repository import CustodyRepository
from microlot_desk.storage.settings_repository import SettingsRepository

MAX_FAMILY = 500
_EDITABLE = (
    "stage",
    "started",
    "ended",
    "place",
    "responsible",
    "kg_in",
    "form_in",
    "kg_out",
    "form_out",
    "notes",
)


@dataclasses.dataclass(frozen=True)
class HistoryLine:
    """One event as the custody tab lists it: the event, the ids of later versions that
    correct it (empty when it stands), and whether it is the version in force."""

    event: CustodyEvent
    amended_by: tuple[str, ...]
    in_force: bool


@dataclasses.dataclass(frozen=True)
class BalanceReport:
    """Mass through the mill for the lot's effective events: blend signals, yields out of
    range (data-entry warnings) and gaps between stages, as findings (code + values)."""

    blend_signals: tuple[Finding, ...]
    yield_warnings: tuple[Finding, ...]
    gaps: tuple[Finding, ...]


class CustodyService:
    def __init__(self, lots: LotService, clock: Clock | None = None) -> None:
        self._lots = lots
        self._database = lots.database
        self._repo = CustodyRepository(self._database)
        self._clock = clock or lots.clock

    # ---- reading -------------------------------------------------------------------------

    def stages(self) -> tuple[str, ...]:
        """The stage list (settings; DOMAIN's thirteen stages by default)."""
        return load_stages(self._database)

    def events(self, lot_id: str) -> tuple[CustodyEvent, ...]:
        """Every event of the lot in recording order, amendments and voids included."""
        return self._repo.events_of(lot_id)

    def history(self, lot_id: str) -> tuple[HistoryLine, ...]:
        """The custody tab: every event, each with the later versions that amend it."""
        events = self._repo.events_of(lot_id)
        current = {e.id for e in effective_events(events)}
        amended: dict[str, list[str]] = {}
        for event in events:
            if event.amends_id:
                amended.setdefault(event.amends_id, []).append(event.id)
        return tuple(HistoryLine(e, tuple(amended.get(e.id, ())), e.id in current) for e in events)

    def effective(self, lot_id: str) -> tuple[CustodyEvent, ...]:
        """The events as corrected, ordered by start time (what the sheet and EPCIS show)."""
        return effective_events(self._repo.events_of(lot_id))

    def lots_with_chains(self) -> list[tuple[str, str]]:
        """(lot id, code) of every lot that has custody events, for `db check`."""
        found = []
        for lot_id in self._repo.lots_with_events():
            code = self._repo.code_of(lot_id)
            found.append((lot_id, code))
        return found

    def chain_status(self, lot_id: str) -> ChainStatus:
        """Whether the lot's hash chain is intact, and where it breaks if not."""
        return self._lots.verdicts.records.chain(lot_id)

    def balance(self, lot_id: str) -> BalanceReport:
        settings = load_verdict_settings(self._database).balance
        records = self._lots.verdicts.records
        events = self._repo.events_of(lot_id)
        chain = (*records.inherited(events), *effective_events(events))
        return BalanceReport(
            tuple(blend_signals(chain, settings)),
            tuple(yield_warnings(chain, settings)),
            tuple(gaps(chain, settings)),
        )

    # ---- writing -------------------------------------------------------------------------

    def add_event(self, lot_id: str, raw: Mapping[str, Any]) -> CustodyEvent:
        """Record a stage of the lot (stage required). ValidationFailed names every bad field;
        NotFound for an unknown lot."""
        values = self._parse(raw, require_stage=True, allow_void=False)
        with self._database.write():
            self._lots.get(lot_id)
            return self._append(lot_id, EventKind.STAGE, values)

    def add_events(self, lot_id: str, items: Sequence[Mapping[str, Any]]) -> list[CustodyEvent]:
        """Several stages in ONE transaction (an import of a paper log): all or none; a
        refusal names the row (1 = first item)."""
        parsed = []
        for row, raw in enumerate(items, start=1):
            try:
                parsed.append(self._parse(raw, require_stage=True, allow_void=False))
            except ValidationFailed as refused:
                raise ValidationFailed(refused.errors, row=row) from None
        with self._database.write():
            self._lots.get(lot_id)
            return [self._append(lot_id, EventKind.STAGE, values) for values in parsed]

    def amend(self, event_id: str, raw: Mapping[str, Any]) -> CustodyEvent:
        """Correct an event: a new event with the earlier one's fields, the given ones
        changed, pointing back to it (both stay in the history). `void: true` withdraws it."""
        values = self._parse(raw, require_stage=False, allow_void=True)
        with self._database.write():
            earlier = self._repo.event(event_id)
            merged = {key: getattr(earlier, key) for key in _EDITABLE}
            merged.update(values)
            problems = check_event(merged)
            if problems:
                raise ValidationFailed(problems)
            merged["amends_id"] = earlier.id
            merged["related"] = earlier.related
            merged["unknown_origin_kg"] = earlier.unknown_origin_kg
            return self._append(earlier.lot_id, earlier.kind, merged)

    def set_stages(self, stages: Sequence[object]) -> tuple[str, ...]:
        """Replace the editable stage list (events already recorded keep their stage)."""
        parsed = parse_stages(stages)
        with self._database.write():
            SettingsRepository(self._database).set(STAGES_KEY, json.dumps(list(parsed)))
        return parsed

    # ---- inside a transaction ------------------------------------------------------------

    def _parse(
        self, raw: Mapping[str, Any], *, require_stage: bool, allow_void: bool
    ) -> dict[str, Any]:
        values, errors = parse_event_fields(raw, self.stages())
        if require_stage and not values.get("stage") and all(e.field != "stage" for e in errors):
            errors.append(FieldError("stage", "required"))
        if "void" in values and not allow_void:
            errors.append(FieldError("void", "unknown_field"))
        if not allow_void:  # an amendment is checked once merged with the event it corrects
            errors += check_event(values)
        if errors:
            raise ValidationFailed(errors)
        return values

    def append_event(self, lot_id: str, kind: EventKind, values: Mapping[str, Any]) -> CustodyEvent:
        """Seal and append one event (inside OpenDatabase.write()); refreshes the verdict."""
        return self._append(lot_id, kind, values)

    def _append(self, lot_id: str, kind: EventKind, values: Mapping[str, Any]) -> CustodyEvent:
        head = self._repo.head(lot_id)
        seq = (head.count if head else 0) + 1
        event = CustodyEvent(
            id=new_id(),
            lot_id=lot_id,
            seq=seq,
            kind=kind,
            stage=values.get("stage") or "",
            started=values.get("started"),
            ended=values.get("ended"),
            place=values.get("place") or "",
            responsible=values.get("responsible") or "",
            kg_in=values.get("kg_in"),
            form_in=values.get("form_in"),
            kg_out=values.get("kg_out"),
            form_out=values.get("form_out"),
            notes=values.get("notes") or "",
            amends_id=values.get("amends_id"),
            void=bool(values.get("void")),
            related=tuple(values.get("related") or ()),
            unknown_origin_kg=values.get("unknown_origin_kg"),
            recorded_at=stamp(self._clock),
            recorded_by=self._lots.station.station_id,
            prev_hash=head.head_hash if head else GENESIS_HASH,
        )
        event = sealed(event)
        self._repo.append(event)
        self._lots.verdicts.refresh([*self._family(lot_id), *(s.lot_id for s in event.related)])
        return event

    def _family(self, lot_id: str) -> list[str]:
        """The lot and every sub-lot split from it (they inherit its history)."""
        found, queue = [lot_id], [lot_id]
        while queue and len(found) < MAX_FAMILY:
            for event in self._repo.events_of(queue.pop()):
                if event.kind is EventKind.SPLIT:
                    fresh = [s.lot_id for s in event.related if s.lot_id not in found]
                    found += fresh
                    queue += fresh
        return found


def event_content(event: CustodyEvent) -> dict[str, Any]:
    """The canonical content that the event's hash covers (for export and display)."""
    return canonical_content(event)


__all__ = ["BalanceReport", "CustodyService", "HistoryLine", "LotShare", "event_content"]
