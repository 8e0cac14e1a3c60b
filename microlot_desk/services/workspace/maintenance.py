"""Keeping the database file healthy: checks, backups and restores."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from microlot_desk.clock import Clock
from microlot_desk.errors import AnchorLogUnusable, KnownError
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.storage import backups
from microlot_desk.storage.database import (
    OpenDatabase,
    damaged_file,
    integrity_report,
)
from microlot_desk.storage.restore import restore_backup

if TYPE_CHECKING:
    from microlot_desk.services.provenance.chain_anchors import AnchorFinding, ChainAnchors
    from microlot_desk.services.provenance.custody_service import CustodyService
    from microlot_desk.services.provenance.evidence_service import EvidenceService

BackupFile = backups.BackupFile


def check(database: OpenDatabase) -> list[str]:
    """["ok"] when sound; otherwise one line per problem found."""
    return integrity_report(database)


def damaged(database_path: Path, error: Exception) -> KnownError:
    """The damaged-file refusal (naming the backup to restore) for SQLite's own complaint."""
    return damaged_file(database_path, str(error))


def refuse_if_damaged(database: OpenDatabase, problems: list[str]) -> None:
    """Raise the damaged-file refusal (with the backup to restore) for a check that failed."""
    if problems != ["ok"]:
        raise damaged_file(database.path, "; ".join(problems))


def backup_now(database: OpenDatabase, reason: str = "manual") -> Path:
    return backups.take_backup(database.conn, database.path, reason, clock=database.clock)


def backup_separately(database_path: Path, reason: str, *, clock: Clock) -> Path:
    """A backup through a connection of its own (callable from a worker thread)."""
    require_worker_thread("taking a backup")
    return backups.take_backup_separately(database_path, reason, clock=clock)


def rolling_backup(database_path: Path, *, clock: Clock) -> Path:
    """The periodic backup taken while working, through its own connection (callable from a
    worker thread); old ones are thinned out afterwards."""
    require_worker_thread("taking a rolling backup")
    path = backups.take_backup_separately(database_path, "rolling", clock=clock)
    backups.prune_rolling(database_path)
    return path


def list_backups(database_path: Path) -> list[BackupFile]:
    return backups.list_backups(database_path)


def restore(database_path: Path, backup: Path, *, clock: Clock) -> Path | None:
    return restore_backup(database_path, backup, clock=clock)


@dataclass(frozen=True)
class RecordProblem:
    """One problem `db check` found in the records: a code and its values, never a sentence.

    custody_<problem> (content_changed, link_broken, sequence_gap, head_mismatch): lot, code,
    seq, stage, event; custody_<removed|rewritten|deleted>_since_<sheet|backup>: lot, seen (when the
    sheet was printed or the backup taken), file, seen_count, head (what it saw), count (the
    highest event number now); custody_anchor_log_unusable: path, detail;
    custody_guard_missing: trigger; evidence_missing /
    evidence_damaged: sha256; evidence_stray (a file in the evidence store that no row names):
    path."""

    code: str
    values: dict[str, str]


def check_records(
    custody: CustodyService, evidence: EvidenceService, anchors: ChainAnchors
) -> list[RecordProblem]:
    """Every lot's custody hash chain, then each chain against the heads printed sheets and the
    newest backup saw (services.provenance.chain_anchors), every stored evidence file a row
    names against its hash, and every file in the evidence store that no row names (derived
    thumbnails and the temporary files of a write are not listed; see storage/evidence_strays)."""
    problems: list[RecordProblem] = []
    lots = custody.lots_with_chains()
    for lot_id, code in lots:
        status = custody.chain_status(lot_id)
        for found in status.problems:
            problems.append(
                RecordProblem(
                    f"custody_{found.code}",
                    {
                        "lot": code or lot_id,
                        "seq": str(found.seq),
                        "stage": found.stage,
                        "event": found.event_id,
                    },
                )
            )
    for trigger in anchors.missing_guards():
        problems.append(RecordProblem("custody_guard_missing", {"trigger": trigger}))
    try:
        findings = anchors.check()
    except AnchorLogUnusable as error:
        problems.append(
            RecordProblem(
                "custody_anchor_log_unusable", {k: str(v) for k, v in error.params.items()}
            )
        )
        findings = anchors.check(sheets=False)
    for finding in findings:
        seen = finding.anchor
        problems.append(
            RecordProblem(
                f"custody_{_kind(finding)}_since_{seen.source.value}",
                {
                    "lot": seen.code or seen.lot_id,
                    "seen": _when(seen.seen_at),
                    "file": seen.file,
                    "seen_count": str(seen.head.count),
                    "head": seen.head.head_hash[:16],
                    "count": str(finding.count),
                },
            )
        )
    for stored in evidence.verify_store():
        problems.append(RecordProblem(f"evidence_{stored.state}", {"sha256": stored.sha256}))
    for path in evidence.stray_files():
        problems.append(RecordProblem("evidence_stray", {"path": str(path)}))
    return problems


def _when(iso: str) -> str:
    """ "2026-12-07 16:40 UTC" for a stored UTC time (as the backups list shows times)."""
    return f"{iso[:10]} {iso[11:16]} UTC" if len(iso) >= 16 else iso


def _kind(finding: AnchorFinding) -> str:
    """removed, rewritten, or deleted (no event of the lot is left)."""
    return "deleted" if finding.problem == "removed" and finding.count == 0 else finding.problem
