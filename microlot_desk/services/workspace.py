"""An open database with the services over it: what the app and the CLI work with.

The UI and the CLI hold a Workspace rather than the storage objects beneath it, so the storage
layer stays an implementation detail of the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from microlot_desk.services import maintenance
from microlot_desk.services.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database


@dataclass
class Workspace:
    database: OpenDatabase
    lots: LotService

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def migrated_from(self) -> int | None:
        return self.database.migrated_from

    def check(self) -> list[str]:
        return maintenance.check(self.database)

    def backup_now(self) -> Path:
        return maintenance.backup_now(self.database)

    def close(self) -> None:
        self.database.close()


def open_workspace(database_path: Path, *, read_only: bool = False) -> Workspace:
    """Open the database (see open_database for the checks and the errors) and its services."""
    database = open_database(database_path, read_only=read_only)
    try:
        return Workspace(database, LotService(database))
    except BaseException:
        database.close()
        raise
