"""What the custody tab shows besides a lot's own events: the history it inherits from the lot
it was split from (the parent's events as corrected, up to the split), with the parent's code.
Reads only."""

from __future__ import annotations

from microlot_desk.domain.custody import CustodyEvent
from microlot_desk.errors import NotFound
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.custody_service import CustodyService


def inherited_events(
    lots: LotService, custody: CustodyService, lot_id: str
) -> tuple[tuple[CustodyEvent, str], ...]:
    """(event, code of the lot it was recorded on) for each inherited event, oldest first."""
    events = lots.verdicts.records.inherited(custody.events(lot_id))
    codes: dict[str, str] = {}
    found = []
    for event in events:
        if event.lot_id not in codes:
            try:
                codes[event.lot_id] = lots.get(event.lot_id).code
            except NotFound:
                codes[event.lot_id] = event.lot_id[:8]
        found.append((event, codes[event.lot_id]))
    return tuple(found)
