"""Anchoring custody chains outside the database (domain.custody_anchors): a printed sheet
writes down the head it shows, and `db check` compares every lot's chain with what the sheets
printed and the newest readable backup saw.

A lot is reported once per kind of anchor (sheet, backup): for the newest anchor its chain no
longer holds, which is the copy whose reader would now be misled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.custody_anchors import AnchorSource, ChainAnchor, anchor_problem
from microlot_desk.domain.custody_chain import ChainHead
from microlot_desk.domain.lots import Lot
from microlot_desk.storage import backups
from microlot_desk.storage.custody_anchors import AnchorLog, anchor_log_path, heads_in_backup
from microlot_desk.storage.custody_repository import CustodyRepository
from microlot_desk.storage.database import OpenDatabase


@dataclass(frozen=True)
class AnchorFinding:
    """A chain that no longer holds what an anchor saw: problem is "removed" or "rewritten";
    count is the lot's highest event number today (0: no events left)."""

    anchor: ChainAnchor
    problem: str
    count: int


class ChainAnchors:
    def __init__(self, database: OpenDatabase, clock: Clock | None = None) -> None:
        self._database = database
        self._clock = clock or database.clock
        self._repo = CustodyRepository(database)
        self.log = AnchorLog(anchor_log_path(database.path))

    def head_of(self, lot_id: str) -> ChainHead | None:
        """Where the lot's own chain ends now (None: no events): what its sheet shows."""
        return self._repo.chain_end(lot_id)

    def record_sheet(self, lot: Lot, head: ChainHead | None, file_name: str) -> None:
        """Write down the head a sheet shows (before the sheet is written, so no sheet exists
        without its anchor). DiskFull or FolderReadOnly when the log cannot be written."""
        if head is None:
            return
        self.log.append(
            [ChainAnchor(lot.id, lot.code, head, stamp(self._clock), AnchorSource.SHEET, file_name)]
        )

    def missing_guards(self) -> list[str]:
        """The append-only triggers of custody events someone dropped (storage names them)."""
        return self._repo.missing_guards()

    def check(self, *, sheets: bool = True) -> list[AnchorFinding]:
        """Every lot whose chain no longer holds what an anchor saw; AnchorLogUnusable when
        the log is not a plain file (call again with sheets=False for the backups alone)."""
        last = self._repo.last_numbers()
        findings: list[AnchorFinding] = []
        sources = (self._sheet_anchors() if sheets else {}, self._backup_anchors())
        for anchors in sources:
            for lot_anchors in anchors.values():
                finding = self._newest_broken(lot_anchors, last)
                if finding is not None:
                    findings.append(finding)
        return sorted(findings, key=lambda f: (f.anchor.code, f.anchor.source.value))

    def _newest_broken(
        self, anchors: list[ChainAnchor], last: dict[str, int]
    ) -> AnchorFinding | None:
        seen: set[ChainHead] = set()
        for anchor in sorted(anchors, key=lambda a: a.seen_at, reverse=True):
            if anchor.head in seen:
                continue
            seen.add(anchor.head)
            count = last.get(anchor.lot_id, 0)
            hash_now = self._repo.hash_at(anchor.lot_id, anchor.head.count)
            problem = anchor_problem(anchor.head, count, hash_now)
            if problem is not None:
                return AnchorFinding(anchor, problem, count)
        return None

    def _sheet_anchors(self) -> dict[str, list[ChainAnchor]]:
        by_lot: dict[str, list[ChainAnchor]] = {}
        for anchor in self.log.read():
            by_lot.setdefault(anchor.lot_id, []).append(anchor)
        return by_lot

    def _backup_anchors(self) -> dict[str, list[ChainAnchor]]:
        """The heads in the newest backup that can be read (older ones only when it cannot)."""
        for backup in backups.list_backups(self._database.path):
            heads = heads_in_backup(backup.path, _utc(backup.taken_at))
            if heads is not None:
                return {anchor.lot_id: [anchor] for anchor in heads}
        return {}


def _utc(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")
