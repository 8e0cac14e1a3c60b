"""Lineage of a lot: where it was split from, what was mixed into it, and the traceability level
that follows (Rainforest Alliance vocabulary, DOMAIN.md §1).

- identity_preserved: no coffee was ever mixed in (a split keeps it: the sub-lots are the same
  coffee);
- segregated: mixed only with other recorded lots, every added kg accounted for by a lot of
  this database (kept apart from unknown coffee, but no longer one source);
- mass_balance: mixed with coffee whose origin is not recorded.
A micro-lot claim holds only as identity preserved; under EUDR, coffee of unknown origin makes
the whole lot non-compliant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from microlot_desk.domain.custody import CustodyEvent, EventKind, LotShare


class Traceability(StrEnum):
    IDENTITY_PRESERVED = "identity_preserved"
    SEGREGATED = "segregated"
    MASS_BALANCE = "mass_balance"


def traceability(events: Iterable[CustodyEvent]) -> Traceability:
    """The level the (effective, inherited included) events allow."""
    level = Traceability.IDENTITY_PRESERVED
    for event in events:
        if event.kind is not EventKind.MERGE:
            continue
        unknown = event.unknown_origin_kg is not None and event.unknown_origin_kg > 0
        if unknown or not event.related:
            return Traceability.MASS_BALANCE
        level = Traceability.SEGREGATED
    return level


@dataclass(frozen=True)
class Lineage:
    """A lot's place in the family: the parent it was split from (if any) and its sub-lots,
    and the lots mixed into it."""

    parent: LotShare | None
    children: tuple[LotShare, ...]
    merged_from: tuple[LotShare, ...]
    unknown_origin_kg: Decimal
    level: Traceability


def lineage(events: Iterable[CustodyEvent], inherited: Iterable[CustodyEvent] = ()) -> Lineage:
    own = list(events)
    parent = next((e.related[0] for e in own if e.kind is EventKind.SPLIT_FROM and e.related), None)
    children = tuple(s for e in own if e.kind is EventKind.SPLIT for s in e.related)
    merges = [e for e in own if e.kind is EventKind.MERGE]
    merged = tuple(s for e in merges for s in e.related)
    unknown = sum((e.unknown_origin_kg or Decimal(0) for e in merges), Decimal(0))
    return Lineage(parent, children, merged, unknown, traceability([*inherited, *own]))
