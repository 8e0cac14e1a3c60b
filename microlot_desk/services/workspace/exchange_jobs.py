"""The exchange work that only reads, handed by the window to a worker thread on a connection
of its own (read-only), so the window's connection is never used from two threads and a field
saved while the work runs is not caught inside its read transaction. (A bundle's export and
import write, so they run on the window's connection behind a modal dialog.)"""

from __future__ import annotations

from pathlib import Path

from microlot_desk.clock import Clock
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.exchange.bundle_check import CheckedBundle, check_bundle
from microlot_desk.services.exchange.spreadsheet_export import ExportedTable, export_lots_table
from microlot_desk.services.workspace.workspace import open_workspace
from microlot_desk.storage.database import open_database


def check_bundle_separately(
    database_path: Path, bundle: Path, *, clock: Clock, progress: Progress | None = None
) -> CheckedBundle:
    database = open_database(database_path, clock=clock, read_only=True)
    try:
        return check_bundle(database, bundle, progress=progress)
    finally:
        database.close()


def export_table_separately(
    database_path: Path,
    lab_forms: Path | None,
    codes: list[str] | None,
    target: Path,
    *,
    kind: str,
    clock: Clock,
) -> ExportedTable:
    workspace = open_workspace(database_path, clock=clock, read_only=True, lab_forms=lab_forms)
    try:
        return export_lots_table(
            workspace.lots, workspace.cupping.lots_history, codes, target, kind=kind
        )
    finally:
        workspace.close()
