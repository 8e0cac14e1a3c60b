"""An open database with the services over it: what the app and the CLI work with.

The UI and the CLI hold a Workspace rather than the storage objects beneath it, so the storage
layer stays an implementation detail of the services. Services other than lots are made on
first use: printing loads fonts and cupping reads the form library, neither needed to start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from microlot_desk.services import maintenance
from microlot_desk.services.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database

if TYPE_CHECKING:
    from microlot_desk.services.cupping_service import CuppingService
    from microlot_desk.services.print_service import PrintService


@dataclass
class Workspace:
    database: OpenDatabase
    lots: LotService
    lab_forms: Path | None = None  # a lab's own cupping-form templates, if it has any
    _printing: PrintService | None = field(default=None, repr=False)
    _cupping: CuppingService | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def migrated_from(self) -> int | None:
        return self.database.migrated_from

    @property
    def printing(self) -> PrintService:
        if self._printing is None:
            from microlot_desk.services.print_service import PrintService

            self._printing = PrintService(self.lots)
        return self._printing

    @property
    def cupping(self) -> CuppingService:
        if self._cupping is None:
            from microlot_desk.services.cupping_service import open_cupping

            self._cupping = open_cupping(self, self.lab_forms)
        return self._cupping

    def check(self) -> list[str]:
        return maintenance.check(self.database)

    def backup_now(self) -> Path:
        return maintenance.backup_now(self.database)

    def backup_copy(self, reason: str = "manual") -> Path:
        """A backup through a connection of its own: safe to call from a worker thread."""
        return maintenance.backup_separately(self.database.path, reason)

    def backups(self) -> list[maintenance.BackupFile]:
        """Backups of this database, newest first."""
        return maintenance.list_backups(self.database.path)

    def close(self) -> None:
        self.database.close()


def open_workspace(
    database_path: Path, *, read_only: bool = False, lab_forms: Path | None = None
) -> Workspace:
    """Open the database (see open_database for the checks and the errors) and its services."""
    database = open_database(database_path, read_only=read_only)
    try:
        return Workspace(database, LotService(database), lab_forms)
    except BaseException:
        database.close()
        raise
