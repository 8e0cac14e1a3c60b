"""The hash chain over a lot's custody events: tamper-evidence for append-only history.

Each event's `content_hash` is the SHA-256 of its canonical content (every field but the hash
itself, the previous event's hash included), written as compact JSON with sorted keys, UTF-8,
decimals and times as canonical text. `prev_hash` is the previous event's `content_hash` (64
zeros for the first). Changing any field of any event, removing or reordering events, or
removing the last event (checked against the chain head kept beside the chain) breaks the chain
at that event, and `verify_chain` says where and how.

What this proves, and what not: an edit made with a SQLite tool behind the app's back is found;
someone who recomputes every hash after editing is not, unless the head hash was written down
elsewhere before: printed on each provenance sheet and kept in every backup (see
domain.custody_anchors, which `db check` holds the chain to), exported with the EPCIS events as
`mld:chainHead`, and shown by `custody list`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from microlot_desk.domain.custody import GENESIS_HASH, CustodyEvent, Moment

HASH_VERSION = 1


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _moment(value: Moment | None) -> list[Any] | None:
    return None if value is None else [value.iso_utc(), value.offset_minutes]


def canonical_content(event: CustodyEvent) -> dict[str, Any]:
    """Every recorded field of the event except its own hash."""
    return {
        "v": HASH_VERSION,
        "id": event.id,
        "lot_id": event.lot_id,
        "seq": event.seq,
        "kind": event.kind.value,
        "stage": event.stage,
        "started": _moment(event.started),
        "ended": _moment(event.ended),
        "place": event.place,
        "responsible": event.responsible,
        "kg_in": _dec(event.kg_in),
        "form_in": event.form_in.value if event.form_in else None,
        "kg_out": _dec(event.kg_out),
        "form_out": event.form_out.value if event.form_out else None,
        "notes": event.notes,
        "amends_id": event.amends_id,
        "void": event.void,
        "related": [[s.lot_id, _dec(s.kg), s.code] for s in event.related],
        "unknown_origin_kg": _dec(event.unknown_origin_kg),
        "recorded_at": event.recorded_at,
        "recorded_by": event.recorded_by,
        "prev_hash": event.prev_hash,
    }


def content_hash(event: CustodyEvent) -> str:
    text = json.dumps(
        canonical_content(event), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    """Where the chain stood after the last append: how many events, and the last hash."""

    count: int
    head_hash: str


@dataclass(frozen=True)
class ChainProblem:
    """What is wrong at one place in the chain. Codes: content_changed (the event's fields no
    longer match its hash), link_broken (its prev_hash is not the previous event's hash),
    sequence_gap (an event is missing before this one), head_mismatch (events after the last
    one seen were removed, or the head was altered)."""

    code: str
    seq: int
    event_id: str = ""
    stage: str = ""


@dataclass(frozen=True)
class ChainStatus:
    count: int
    head_hash: str
    problems: tuple[ChainProblem, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(events: Iterable[CustodyEvent], head: ChainHead | None) -> ChainStatus:
    """Check a lot's events (any order; sorted by seq here) against their hashes and the head."""
    ordered = sorted(events, key=lambda e: e.seq)
    problems: list[ChainProblem] = []
    previous_hash = GENESIS_HASH
    expected_seq = 1
    for event in ordered:
        if event.seq != expected_seq:
            problems.append(ChainProblem("sequence_gap", event.seq, event.id, event.stage))
        if event.prev_hash != previous_hash:
            problems.append(ChainProblem("link_broken", event.seq, event.id, event.stage))
        if content_hash(event) != event.content_hash:
            problems.append(ChainProblem("content_changed", event.seq, event.id, event.stage))
        previous_hash = event.content_hash
        expected_seq = event.seq + 1
    last_hash = ordered[-1].content_hash if ordered else GENESIS_HASH
    found = ChainHead(len(ordered), last_hash)
    if head is not None and head != found:
        problems.append(ChainProblem("head_mismatch", head.count))
    if head is None and ordered:
        problems.append(ChainProblem("head_mismatch", 0))
    return ChainStatus(len(ordered), last_hash, tuple(problems))


def sealed(event: CustodyEvent) -> CustodyEvent:
    """The event with its content hash filled in."""
    return replace(event, content_hash=content_hash(event))
