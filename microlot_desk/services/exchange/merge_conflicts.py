"""The conflicts bundle imports left: a field both stations changed since they last agreed.

Until the user settles one, this station's value stays. Keeping theirs writes their value as a
new edit made here (so it reaches the other side as the later version); keeping mine marks their
value as seen (also as an edit made here), so the same bundle imported again does not raise it
again and the other station, given ours, takes it. A conflict over
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
        if keep == "theirs":
            lots = store.lots_of(conflict.table, json.loads(key))
            LotRepository(database).rederive(lots)
            VerdictRefresher(database, forms=forms).refresh(lots)
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
    """Write the chosen value as an edit made here now, having seen their edit: sent on, it
    is the later version on both sides, so the other station takes it without asking again."""
    identity = json.loads(key)
    current = store.local_rows(conflict.table, [key]).get(key)
    if current is None:
        return
    me = load_station(database).station_id
    our_vector = vector_of(current, store.seen(conflict.table, [key]).get(key))
    if conflict.field == PLOTS_FIELD:
        if keep == "theirs":
            store.replace_lot_plots(identity[0], conflict.theirs)
        row = dict(zip(KEYS[conflict.table], identity, strict=True))
    else:
        row = dict(zip(KEYS[conflict.table], identity, strict=True))
        row[conflict.field] = conflict.theirs if keep == "theirs" else conflict.mine
    row["updated_at"] = now
    row["updated_by"] = me
    store.update(conflict.table, [row])
    store.set_seen(conflict.table, [(key, joined(our_vector, their_vector))])
