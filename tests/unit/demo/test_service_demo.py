"""The demo data the issue asks for, loaded idempotently."""

from __future__ import annotations

import unicodedata

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.size_classes import SizeClass
from microlot_desk.services.demo.demo_data import DEMO_TOTAL, demo_lot_id, load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase


def all_lots(lots: LotService) -> list[Lot]:
    return [lots.get(s.id) for s in lots.page(LotQuery(), 0, 1000)]


def scripts(text: str) -> set[str]:
    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}


def test_demo_loads_once_and_a_second_load_adds_nothing(
    lots: LotService, database: OpenDatabase
) -> None:
    added = load_demo(lots)
    assert added == lots.total() >= 12
    first = database.db.execute("SELECT id, updated_at FROM lots ORDER BY id").fetchall()
    assert load_demo(lots) == 0
    assert database.db.execute("SELECT id, updated_at FROM lots ORDER BY id").fetchall() == first


def test_demo_lots_have_fixed_ids(lots: LotService) -> None:
    load_demo(lots)
    assert lots.get_by_code("CO-2026-014").id == demo_lot_id("CO-2026-014")


def test_demo_meets_the_issue(lots: LotService) -> None:
    load_demo(lots)
    demo = all_lots(lots)
    assert len(demo) >= 12
    assert len({lot.country for lot in demo}) >= 6
    narino = [lot for lot in demo if lot.country == "CO" and "Nariño" in lot.region]
    assert len(narino) == 1
    producers = [lot.producer_name for lot in demo]
    assert any(scripts(p) == {"LATIN"} and not p.isascii() for p in producers)
    assert any("ETHIOPIC" in scripts(p) for p in producers)
    assert any("CJK" in scripts(p) for p in producers)
    assert {lot.size_class() for lot in demo} == set(SizeClass)


def test_demo_lots_are_complete_enough_to_show(lots: LotService) -> None:
    load_demo(lots)
    for lot in all_lots(lots):
        assert lot.name and lot.producer_name and lot.country and lot.varieties, lot.code
        assert lot.process and lot.green_kg is not None, lot.code
        assert unicodedata.is_normalized("NFC", lot.producer_name)


def test_demo_after_own_lots_keeps_them(lots: LotService) -> None:
    own = lots.add_lot({"name": "My own lot", "country": "CO", "harvest_start": "2025-05-01"})
    load_demo(lots)
    assert lots.get(own.id) == own
    assert lots.total() == DEMO_TOTAL + 1
