"""The chain of custody of a lot: what happened to the coffee, where, when, by whom, and how
much went in and came out.

Custody history is append-only. A correction is a new event that `amends_id` an earlier one;
the history keeps both, and `effective_events` gives the events as corrected (the latest
amendment of each, voided ones left out). Each event carries the SHA-256 of the lot's previous
event and of its own canonical content (see custody_chain.py).

Times are kept as the UTC instant plus the local offset the person worked in (`Moment`), so a
drying log written at 06:30 in Nariño still reads 06:30 there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum


class CoffeeForm(StrEnum):
    CHERRY = "cherry"
    PARCHMENT = "parchment"
    GREEN = "green"


class EventKind(StrEnum):
    """A stage of processing or handling; or a lineage event: the lot was split into sub-lots
    (`split`, on the parent), a sub-lot began as part of a parent (`split_from`), or other
    coffee was mixed in (`merge`)."""

    STAGE = "stage"
    SPLIT = "split"
    SPLIT_FROM = "split_from"
    MERGE = "merge"


# The trade's stages, in the order coffee usually passes them (an editable list in settings).
DEFAULT_STAGES: tuple[str, ...] = (
    "picking",
    "reception",
    "depulping",
    "fermentation",
    "drying",
    "resting",
    "hulling",
    "sorting",
    "bagging",
    "warehouse",
    "export",
    "shipment",
    "arrival",
)

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Moment:
    """An instant in UTC and the offset (minutes east of UTC) of the place it happened."""

    utc: datetime
    offset_minutes: int = 0

    def local(self) -> datetime:
        return self.utc.astimezone(timezone(timedelta(minutes=self.offset_minutes)))

    def iso_utc(self) -> str:
        return self.utc.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class LotShare:
    """Another lot taking part in a lineage event, and how many kg of it."""

    lot_id: str
    kg: Decimal
    code: str = ""


@dataclass(frozen=True)
class CustodyEvent:
    id: str
    lot_id: str
    seq: int  # 1, 2, 3 … within the lot: the order events were recorded in
    kind: EventKind = EventKind.STAGE
    stage: str = ""
    started: Moment | None = None
    ended: Moment | None = None
    place: str = ""
    responsible: str = ""
    kg_in: Decimal | None = None
    form_in: CoffeeForm | None = None
    kg_out: Decimal | None = None
    form_out: CoffeeForm | None = None
    notes: str = ""
    amends_id: str | None = None
    void: bool = False  # an amendment that withdraws the event it amends
    related: tuple[LotShare, ...] = ()  # split: the sub-lots; split_from: the parent; merge
    unknown_origin_kg: Decimal | None = None  # merge: kg of coffee whose origin is not recorded
    recorded_at: str = ""
    recorded_by: str = ""
    prev_hash: str = GENESIS_HASH
    content_hash: str = ""

    @property
    def sort_key(self) -> tuple[datetime, int]:
        start = self.started.utc if self.started else datetime.max.replace(tzinfo=UTC)
        return start, self.seq


def superseded_ids(events: tuple[CustodyEvent, ...]) -> set[str]:
    """Ids of events that a later amendment replaces."""
    return {event.amends_id for event in events if event.amends_id}


def effective_events(events: tuple[CustodyEvent, ...]) -> tuple[CustodyEvent, ...]:
    """The history as corrected: each event replaced by its latest amendment, voided ones
    dropped, ordered by start time (then by recording order)."""
    replaced = superseded_ids(events)
    current = [e for e in events if e.id not in replaced and not e.void]
    return tuple(sorted(current, key=lambda e: e.sort_key))
