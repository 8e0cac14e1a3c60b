"""Export lots as a signed bundle (`.mlot`, export.bundles): the chosen lots with everything
that hangs off them (storage.exchange.bundle_rows), the evidence files themselves by content
hash, each lot's custody chain head, all listed in a manifest this station signs with its key.

One read transaction, so the bundle is one consistent moment of the database even while the
app writes; the file appears whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from microlot_desk import __version__
from microlot_desk.clock import Clock, stamp
from microlot_desk.errors import NotFound
from microlot_desk.export.bundles.bundle_writer import BundleWriter, writing_bundle
from microlot_desk.services.common.progress import Progress
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
from microlot_desk.storage.station_key import key_path, load_or_create_key
from microlot_desk.user_files import open_user_file

MAX_EVIDENCE_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class ExportedBundle:
    path: Path
    lots: int
    records: dict[str, int]  # per table
    evidence_files: int


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
                counts[table.name] = writer.json_lines(f"records/{table.name}.jsonl", rows)
                progress.step(done + 1, steps)
            for sha256 in hashes:
                _copy_evidence(writer, store, sha256)
            progress.step(steps, steps)
    return ExportedBundle(target, len(ids), counts, len(hashes))


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
