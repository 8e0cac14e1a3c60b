"""Export lots as a signed bundle (`.mlot`, export.bundles): the chosen lots with everything
that hangs off them (storage.exchange.bundle_rows), the evidence files themselves by content
hash, each lot's custody chain head, all listed in a manifest this station signs with its key.

One read transaction, so the bundle is one consistent moment of the database even while the
app writes; the file appears whole or not at all. Once it is written, each record it carries is
remembered as agreed with the receiver (storage.exchange.merge_store), so that when their
changes come back a merge can tell theirs from ours; a read-only database skips that, and a
later merge then sees every difference as a conflict rather than guessing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from microlot_desk import __version__
from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.record_merge import vector_of
from microlot_desk.errors import NotFound
from microlot_desk.export.bundles.bundle_writer import BundleWriter, writing_bundle
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.station import load_station
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.exchange.station_identity import station_identity
from microlot_desk.services.provenance.evidence_service import EvidenceUnavailable, evidence_root
from microlot_desk.storage.blob_store import BlobStore
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.exchange.bundle_rows import (
    TABLES,
    bundle_rows,
    chain_heads,
    lot_codes,
    lot_ids,
    one_moment,
)
from microlot_desk.storage.exchange.merge_store import (
    LOT_PLOTS,
    PLOTS_FIELD,
    SEEN_FIELD,
    VERSIONED,
    MergeStore,
    plots_by_lot,
    record_key,
)
from microlot_desk.storage.station_key import key_path, load_or_create_key
from microlot_desk.user_files import open_user_file

MAX_EVIDENCE_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class ExportedBundle:
    path: Path
    lots: int
    records: dict[str, int]  # per table
    evidence_files: int
    kept_copies: bool = True  # the copies sent were noted as merge ancestors (not read-only)


def export_bundle(
    database: OpenDatabase,
    codes: list[str] | None,
    target: Path,
    *,
    clock: Clock,
    progress: Progress | None = None,
) -> ExportedBundle:
    """Write the bundle of the lots with these codes (every lot for None) to `target`."""
    require_worker_thread("exporting a bundle")
    progress = progress or Progress()
    me = station_identity(database)
    station_id = load_station(database).station_id
    key = load_or_create_key(key_path(database.path.parent))
    store = BlobStore(evidence_root(database.path))
    with one_moment(database):
        ids = lot_ids(database, codes)
        if codes is not None and len(ids) < len(set(codes)):
            found = {r["code"] for r in lot_codes(database, ids)}
            missing = next(c for c in codes if c not in found)
            raise NotFound(kind="lot", key=missing)
        listed = lot_codes(database, ids)
        heads = chain_heads(database, ids)
        counts: dict[str, int] = {}
        hashes: list[str] = []
        merges = MergeStore(database)
        sent: dict[str, list[Sent]] = {}
        plot_rows: list[dict[str, Any]] = []

        def header() -> dict[str, object]:
            return {
                "kind": "lots",
                "app_version": __version__,
                "created_at": stamp(clock),
                "sender": {
                    "station": me.name,
                    "fingerprint": me.fingerprint,
                    "public_key": me.public_key.hex(),
                },
                "lots": [{"id": r["id"], "code": r["code"]} for r in listed],
                "chains": heads,
            }

        with writing_bundle(target, header, key.sign) as writer:
            steps = len(TABLES) + 1
            for done, table in enumerate(TABLES):
                rows = bundle_rows(database, table, ids)
                if table.name == "evidence_files":
                    rows = _noting(rows, hashes)
                elif table.name in VERSIONED:
                    sent_rows = sent.setdefault(table.name, [])
                    rows = _with_seen(rows, table.name, merges, sent_rows, station_id)
                elif table.name == LOT_PLOTS:
                    rows = _noting_plots(rows, plot_rows)
                counts[table.name] = writer.json_lines(f"records/{table.name}.jsonl", rows)
                progress.step(done + 1, steps)
            for sha256 in hashes:
                _copy_evidence(writer, store, sha256)
            progress.step(steps, steps)
    if not database.read_only:
        with database.write():
            _keep_sent(MergeStore(database), sent, plot_rows)
    return ExportedBundle(target, len(ids), counts, len(hashes), not database.read_only)


Sent = tuple[str, dict[str, Any], dict[str, str]]  # record key, row, what it has seen


def _with_seen(
    rows: Iterator[dict[str, Any]], table: str, store: MergeStore, sent: list[Sent], me: str
) -> Iterator[dict[str, Any]]:
    """Each record with the other stations' edits it holds, noted as sent."""
    stored = store.seen(table)
    earlier = store.sent_by(table, me)
    for row in rows:
        key = record_key(table, row)
        seen = _past_own_edits(row, stored.get(key), earlier.get(key), me)
        sent.append((key, row, vector_of(row, seen)))
        yield {**row, SEEN_FIELD: seen} if seen else row


def _past_own_edits(
    row: dict[str, Any],
    seen: dict[str, str] | None,
    earlier: tuple[str, dict[str, Any]] | None,
    me: str,
) -> dict[str, str] | None:
    """A record this station changed after it sent a copy stamped later than its clock now
    reads (the clock was fast then and has been set right): the change is stamped just after
    that copy, or the receiver would take it for the older one and keep the copy."""
    if earlier is None or row.get("updated_by") != me:
        return seen
    at, copy = earlier
    if str(row.get("updated_at") or "") >= at:
        return seen
    fields = [k for k in row if k not in ("updated_at", "updated_by")]
    if all(copy.get(k) == row.get(k) for k in fields):
        return seen  # that very copy: nothing changed since
    later = datetime.fromisoformat(at) + timedelta(microseconds=1)
    return {**(seen or {}), me: later.isoformat(timespec="microseconds")}


def _noting_plots(
    rows: Iterator[dict[str, Any]], plot_rows: list[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    for row in rows:
        plot_rows.append(row)
        yield row


def _keep_sent(
    store: MergeStore, sent: dict[str, list[Sent]], plot_rows: list[dict[str, Any]]
) -> None:
    """Keep the copies that left as the ancestors of later merges with whoever receives them
    (a lot's copy with its plots, as merges compare lots)."""
    plots = plots_by_lot(plot_rows)
    for table, items in sent.items():
        if table == "lots":
            items = [
                (key, {**row, PLOTS_FIELD: plots.get(str(row["id"]), [])}, seen)
                for key, row, seen in items
            ]
        store.keep_states(table, items)


def _noting(rows: Iterator[dict[str, Any]], hashes: list[str]) -> Iterator[dict[str, Any]]:
    """The rows, each file's hash noted as it goes by (its bytes are copied after the records)."""
    for row in rows:
        hashes.append(str(row["sha256"]))
        yield row


def _copy_evidence(writer: BundleWriter, store: BlobStore, sha256: str) -> None:
    """The stored file, refused when missing or no longer its hash (never sent damaged)."""
    path = store.path(sha256)
    if not path.is_file():
        raise EvidenceUnavailable(sha256=sha256, state="missing")
    with open_user_file(path, max_bytes=MAX_EVIDENCE_BYTES) as source:
        writer.copy(f"evidence/{sha256}", source)
    if writer.members[-1]["sha256"] != sha256:
        raise EvidenceUnavailable(sha256=sha256, state="damaged")
