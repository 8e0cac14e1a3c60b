"""Merging a checked bundle's records into this database, table by table, inside the caller's
transaction: what is new is added, what changed on one side only is taken or kept, what changed
on both sides is kept as a conflict (storage.exchange.merge_store, domain.record_merge), and
custody events are appended to a lot's chain only where they continue it.

Nothing here commits; services.exchange.bundle_import owns the transaction, the evidence files
and what is derived from the records afterwards.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn

from microlot_desk.domain.custody_chain import ChainHead, verify_chain
from microlot_desk.domain.record_merge import (
    FieldConflict,
    Outcome,
    RowMerge,
    ancestor,
    covers,
    merge_record,
    vector_of,
)
from microlot_desk.errors import BundleRefused
from microlot_desk.export.bundles.bundle_reader import OpenBundle
from microlot_desk.storage.custody_repository import event_of
from microlot_desk.storage.exchange.merge_store import (
    APPEND_ONLY,
    KEYS,
    LOT_PLOTS,
    NOT_MERGED,
    PLOTS_FIELD,
    SEEN_FIELD,
    MergeStore,
    RecordRefused,
    plots_by_lot,
    record_key,
)

BATCH = 500  # records looked up and written together


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    conflicts: int = 0

    def add(self, outcome: Outcome) -> None:
        name = "conflicts" if outcome is Outcome.CONFLICT else outcome.value
        setattr(self, name, getattr(self, name) + 1)

    @property
    def changed(self) -> int:
        return self.new + self.updated


@dataclass
class MergeResult:
    tables: dict[str, TableCounts] = field(default_factory=dict)
    new_evidence: list[str] = field(default_factory=list)  # hashes of files to add
    conflicts_changed: int = 0  # conflicts recorded or refreshed
    touched_lots: set[str] = field(default_factory=set)  # lots whose derived rows need renewing
    new_lots: list[str] = field(default_factory=list)  # lots this station did not have

    def counts(self, table: str) -> TableCounts:
        return self.tables.setdefault(table, TableCounts())

    @property
    def changed(self) -> bool:
        return self.conflicts_changed > 0 or any(c.changed for c in self.tables.values())


class BundleMerger:
    def __init__(
        self, store: MergeStore, bundle: OpenBundle, found_at: str, station_id: str
    ) -> None:
        self._store = store
        self._me = station_id
        self._bundle = bundle
        self._found_at = found_at
        self._codes = {lot["id"]: lot["code"] for lot in bundle.manifest["lots"]}
        self._heads = {c["lot"]: c for c in bundle.manifest["chains"]}
        self.result = MergeResult()
        self._plots: dict[str, list[list[Any]]] | None = None  # the bundle's, read once
        self._all_touched = False  # every lot of the bundle is already noted as touched

    def merge_all(self, tables: Iterable[str]) -> MergeResult:
        for table in tables:
            self.merge_table(table)
        return self.result

    def merge_table(self, table: str) -> None:
        records = self._bundle.records(table)
        if table in NOT_MERGED:
            for _ in records:  # read (and so checked) all the same
                pass
        elif table == "custody_events":
            self._merge_custody(records)
        else:
            for batch in _batches(records):
                self._merge_batch(table, batch)

    # ---- versioned and append-only records -----------------------------------------------

    def _merge_batch(self, table: str, batch: list[dict[str, Any]]) -> None:
        keys = [record_key(table, row) for row in batch]
        mine = self._store.local_rows(table, keys)
        counts = self.result.counts(table)
        if table in APPEND_ONLY:
            for row in batch:
                row.pop(SEEN_FIELD, None)
            fresh = [row for key, row in zip(keys, batch, strict=True) if key not in mine]
            for key, row in zip(keys, batch, strict=True):
                # A file is its hash: the same file attached at two stations is one file,
                # whenever each first stored it.
                differs = key in mine and mine[key] != row and table != "evidence_files"
                if differs and self._conflict(table, key, "record", mine[key], row):
                    counts.add(Outcome.CONFLICT)
                else:
                    counts.add(Outcome.NEW if key not in mine else Outcome.UNCHANGED)
            self._write(table, fresh, [])
            if table == "evidence_files":
                self.result.new_evidence.extend(str(row["sha256"]) for row in fresh)
            return
        theirs_seen = [vector_of(row, self._their_seen(row)) for row in batch]
        if table == "lots":
            self._with_plots(batch, mine)
        held = [key for key in keys if key in mine]  # a record new here has neither
        stored_seen = self._store.seen(table, held) if held else {}
        states = self._store.states(table, held) if held else {}
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        seen: list[tuple[str, dict[str, str]]] = []
        kept: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        overtaken: list[str] = []  # records here whose every edit their copy holds
        for key, row, their_vector in zip(keys, batch, theirs_seen, strict=True):
            ours = mine.get(key)
            our_vector = vector_of(ours, stored_seen.get(key)) if ours else {}
            their_vector = self._credible(their_vector, states.get(key, []))
            base = ancestor(states.get(key, ()), our_vector, their_vector)
            merged = merge_record(ours, our_vector, row, their_vector, base, KEYS[table])
            outcome = merged.outcome
            if merged.conflicts:
                assert ours is not None  # a conflict needs a copy of ours
                still_open = [
                    self._conflict(table, key, c.field, ours, row, c, their_vector)
                    for c in merged.conflicts
                ]
                outcome = Outcome.CONFLICT if any(still_open) else Outcome.UNCHANGED
            elif ours is not None and covers(their_vector, our_vector):
                overtaken.append(key)
            counts.add(outcome)
            self._note(table, ours, merged, inserts, updates)
            # Kept even when the record's own stamp says the same: a local edit replaces
            # that stamp, and the other station's edit must still count as seen.
            seen.append((key, merged.seen))
            kept.append((key, dict(row), their_vector))
            if merged.row is not None and merged.outcome not in (Outcome.NEW, Outcome.CONFLICT):
                kept.append((key, dict(merged.row), merged.seen))  # a new record: theirs
        plots = {}
        if table == "lots":
            self._refuse_code_clashes(inserts + updates)
            plots = {str(row["id"]): row.pop(PLOTS_FIELD) for row in inserts + updates}
        self._write(table, inserts, updates)
        with self._refusing(LOT_PLOTS):
            for lot, lot_plots in plots.items():
                self._store.replace_lot_plots(lot, lot_plots)
        self._store.set_seen(table, seen)
        self._store.keep_states(table, kept)
        if overtaken:
            # Their copy holds a choice made at their station: the question is answered.
            self._store.close_conflicts_on(table, overtaken, "theirs", self._found_at)

    def _with_plots(self, batch: list[dict[str, Any]], mine: dict[str, dict[str, Any]]) -> None:
        """Give each lot, theirs and ours, its plots as one field, merged with the lot."""
        if self._plots is None:
            self._plots = plots_by_lot(self._bundle.records(LOT_PLOTS))
        for row in batch:
            row[PLOTS_FIELD] = self._plots.get(str(row["id"]), [])
        ours = self._store.lot_plots(row["id"] for row in mine.values())
        for row in mine.values():
            row[PLOTS_FIELD] = ours.get(str(row["id"]), [])

    def _their_seen(self, row: dict[str, Any]) -> dict[str, str] | None:
        return row.pop(SEEN_FIELD, None) or None

    def _credible(
        self, theirs: dict[str, str], states: list[tuple[dict[str, Any], dict[str, str]]]
    ) -> dict[str, str]:
        """Their vector, believed only as far as this station's own edits ever left it: a
        copy cannot have seen an edit of ours that no copy we sent or received held (a forged
        or broken `_seen` would otherwise pass our unsent edits off as seen, and overwrite
        them)."""
        claimed = theirs.get(self._me)
        if claimed is None:
            return theirs
        shown = max((vec.get(self._me, "") for _row, vec in states), default="")
        if claimed <= shown:
            return theirs
        believed = {s: at for s, at in theirs.items() if s != self._me}
        if shown:
            believed[self._me] = shown
        return believed

    def _note(
        self,
        table: str,
        mine: dict[str, Any] | None,
        merged: RowMerge,
        inserts: list[dict[str, Any]],
        updates: list[dict[str, Any]],
    ) -> None:
        if merged.row is None:
            return
        (inserts if mine is None else updates).append(merged.row)
        if table == "lots" and mine is None:
            self.result.new_lots.append(str(merged.row["id"]))
        self._touch(table, merged.row)

    def _touch(self, table: str, row: dict[str, Any]) -> None:
        """Note the lots whose list row, verdict or varieties this change can alter."""
        if table == "lots":
            self.result.touched_lots.add(str(row["id"]))
        elif not self._all_touched:
            # A producer's name, a plot, a sheet: any of the bundle's lots may show it.
            self.result.touched_lots.update(self._codes)
            self._all_touched = True

    def _write(
        self, table: str, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]
    ) -> None:
        with self._refusing(table):
            self._store.insert(table, inserts)
            self._store.update(table, updates)

    @contextlib.contextmanager
    def _refusing(self, table: str) -> Iterator[None]:
        """A record this database's rules refuse refuses the bundle, naming its member."""
        try:
            yield
        except RecordRefused as error:
            raise BundleRefused(
                source=self._bundle.source,
                reason="not_applicable",
                member=f"records/{table}.jsonl",
                detail=str(error),
            ) from None

    def _refuse_code_clashes(self, rows: list[dict[str, Any]]) -> None:
        """A lot code that is another live lot's here is the user's to settle, never ours."""
        for row in rows:
            if row.get("deleted_at") is not None:
                continue
            taken = self._store.live_lot_with_code(str(row["code"]), str(row["id"]))
            if taken:
                raise BundleRefused(
                    source=self._bundle.source, reason="code_clash", detail=str(row["code"])
                )

    # ---- custody chains --------------------------------------------------------------------

    def _merge_custody(self, records: Iterator[dict[str, Any]]) -> None:
        counts = self.result.counts("custody_events")
        seen: set[str] = set()
        for lot, rows in itertools.groupby(records, key=lambda r: str(r["lot_id"])):
            if lot in seen:
                self._chain_refused(lot)  # a lot's events come together, in order
            seen.add(lot)
            incoming = list(rows)
            self._check_chain(lot, incoming)
            ours = self._store.chain_hashes(lot)
            theirs = [str(r["content_hash"]) for r in incoming]
            common = min(len(ours), len(theirs))
            if ours[:common] != theirs[:common]:
                still_open = self._conflict(
                    "custody_events",
                    json.dumps([lot]),
                    "chain",
                    {"lot_id": lot, "events": len(ours), "head": ours[-1]},
                    {"lot_id": lot, "events": len(theirs), "head": theirs[-1]},
                )
                counts.add(Outcome.CONFLICT if still_open else Outcome.UNCHANGED)
                continue
            added = incoming[len(ours) :]
            for _ in range(common):
                counts.add(Outcome.UNCHANGED)
            for _ in added:
                counts.add(Outcome.NEW)
            if added:
                self._write("custody_events", added, [])
                self._store.move_chain_head(lot, added[-1])
                self.result.touched_lots.add(lot)
        if set(self._heads) - seen:
            self._chain_refused(sorted(set(self._heads) - seen)[0])

    def _check_chain(self, lot: str, rows: list[dict[str, Any]]) -> None:
        signed = self._heads.get(lot)
        if signed is None:
            self._chain_refused(lot)
        try:
            events = [event_of(row) for row in rows]
        except (ValueError, KeyError, TypeError):
            self._chain_refused(lot)
        status = verify_chain(events, ChainHead(int(signed["events"]), str(signed["head"])))
        if not status.intact:
            self._chain_refused(lot)

    def _chain_refused(self, lot: str) -> NoReturn:
        raise BundleRefused(
            source=self._bundle.source,
            reason="chain_broken",
            member="records/custody_events.jsonl",
            detail=self._codes.get(lot, lot),
        )

    # ---- conflicts -------------------------------------------------------------------------

    def _conflict(
        self,
        table: str,
        key: str,
        name: str,
        mine: dict[str, Any],
        theirs: dict[str, Any],
        values: FieldConflict | None = None,
        their_vector: dict[str, str] | None = None,
    ) -> bool:
        """Keep the conflict for the user; False when the user already settled it (the same
        values, chosen before: not raised again)."""
        sender = self._bundle.sender
        status = self._store.keep_conflict(
            {
                "id": str(uuid.uuid4()),
                "table_name": table,
                "record_key": key,
                "field": name,
                "label": self._label(table, mine),
                "mine": _json(values.mine if values else mine),
                "theirs": _json(values.theirs if values else theirs),
                "theirs_seen": _json(their_vector or {}),
                "station": sender.station,
                "fingerprint": sender.fingerprint,
                "found_at": self._found_at,
                "resolved_at": None,
                "kept": None,
            }
        )
        if status in ("new", "refreshed"):
            self.result.conflicts_changed += 1
        return status != "settled"

    def _label(self, table: str, row: dict[str, Any]) -> str:
        """How a person knows the record: a lot's code, a name, a title, else its table."""
        lot = row.get("lot_id") if table != "lots" else row.get("id")
        if table == "lots" or (lot and table == "custody_events"):
            return f"lot {self._codes.get(str(lot), row.get('code') or lot)}"
        for name in ("name", "title"):
            if row.get(name):
                return f"{table.removesuffix('s')} {row[name]}"
        return table.replace("_", " ")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _batches(records: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while batch := list(itertools.islice(records, BATCH)):
        yield batch
