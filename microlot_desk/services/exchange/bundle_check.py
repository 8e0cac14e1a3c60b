"""Check a lot bundle without writing anything: whole, unaltered (export.bundles.bundle_reader),
every record one this version can use, and who signed it — a station this one trusts, or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from microlot_desk.domain.evidence import sniff
from microlot_desk.errors import BundleRefused
from microlot_desk.export.bundles.bundle_reader import OpenBundle, Sender, open_bundle
from microlot_desk.export.printing.sheet_images import UnreadableImage, opened_image
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.station import load_station
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.exchange.station_identity import (
    TrustedStation,
    TrustedStations,
    station_identity,
)
from microlot_desk.storage.database import OpenDatabase


@dataclass(frozen=True)
class CheckedBundle:
    path: Path
    sender: Sender
    trusted: TrustedStation | None  # None: the signer is not on this station's list
    created_at: str
    app_version: str
    lot_codes: tuple[str, ...]
    records: dict[str, int]  # per table
    evidence_files: int
    chains: int  # lots whose custody chain head the sender signed
    own_key: bool = False  # signed by this very station


def check_bundle(
    database: OpenDatabase, path: Path, *, progress: Progress | None = None
) -> CheckedBundle:
    """The bundle's summary once every check has passed; BundleRefused naming the first
    problem otherwise (Cancelled when `progress` is cancelled). An untrusted signer is not
    refused here: the caller says so."""
    require_worker_thread("checking a bundle")
    progress = progress or Progress()
    with open_bundle(path) as bundle:
        steps = len(bundle.tables) + len(bundle.evidence)
        counts: dict[str, int] = {}
        for done, table in enumerate(bundle.tables):
            progress.step(done, steps)
            counts[table] = sum(1 for _ in bundle.records(table))
        check_evidence_files(database, bundle, progress, start=len(bundle.tables), steps=steps)
        progress.step(steps, steps)
        manifest = bundle.manifest
        trusted, own_key = trusted_sender(database, bundle.sender)
        return CheckedBundle(
            path=path,
            sender=bundle.sender,
            trusted=trusted,
            created_at=manifest["created_at"],
            app_version=manifest["app_version"],
            lot_codes=tuple(lot["code"] for lot in manifest["lots"]),
            records=counts,
            evidence_files=len(bundle.evidence),
            chains=len(manifest["chains"]),
            own_key=own_key,
        )


def trusted_sender(database: OpenDatabase, sender: Sender) -> tuple[TrustedStation | None, bool]:
    """The sender as this station trusts it (None: not on the list), and whether it is this
    very station (its own bundles are signed with its own key, so trusted)."""
    me = station_identity(database)
    if sender.fingerprint == me.fingerprint:
        return TrustedStation(me.name, me.fingerprint, ""), True
    return TrustedStations(database).find(sender.fingerprint), False


def check_evidence_files(
    database: OpenDatabase, bundle: OpenBundle, progress: Progress, *, start: int, steps: int
) -> None:
    """Hold every evidence file of the bundle to this station's own rules for evidence."""
    largest = load_station(database).evidence_max_bytes
    for done, sha256 in enumerate(bundle.evidence, start=start):
        progress.step(done, steps)
        _check_evidence(bundle, f"evidence/{sha256}", largest)


def require_trusted(checked: CheckedBundle) -> None:
    """Refuse (BundleRefused: untrusted) a bundle whose signer is not on the trusted list."""
    if checked.trusted is None:
        raise BundleRefused(
            source=str(checked.path), reason="untrusted", detail=checked.sender.fingerprint
        )


def _check_evidence(bundle: OpenBundle, name: str, largest: int) -> None:
    """An evidence file is held to this station's own rules for evidence: its size limit, a
    picture or a PDF, and a picture that opens without claiming absurd dimensions."""
    size = bundle.declared[name][0]
    if size > largest:
        raise BundleRefused(
            source=bundle.source,
            reason="bad_evidence",
            member=name,
            detail=f"{size} bytes, more than this station accepts",
        )
    data = bundle.read_member(name)
    kind = sniff(data[:64])
    if kind is None:
        raise BundleRefused(
            source=bundle.source, reason="bad_evidence", member=name, detail="an unknown type"
        )
    if kind.is_image:
        try:
            with opened_image(data):
                pass
        except UnreadableImage as error:
            raise BundleRefused(
                source=bundle.source, reason="bad_evidence", member=name, detail=str(error)
            ) from None
