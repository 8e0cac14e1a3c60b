"""The search index follows every save: an edited name is found by its new words only, and the
index stays consistent with its table."""

from __future__ import annotations

import shutil
from pathlib import Path

from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import LotQuery, LotSort
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.sqlite"


def codes(lots: LotService, search: str) -> list[str]:
    return [row.code for row in lots.page(LotQuery(search=search), 0, 50)]


def test_a_renamed_lot_is_found_by_its_new_name_only(lots: LotService) -> None:
    lot = lots.add_lot({"name": "Finca Ñañez Geisha", "country": "CO"})
    other = lots.add_lot({"name": "Konga", "country": "ET"})
    assert codes(lots, "nanez") == [lot.code]

    lots.update_fields(lot.id, {"name": "Los Quetzales"})

    assert codes(lots, "nanez") == []
    assert codes(lots, "quetzal") == [lot.code]
    assert codes(lots, "konga") == [other.code]
    assert codes(lots, "qu") == [lot.code]  # short terms go through the plain table


def test_the_index_passes_its_own_integrity_check_after_edits(
    lots: LotService, database: OpenDatabase
) -> None:
    lot = lots.add_lot({"name": "Bombe", "producer": "አበበ በቀለ", "country": "ET"})
    lots.update_fields(lot.id, {"producer": "李明华"})
    database.conn.execute("INSERT INTO lot_search (lot_search) VALUES ('integrity-check')")
    entries = database.conn.execute("SELECT count(*) FROM lot_list").fetchone()[0]
    assert entries == 1
    assert codes(lots, "李明华") == [lot.code]
    assert codes(lots, "አበበ") == []


def test_a_schema_1_file_is_searchable_after_the_upgrade(tmp_path: Path) -> None:
    copy = tmp_path / "microlot.sqlite"
    shutil.copyfile(FIXTURE, copy)
    database = open_database(copy, clock=TickingClock())
    try:
        lots = LotService(database)
        assert lots.total() == 4
        assert len(codes(lots, "narino")) == 1
        assert len(codes(lots, "በቀለ")) == 1
        assert len(codes(lots, "明华")) == 1  # two characters: the plain-text path
        assert len(codes(lots, "kiama cooperative")) == 1
        assert lots.filter_values("country") == sorted(lots.filter_values("country"))
        assert len(lots.page(LotQuery(sort=LotSort.PRODUCER), 0, 10)) == 4
    finally:
        database.close()
