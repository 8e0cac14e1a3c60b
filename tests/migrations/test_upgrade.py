"""Every frozen database of a released schema opens with today's app and loses nothing.

The fixtures are copied to tmp_path first: opening one in place would migrate it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlite_utils import Database
from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.backups import list_backups
from microlot_desk.storage.database import OpenDatabase, integrity_report, open_database
from microlot_desk.storage.migrations import SCHEMA_VERSION, app_migrations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V1 = FIXTURES / "schema_v1.sqlite"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def upgraded_v1(tmp_path: Path) -> OpenDatabase:
    before = sha256(V1)
    copy = tmp_path / "data" / "microlot.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(V1, copy)
    database = open_database(copy, clock=TickingClock())
    assert sha256(V1) == before, "the frozen fixture itself must never change"
    return database


def test_schema_version_is_the_number_of_migrations() -> None:
    fresh = Database(memory=True)
    assert SCHEMA_VERSION == len(app_migrations().pending(fresh)) >= 1


def test_a_fixture_exists_for_schema_1() -> None:
    assert V1.exists()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_v*.sqlite")), ids=lambda p: p.stem)
def test_each_fixture_has_the_version_its_name_says(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    conn = sqlite3.connect(copy)
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    assert f"schema_v{found}" == fixture.stem
    assert found <= SCHEMA_VERSION


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_v*.sqlite")), ids=lambda p: p.stem)
def test_each_fixture_upgrades_to_the_current_schema(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / "microlot.sqlite"
    shutil.copyfile(fixture, copy)
    released = int(fixture.stem.removeprefix("schema_v"))
    database = open_database(copy, clock=TickingClock())
    try:
        assert database.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        if released < SCHEMA_VERSION:  # migrated: the file as it was is kept first
            assert database.migrated_from == released
            assert [b.reason for b in list_backups(copy)] == [f"pre-migration-v{released}"]
        else:
            assert database.migrated_from is None
            assert list_backups(copy) == []
        assert app_migrations().pending(database.db) == []
        assert integrity_report(database) == ["ok"]
        assert LotService(database).total() >= 1
    finally:
        database.close()


def test_v1_lots_are_all_readable_after_upgrade(upgraded_v1: OpenDatabase) -> None:
    try:
        lots = LotService(upgraded_v1)
        assert upgraded_v1.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert sorted(s.code for s in lots.page(LotQuery(), 0, 100)) == [
            "CN-2025-001",
            "CO-2025-001",
            "ET-2025-001",
            "KE-2025-001",
        ]
        narino = lots.get_by_code("CO-2025-001")
        assert narino.name == "Nariño Alto Gesha"
        assert narino.producer_name == "José Ñáñez Muñoz"
        assert narino.region == "Nariño, La Unión"
        assert narino.green_kg == Decimal("420.5")
        assert narino.farm_gate_price == Decimal("14.50")
        assert narino.plots[0].name == "Lote Alto 3"
        assert narino.plots[0].altitude_m == 2150
        assert narino.varieties_text == "Gesha 70%, Caturra 30%"
        assert narino.harvest_start is not None and narino.harvest_start.isoformat() == "2025-05-12"

        ethiopia = lots.get_by_code("ET-2025-001")
        assert ethiopia.producer_name == "አበበ በቀለ"
        china = lots.get_by_code("CN-2025-001")
        assert (china.name, china.producer_name, china.farm) == (
            "普洱 Catimor 蜜处理",
            "李明华",
            "孟连 Mengsuo",
        )
        assert china.plots[0].name == "东坡 East slope"
        assert lots.get_by_code("KE-2025-001").green_kg is None
    finally:
        upgraded_v1.close()


def test_v1_lots_are_found_by_search_after_upgrade(upgraded_v1: OpenDatabase) -> None:
    try:
        lots = LotService(upgraded_v1)

        def found(text: str) -> list[str]:
            return [s.code for s in lots.page(LotQuery(search=text), 0, 10)]

        assert found("narino") == ["CO-2025-001"]
        assert found("አበበ") == ["ET-2025-001"]
        assert found("明华") == ["CN-2025-001"]
    finally:
        upgraded_v1.close()


def test_an_upgraded_v1_file_takes_new_lots(upgraded_v1: OpenDatabase) -> None:
    try:
        lots = LotService(upgraded_v1)
        lot = lots.add_lot(
            {"name": "After the upgrade", "country": "CO", "harvest_start": "2025-06-01"}
        )
        assert lot.code == "CO-2025-002"
        assert integrity_report(upgraded_v1) == ["ok"]
    finally:
        upgraded_v1.close()
