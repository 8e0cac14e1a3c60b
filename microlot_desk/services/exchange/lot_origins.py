"""Where a received lot came from: the station that signed the bundle it first arrived in, as
the lot screen, `lots show` and the provenance sheet say it ("recorded at <station>, signed
<fingerprint>")."""

from __future__ import annotations

from dataclasses import dataclass

from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.exchange.merge_store import MergeStore


@dataclass(frozen=True)
class LotOrigin:
    """The station that signed the bundle a lot first arrived in."""

    station: str
    fingerprint: str
    signed_at: str  # when that bundle was made (UTC)
    received_at: str


def lot_origin(database: OpenDatabase, lot_id: str) -> LotOrigin | None:
    """Where a received lot came from; None for a lot recorded here."""
    found = MergeStore(database).origin(lot_id)
    if found is None:
        return None
    return LotOrigin(
        found["station"], found["fingerprint"], found["signed_at"], found["received_at"]
    )
