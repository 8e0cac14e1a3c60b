"""Schema 2 (m0002: cupping) on top of a released schema-1 file: the frozen v1 fixture upgrades
(through m0002 and whatever later migrations are listed), keeps every lot row as it was, gains
the cupping tables and their append-only triggers, and its old lots can be cupped straight
away. The fixture is copied to tmp_path first."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from ticking_clock import TickingClock

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.backups import list_backups
from microlot_desk.storage.database import OpenDatabase, integrity_report, open_database
from microlot_desk.storage.migrations import SCHEMA_VERSION

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.sqlite"
V1_TABLES = ("lots", "producers", "plots", "lot_plots", "lot_varieties", "settings")
CUPPING_TABLES = {
    "cupping_sessions",
    "cuppers",
    "session_cuppers",
    "cupping_samples",
    "cupping_sheets",
    "sheet_values",
    "sheet_notes",
    "sheet_exclusions",
    "session_reveals",
    "imported_results",
}


def v1_columns(table: str) -> list[str]:
    # immutable: read without the -shm and -wal files a read-only open would leave beside it
    conn = sqlite3.connect(V1.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def dump(path: Path, table: str) -> list[tuple[object, ...]]:
    """The table's rows in the columns version 1 had (later versions may add columns)."""
    columns = ", ".join(v1_columns(table))
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    pristine = tmp_path / "pristine.sqlite"
    shutil.copyfile(V1, pristine)
    copy = tmp_path / "data" / "microlot.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(V1, copy)
    return copy


@pytest.fixture
def upgraded(v1_copy: Path) -> OpenDatabase:
    return open_database(v1_copy, clock=TickingClock())


def test_v1_upgrades_to_v2_and_keeps_every_lot_row(
    v1_copy: Path, upgraded: OpenDatabase, tmp_path: Path
) -> None:
    try:
        assert upgraded.migrated_from == 1
        assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        applied = [row[0] for row in upgraded.db.execute("SELECT name FROM _sqlite_migrations")]
        assert applied[:2] == ["m0001_create_lots", "m0002_create_cupping"]
        assert integrity_report(upgraded) == ["ok"]
        assert LotService(upgraded).total() == 4
    finally:
        upgraded.close()
    for table in V1_TABLES:
        assert dump(v1_copy, table) == dump(tmp_path / "pristine.sqlite", table), table
    assert [b.reason for b in list_backups(v1_copy)] == ["pre-migration-v1"]


def test_v2_has_the_cupping_tables_and_append_only_logs(upgraded: OpenDatabase) -> None:
    try:
        names = {
            row[0]
            for row in upgraded.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert names >= CUPPING_TABLES
        triggers = {
            row[0]
            for row in upgraded.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert triggers >= {
            "sheet_exclusions_no_update",
            "sheet_exclusions_no_delete",
            "session_reveals_no_update",
            "session_reveals_no_delete",
        }
    finally:
        upgraded.close()


def test_v1_lots_can_be_cupped_after_the_upgrade(upgraded: OpenDatabase) -> None:
    try:
        lots = LotService(upgraded)
        cupping = CuppingService(upgraded)
        narino = lots.get_by_code("CO-2025-001")
        view = cupping.create_session(
            {"held_on": "2026-11-27", "form_id": "sca-2004", "blind": True}
        )
        sample = cupping.add_sample(view.session.id, narino.id, {"sample_type": "offer"})
        cupper = cupping.add_new_cupper(
            view.session.id, {"cupper_name": "Ana", "affiliation": "independent_lab"}
        )
        entered = cupping.sheets.set_field(sample.id, cupper.id, "flavor", "8.5")
        assert entered.values == {"flavor": Decimal("8.5")}
        assert sample.lot is None
        cupping.reveal(view.session.id, "Ana")
        shown = cupping.session(view.session.id).samples[0]
        assert shown.lot is not None and shown.lot.name == "Nariño Alto Gesha"
        assert integrity_report(upgraded) == ["ok"]
    finally:
        upgraded.close()
