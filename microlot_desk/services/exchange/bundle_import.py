"""Import a lot bundle: check it whole first, then merge it in one transaction.

1. The bundle's form, signature, sizes and hashes (export.bundles.bundle_reader), a trusted
   signer and evidence files this station accepts (services.exchange.bundle_check); nothing
   is written before they pass. Each record is held to the records schema as it is read.
2. One write transaction: the records merged table by table (services.exchange.bundle_merge),
   each lot's custody chain held to the head its sender signed, then what is derived from them
   renewed (varieties, list rows and search text, verdicts) and where each lot came from noted.
3. The evidence files it adds are written to the store before the commit, and removed again if
   anything fails, so a refused import leaves no file and no row behind.

A preview (`dry_run`) runs the same merge and rolls it back: what it reports is exactly what the
import would do.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from microlot_desk.clock import Clock, stamp
from microlot_desk.errors import BundleRefused
from microlot_desk.export.bundles.bundle_reader import OpenBundle, Sender, open_bundle
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.station import load_station
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.exchange.bundle_check import check_evidence_files, trusted_sender
from microlot_desk.services.exchange.bundle_merge import BundleMerger, MergeResult, TableCounts
from microlot_desk.services.lots.lot_records import FormsProvider, builtin_forms
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.services.provenance.evidence_service import evidence_root
from microlot_desk.storage.blob_store import BlobStore
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.exchange.merge_store import MergeStore
from microlot_desk.storage.lot_repository import LotRepository


@dataclass(frozen=True)
class ImportReport:
    path: Path
    sender: Sender
    trusted_as: str  # the name this station trusts the sender under
    dry_run: bool
    lot_codes: tuple[str, ...]
    tables: dict[str, TableCounts]
    files_added: int
    conflicts_open: int  # every open conflict here after the import, this one's and older

    @property
    def changed(self) -> bool:
        return self.files_added > 0 or any(c.changed for c in self.tables.values())

    @property
    def conflicts(self) -> int:
        """The conflicts this bundle's records met."""
        return sum(c.conflicts for c in self.tables.values())


class _Preview(Exception):
    """Raised inside the transaction to roll a preview back."""


def import_bundle(
    database: OpenDatabase,
    path: Path,
    *,
    clock: Clock,
    dry_run: bool = False,
    progress: Progress | None = None,
    forms: FormsProvider = builtin_forms,
) -> ImportReport:
    """Merge the bundle at `path` (or, `dry_run`, say what merging it would do); BundleRefused
    naming the first problem, with nothing written."""
    require_worker_thread("importing a bundle")
    progress = progress or Progress()
    store = BlobStore(evidence_root(database.path))
    written: list[Path] = []
    try:
        with open_bundle(path) as bundle:
            trusted, _own = trusted_sender(database, bundle.sender)
            if trusted is None:
                raise BundleRefused(
                    source=str(path), reason="untrusted", detail=bundle.sender.fingerprint
                )
            steps = len(bundle.tables) + len(bundle.evidence) + 1
            check_evidence_files(database, bundle, progress, start=0, steps=steps)
            result = _merge(database, bundle, store, written, clock, dry_run, forms, progress)
            codes = tuple(lot["code"] for lot in bundle.manifest["lots"])
    except BaseException:
        for created in written:
            created.unlink(missing_ok=True)
        raise
    return ImportReport(
        path=path,
        sender=bundle.sender,
        trusted_as=trusted.name,
        dry_run=dry_run,
        lot_codes=codes,
        tables=result.tables,
        files_added=len(result.new_evidence),
        conflicts_open=MergeStore(database).open_count(),
    )


def _merge(
    database: OpenDatabase,
    bundle: OpenBundle,
    store: BlobStore,
    written: list[Path],
    clock: Clock,
    dry_run: bool,
    forms: FormsProvider,
    progress: Progress,
) -> MergeResult:
    now = stamp(clock)
    merges = MergeStore(database)
    merger = BundleMerger(merges, bundle, now, load_station(database).station_id)
    with contextlib.suppress(_Preview), database.write():
        tables = bundle.tables
        steps = len(tables) + len(bundle.evidence) + 1
        for done, table in enumerate(tables, start=len(bundle.evidence)):
            progress.step(done, steps)
            merger.merge_table(table)
        result = merger.result
        if not dry_run:
            _add_evidence(bundle, store, result.new_evidence, written)
        _renew_derived(database, result, forms)
        sender, signed_at = bundle.sender, bundle.manifest["created_at"]
        merges.note_origins(
            (lot, sender.station, sender.fingerprint, signed_at, now) for lot in result.new_lots
        )
        progress.step(steps, steps)
        if dry_run:
            raise _Preview
    return merger.result


def _add_evidence(
    bundle: OpenBundle, store: BlobStore, hashes: list[str], written: list[Path]
) -> None:
    for sha256 in hashes:
        if store.exists(sha256):
            continue
        target = store.path(sha256)
        store.put(bundle.read_member(f"evidence/{sha256}"))
        written.append(target)


def _renew_derived(database: OpenDatabase, result: MergeResult, forms: FormsProvider) -> None:
    touched = sorted(result.touched_lots)
    if not touched:
        return
    live = LotRepository(database).rederive(touched)
    VerdictRefresher(database, forms=forms).refresh(touched, known=live)
