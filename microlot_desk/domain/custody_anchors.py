"""Anchors: where a lot's custody chain stood when a copy of it left the database.

Nothing inside one database file can tell a whole rewrite (every event rehashed, or removed with
its head) from the truth. So each printed provenance sheet shows the chain head it saw and
writes it down in a log beside the database, and every backup keeps the heads as they were
when it was taken. A chain only ever grows: the event at an anchor's count must still be there,
with the hash the anchor saw. `anchor_problem` says whether it is.

What this catches: events removed (with or without moving the head), a chain rewritten and
rehashed, a chain deleted with its head, after a sheet was printed or a backup taken. What it
cannot catch: a change made before the first sheet or backup, or by someone who also edits the
anchor log and every backup. Only a copy held elsewhere (the printed sheet in a buyer's hands, an
exported EPCIS file with its `mld:chainHead`) proves the chain then.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from microlot_desk.domain.custody_chain import ChainHead


class AnchorSource(StrEnum):
    SHEET = "sheet"  # a provenance sheet printed or saved
    BACKUP = "backup"  # a backup copy of the database


@dataclass(frozen=True)
class ChainAnchor:
    """A chain head seen outside the database: by a sheet (its file name) or a backup."""

    lot_id: str
    code: str
    head: ChainHead
    seen_at: str  # ISO 8601 UTC
    source: AnchorSource
    file: str  # the sheet's file name or the backup's path


def anchor_problem(anchor: ChainHead, count_now: int, hash_at_count: str | None) -> str | None:
    """None while the chain still holds what the anchor saw; else "removed" (fewer events now,
    or none at the anchor's place) or "rewritten" (the event there has another hash).
    `hash_at_count`: the stored hash of the lot's event number `anchor.count` today."""
    if anchor.count == 0:
        return None
    if hash_at_count is None or count_now < anchor.count:
        return "removed"
    if hash_at_count != anchor.head_hash:
        return "rewritten"
    return None
