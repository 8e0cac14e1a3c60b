"""`db check --repair`: the evidence files no row names (strays, see storage/evidence_strays)
moved into a quarantine folder beside the store, DATA/evidence-quarantine/<UTC stamp>/.

Only strays move; rows, and the files they name, stay as they are. A missing or damaged file a
row names cannot be repaired from here (the bytes are gone): `db check` says so and points to
a backup of the evidence folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.storage import evidence_strays
from microlot_desk.storage.database import OpenDatabase

if TYPE_CHECKING:
    from microlot_desk.services.provenance.evidence_service import EvidenceService

MovedFile = evidence_strays.MovedFile


def move_strays_aside(database: OpenDatabase, evidence: EvidenceService) -> list[MovedFile]:
    """Move every stray into a quarantine folder stamped with the database's clock; return what
    moved where (nothing the second time). The strays are listed and moved inside one write
    transaction, so no row can come to name a file while it moves, and a database opened
    read-only (another window has the file, and may be attaching a file right now) refuses
    with ReadOnlyDatabase before anything moves."""
    require_worker_thread("moving stray evidence files aside")
    with database.write():
        strays = evidence.stray_files()
        destination = evidence_strays.quarantine_folder(evidence.store, database.clock)
        return evidence_strays.move_aside(evidence.store, strays, destination)
