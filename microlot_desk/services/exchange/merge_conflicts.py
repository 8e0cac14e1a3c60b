"""The conflicts bundle imports left: a field both stations changed since they last agreed.

Until the user settles one, this station's value stays. Either choice is an edit made here
(keeping theirs writes their value; keeping mine keeps what is here now), and the values chosen
between are remembered, so the same bundle imported again does not raise them again. Once no
conflict is left open on a record, it counts the other station's edits as seen: sent back, it
is the later version there and the other station's own open question closes. A conflict over
history (custody events, reveals, exclusions, evidence) can only be settled by keeping mine:
history is never replaced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.record_merge import joined, vector_of
from microlot_desk.errors import HistoryKept, NotFound
from microlot_desk.services.common.station import load_station
from microlot_desk.services.lots.lot_records import FormsProvider, builtin_forms
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.exchange.merge_store import (
    APPEND_ONLY,
    KEYS,
    PLOTS_FIELD,
    MergeStore,
)
from microlot_desk.storage.lot_repository import LotRepository

KEEP = ("mine", "theirs")


@dataclass(frozen=True)
class Conflict:
    id: str
    label: str  # "lot GT-2026-004", "producer Finca El Injerto", ...
    table: str
    field: str
    mine: Any
    theirs: Any
    station: str  # the station whose bundle brought theirs
    fingerprint: str
    found_at: str

    @property
    def history(self) -> bool:
        return self.table in APPEND_ONLY or self.table == "custody_events"


def _conflict(row: dict[str, Any]) -> Conflict:
    return Conflict(
        id=row["id"],
        label=row["label"],
        table=row["table_name"],
        field=row["field"],
        mine=json.loads(row["mine"]),
        theirs=json.loads(row["theirs"]),
        station=row["station"],
        fingerprint=row["fingerprint"],
        found_at=row["found_at"],
    )


def open_conflicts(database: OpenDatabase) -> list[Conflict]:
    return [_conflict(row) for row in MergeStore(database).open_conflicts()]


def resolve_conflict(
    database: OpenDatabase,
    conflict_id: str,
    keep: str,
    *,
    clock: Clock,
    forms: FormsProvider = builtin_forms,
) -> Conflict:
    """Settle an open conflict (`keep` "mine" or "theirs"); NotFound for an unknown or settled
    one, HistoryKept for keeping theirs of recorded history."""
    if keep not in KEEP:
        raise ValueError(keep)
    store = MergeStore(database)
    row = store.conflict(conflict_id)
    if row is None or row["resolved_at"] is not None:
        raise NotFound(kind="open conflict", key=conflict_id)
    conflict = _conflict(row)
    if keep == "theirs" and conflict.history:
        raise HistoryKept(label=conflict.label)
    now = stamp(clock)
    with database.write():
        key = row["record_key"]
        if not conflict.history:
            _settle(database, store, conflict, key, keep, json.loads(row["theirs_seen"]), now)
            lots = store.lots_of(conflict.table, json.loads(key))
            live = LotRepository(database).rederive(lots)
            VerdictRefresher(database, forms=forms).refresh(lots, known=live)
        store.close_conflict(conflict.id, keep, now)
    return conflict


def _settle(
    database: OpenDatabase,
    store: MergeStore,
    conflict: Conflict,
    key: str,
    keep: str,
    their_vector: dict[str, str],
    now: str,
) -> None:
    """The choice, as an edit made here now: theirs writes their value, mine keeps what is
    here now (edited since, perhaps). Once no other conflict is open on the record, it counts
    their edits as seen, so the other station, given ours, takes it whole and its own open
    question closes; until then the record still shows them a conflict of their own."""
    identity = json.loads(key)
    current = store.local_rows(conflict.table, [key]).get(key)
    if current is None:
        return
    row = dict(zip(KEYS[conflict.table], identity, strict=True))
    if keep == "theirs":
        if conflict.field == PLOTS_FIELD:
            store.replace_lot_plots(identity[0], conflict.theirs)
        else:
            row[conflict.field] = conflict.theirs
    row["updated_at"] = now
    row["updated_by"] = load_station(database).station_id
    store.update(conflict.table, [row])
    our_vector = vector_of(current, store.seen(conflict.table, [key]).get(key))
    others_open = [c for c in store.open_on(conflict.table, key) if c != conflict.id]
    seen = our_vector if others_open else joined(our_vector, their_vector)
    store.set_seen(conflict.table, [(key, seen)])
