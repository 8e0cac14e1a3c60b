"""Keeping the stored verdict of each lot current: computed and written into the lot list on
every write that can change it, in the same transaction as that write, so the list can filter
100,000 lots by verdict without computing any.

Who calls `refresh` (explicitly, inside their own `OpenDatabase.write()`):
- LotService: a lot added or changed (many added at once: `refresh_new`);
- CustodyService: an event appended or amended, a split (parent and sub-lots), a merge;
- EvidenceService: a file attached to or removed from a lot, producer, plot or event;
- PlotService: a plot's location set (photo positions are checked against it);
- the cupping services: a sheet field of a revealed (or open) session, an exclusion or a
  restore, a reveal, a session's details, a CQI import (`refresh_new`);
- VerdictService: the thresholds changed (every lot), and lots never assessed (`pending`);
- station settings: a size threshold changed (every lot).

Recomputing every lot takes long on a large database: `refresh_every_lot` refuses the GUI thread
(services.common.thread_guard), reports its progress and stops on a cancel by raising Cancelled
inside the caller's transaction, so either every verdict is new or every one is as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from microlot_desk.domain.cupping.session_panel import SessionRecord
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.verdict import VerdictSettings
from microlot_desk.domain.verdict_rules import assess
from microlot_desk.errors import NotFound
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.common.verdict_settings import load_verdict_settings
from microlot_desk.services.lots.lot_records import FormsProvider, LotRecords, builtin_forms
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_list import LotList

EVERY_LOT_BATCH = 200  # lots between two progress reports (and chances to cancel)


class VerdictRefresher:
    def __init__(
        self,
        database: OpenDatabase,
        records: LotRecords | None = None,
        forms: FormsProvider = builtin_forms,
    ) -> None:
        self._database = database
        self.records = records or LotRecords(database, forms)
        self._list = LotList(database)

    def refresh(
        self, lot_ids: Iterable[str], *, lot: Lot | None = None, known: Sequence[Lot] = ()
    ) -> None:
        """Recompute and store the verdict of each lot (inside OpenDatabase.write()). `lot`,
        when given, is the just-written state of one of them, `known` of several (saves a
        read each)."""
        settings = load_verdict_settings(self._database)
        ids = list(dict.fromkeys(lot_ids))
        read = {found.id: found for found in known}
        if lot is not None:
            read[lot.id] = lot
        for start in range(0, len(ids), EVERY_LOT_BATCH):
            self._refresh_batch(ids[start : start + EVERY_LOT_BATCH], settings, read)

    def _refresh_batch(
        self, ids: list[str], settings: VerdictSettings, read: dict[str, Lot]
    ) -> None:
        """A batch's score histories are read together (each session loaded once), a batch
        at a time so that memory stays flat however many lots an import touched."""
        histories = self.records.histories(ids) if len(ids) > 1 else None
        for lot_id in ids:
            try:
                current = read.get(lot_id) or self.records.lot(lot_id)
            except NotFound:
                continue  # a tombstoned lot has no row in the list
            history = histories.get(lot_id, ()) if histories is not None else None
            verdict = assess(self.records.gather(current, settings, history).record, settings)
            self._list.write_verdict(lot_id, verdict.overall.value, verdict.met_count)

    def refresh_new(
        self, lots: Sequence[Lot], sessions: Sequence[SessionRecord] | None = None
    ) -> None:
        """Compute and store the verdicts of lots made in this transaction, in one pass (an
        import of thousands of rows: see LotRecords.gather_new, also for `sessions`)."""
        settings = load_verdict_settings(self._database)
        verdicts = []
        for record in self.records.gather_new(lots, sessions):
            verdict = assess(record, settings)
            verdicts.append((record.lot.id, verdict.overall.value, verdict.met_count))
        self._list.write_verdicts(verdicts)

    def refresh_cupping(
        self, repository: CuppingRepository, session_id: str, lot_ids: Iterable[str] = ()
    ) -> None:
        """After a change to a session's sheets or details: refresh its lots (only `lot_ids`
        when given). A blind session not yet revealed cannot change a verdict (its scores are
        left out until the reveal), so nothing is computed for it."""
        session = repository.session(session_id)
        if session.blind and not repository.reveals_of(session_id):
            return
        ids = list(lot_ids) or [s.lot_id for s in repository.samples_of(session_id)]
        self.refresh(ids)

    def pending(self, limit: int) -> list[str]:
        return self._list.unassessed(limit)

    def refresh_every_lot(self, progress: Progress | None = None) -> None:
        """Recompute every lot's stored verdict (inside OpenDatabase.write(), in a worker).
        Cancelled, raised between two batches, undoes it all with the caller's transaction."""
        require_worker_thread("recomputing every lot's verdict")
        progress = progress or Progress()
        ids = self._list.all_ids()
        for start in range(0, len(ids), EVERY_LOT_BATCH):
            progress.step(start, len(ids))
            self.refresh(ids[start : start + EVERY_LOT_BATCH])
        progress.step(len(ids), len(ids))  # a cancel at the very end still undoes it all
