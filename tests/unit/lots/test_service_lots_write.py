"""LotService writes: add and update, one transaction each, nothing written when refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.domain.vocabulary import Isolation, LotStatus, ProducerKind
from microlot_desk.errors import FieldError, NotFound, ValidationFailed
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.storage.settings_repository import SettingsRepository

Snapshot = Callable[[OpenDatabase], list[str]]

FULL_LOT: dict[str, Any] = {
    "name": "La Esperanza Gesha",
    "producer": "José Ñáñez Muñoz",
    "producer_kind": "family",
    "farm": "Finca La Esperanza",
    "plot": "Lote Alto 3",
    "altitude_m": 2150,
    "area_ha": "1,8",
    "country": "co",
    "region": "Nariño, La Unión",
    "varieties": "Gesha 70%, Caturra 30%",
    "process": "Washed",
    "fermentation_hours": "36",
    "drying_method": "raised beds",
    "drying_days": "21",
    "harvest_start": "2026-05-12",
    "harvest_end": "2026-05-14",
    "isolation": ["geographic", "picking_date"],
    "separation_notes": "Top plot only, own tank.",
    "story": "Planted in 2017 above the cloud line.",
    "green_kg": "420.5",
    "bag_count": 12,
    "bag_kg": "35",
    "moisture_pct": "10,8",
    "water_activity": "0.56",
    "density_g_l": "745",
    "screen_size": 17,
    "farm_gate_price": "14.50",
    "fob_price": "22",
    "reference_price": "7.2",
    "currency": "usd",
    "price_unit": "lb",
    "status": "offered",
    "notes": "Sample sent to Oslo.",
}


def lot_row(database: OpenDatabase, lot_id: str) -> dict[str, Any]:
    cursor = database.db.execute("SELECT * FROM lots WHERE id = ?", [lot_id])
    columns = [c[0] for c in cursor.description]
    return dict(zip(columns, cursor.fetchone(), strict=True))


def count(database: OpenDatabase, table: str) -> int:
    return int(database.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# ---- adding ---------------------------------------------------------------------------------


def test_add_stores_every_field_typed(lots: LotService, database: OpenDatabase) -> None:
    lot = lots.add_lot(FULL_LOT)

    assert lot.code == "CO-2026-001"
    assert lot.name == "La Esperanza Gesha"
    assert lot.producer is not None
    assert (lot.producer.name, lot.producer.kind) == ("José Ñáñez Muñoz", ProducerKind.FAMILY)
    assert lot.plots[0].name == "Lote Alto 3"
    assert lot.plots[0].altitude_m == 2150
    assert lot.plots[0].area_ha == Decimal("1.8")
    assert lot.country == "CO"
    assert lot.process == "washed"
    assert lot.harvest_start == date(2026, 5, 12)
    assert lot.isolation == {Isolation.GEOGRAPHIC, Isolation.PICKING_DATE}
    assert lot.green_kg == Decimal("420.5")
    assert lot.moisture_pct == Decimal("10.8")
    assert lot.currency == "USD"
    assert lot.status is LotStatus.OFFERED

    assert lots.get(lot.id) == lot
    assert lots.get_by_code("co-2026-001") == lot


def test_weights_and_prices_are_stored_as_exact_text(
    lots: LotService, database: OpenDatabase
) -> None:
    lot = lots.add_lot(FULL_LOT)
    row = lot_row(database, lot.id)
    assert row["green_kg"] == "420.5"
    assert row["farm_gate_price"] == "14.50"
    assert row["moisture_pct"] == "10.8"
    assert row["country"] == "CO"
    assert row["updated_by"] == lots.station.station_id


def test_every_lot_has_a_uuid_and_utc_times(lots: LotService) -> None:
    first = lots.add_lot({"name": "One"})
    second = lots.add_lot({"name": "Two"})
    assert first.id != second.id
    assert len(first.id) == 36
    assert first.created_at == first.updated_at
    assert datetime.fromisoformat(first.created_at).utcoffset() == UTC.utcoffset(None)
    assert second.created_at > first.created_at


def test_codes_number_on_per_country_and_harvest_year(lots: LotService) -> None:
    assert lots.add_lot({"name": "a", "country": "CO"}).code == "CO-2026-001"
    assert lots.add_lot({"name": "b", "country": "CO"}).code == "CO-2026-002"
    assert lots.add_lot({"name": "c", "country": "ET"}).code == "ET-2026-001"
    old = lots.add_lot({"name": "d", "country": "CO", "harvest_start": "2025-11-02"})
    assert old.code == "CO-2025-001"
    assert lots.add_lot({"name": "e"}).code == "XX-2026-001"


def test_a_given_code_is_kept_and_numbering_continues_after_it(lots: LotService) -> None:
    assert lots.add_lot({"name": "a", "country": "CO", "code": "co-2026-014"}).code == (
        "CO-2026-014"
    )
    assert lots.add_lot({"name": "b", "country": "CO"}).code == "CO-2026-015"


def test_code_pattern_and_station_name_come_from_the_settings(
    database: OpenDatabase, clock: Callable[[], datetime]
) -> None:
    settings = SettingsRepository(database)
    with database.write():
        settings.set("lot_code_pattern", "{station}-{year}-{seq:04d}")
        settings.set("station_name", "huila1")
    lots = LotService(database, clock=clock)
    assert lots.add_lot({"name": "a", "country": "CO"}).code == "HUILA1-2026-0001"


def test_a_duplicate_code_is_refused_as_a_field_error(
    lots: LotService, database: OpenDatabase, snapshot: Snapshot
) -> None:
    lots.add_lot({"name": "First", "code": "CO-2026-014"})
    before = snapshot(database)
    with pytest.raises(ValidationFailed) as caught:
        lots.add_lot({"name": "Second", "code": "co-2026-014", "producer": "New Person"})
    assert caught.value.errors == (FieldError("code", "duplicate_code"),)
    assert snapshot(database) == before
    assert lots.total() == 1


def test_every_bad_field_is_refused_at_once_and_nothing_is_written(
    lots: LotService, database: OpenDatabase, snapshot: Snapshot
) -> None:
    lots.add_lot({"name": "Existing"})
    before = snapshot(database)
    with pytest.raises(ValidationFailed) as caught:
        lots.add_lot(
            {
                "producer": "Somebody New",
                "green_kg": "heavy",
                "country": "XX",
                "harvest_start": "2026-05-12",
                "harvest_end": "2026-05-01",
                "fob_price": "20",
                "colour": "red",
            }
        )
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("green_kg", "not_a_number"),
        ("country", "unknown_country"),
        ("colour", "unknown_field"),
        ("name", "required"),
        ("harvest_end", "end_before_start"),
        ("currency", "required_with_prices"),
    }
    assert snapshot(database) == before
    assert count(database, "producers") == 0


def test_lots_of_one_producer_share_the_producer_record(
    lots: LotService, database: OpenDatabase
) -> None:
    first = lots.add_lot({"name": "a", "producer": "አበበ በቀለ", "country": "ET"})
    second = lots.add_lot({"name": "b", "producer": "አበበ በቀለ", "country": "ET"})
    assert first.producer is not None and second.producer is not None
    assert first.producer.id == second.producer.id
    assert count(database, "producers") == 1


def test_decomposed_accents_are_stored_composed(lots: LotService) -> None:
    lot = lots.add_lot({"name": "Narin\u0303o Alto", "producer": "Jose\u0301"})
    assert lots.get(lot.id).name == "Nariño Alto"
    assert lots.get(lot.id).producer_name == "José"


# ---- updating -------------------------------------------------------------------------------


def test_update_changes_the_field_and_the_stamp(lots: LotService) -> None:
    lot = lots.add_lot(FULL_LOT)
    updated = lots.update_fields(lot.id, {"green_kg": "380", "story": "Rewritten."})
    assert updated.green_kg == Decimal("380")
    assert updated.story == "Rewritten."
    assert updated.updated_at > lot.updated_at
    assert updated.created_at == lot.created_at
    assert lots.get(lot.id) == updated


def test_update_of_an_unchanged_value_writes_nothing(
    lots: LotService, database: OpenDatabase, snapshot: Snapshot
) -> None:
    lot = lots.add_lot(FULL_LOT)
    before = snapshot(database)
    changes_before = database.db.conn.total_changes
    same = {
        "name": "La Esperanza Gesha",
        "green_kg": "420.50",
        "producer": "José Ñáñez Muñoz",
        "plot": "Lote Alto 3",
        "varieties": "Gesha 70%; Caturra 30%",
        "country": "CO",
    }
    result = lots.update_fields(lot.id, same)
    assert result == lot
    assert lots.get(lot.id).updated_at == lot.updated_at
    assert database.db.conn.total_changes == changes_before
    assert snapshot(database) == before


@pytest.mark.parametrize(
    "changes",
    [
        {"harvest_end": "2026-05-01"},
        {"green_kg": "a lot", "story": "would be fine"},
        {"name": ""},
        {"fob_price": "3", "currency": ""},
        {"colour": "red"},
        {"code": "CO-2026-002", "producer": "Someone Else"},
    ],
    ids=["end-before-start", "bad-number", "no-name", "price-no-currency", "unknown", "dup-code"],
)
def test_a_refused_update_leaves_the_row_exactly_as_it_was(
    lots: LotService, database: OpenDatabase, snapshot: Snapshot, changes: dict[str, Any]
) -> None:
    lot = lots.add_lot(FULL_LOT)
    lots.add_lot({"name": "Other", "country": "CO"})  # holds CO-2026-002
    row_before = lot_row(database, lot.id)
    before = snapshot(database)
    with pytest.raises(ValidationFailed):
        lots.update_fields(lot.id, changes)
    assert lot_row(database, lot.id) == row_before
    assert snapshot(database) == before


def test_update_of_producer_points_to_the_other_producer(lots: LotService) -> None:
    lot = lots.add_lot({"name": "a", "producer": "李明华", "country": "CN"})
    other = lots.add_lot({"name": "b", "producer": "张秀英", "country": "CN"})
    updated = lots.update_fields(lot.id, {"producer": "张秀英"})
    assert updated.producer == other.producer
    assert lots.get(lot.id).producer_name == "张秀英"


def test_update_of_an_unknown_lot_is_not_found(lots: LotService) -> None:
    with pytest.raises(NotFound):
        lots.update_fields("00000000-0000-0000-0000-000000000000", {"name": "x"})
    with pytest.raises(NotFound):
        lots.get_by_code("CO-1999-001")
    assert not lots.exists("nope")


def test_update_is_found_by_the_new_search_text(lots: LotService) -> None:
    from microlot_desk.domain.lot_query import LotQuery

    lot = lots.add_lot({"name": "Old name", "country": "CO"})
    lots.update_fields(lot.id, {"name": "Bensa Bombe"})
    assert [s.id for s in lots.page(LotQuery(search="bombe"), 0, 10)] == [lot.id]
    assert lots.page(LotQuery(search="old name"), 0, 10) == []


def test_a_second_service_on_the_file_sees_the_committed_lot(
    lots: LotService, db_path: Path, database: OpenDatabase
) -> None:
    lot = lots.add_lot(FULL_LOT)
    database.close()
    reopened = open_database(db_path, clock=TickingClock())
    try:
        again = LotService(reopened).get(lot.id)
        assert again == lot
        assert dataclasses.asdict(again) == dataclasses.asdict(lot)
    finally:
        reopened.close()


# ---- several lots in one transaction ----------------------------------------------------------


def test_add_lots_adds_all_in_order(lots: LotService) -> None:
    added = lots.add_lots([({"name": "a", "country": "CO"}, None), ({"name": "b"}, "fixed-id")])
    assert [lot.code for lot in added] == ["CO-2026-001", "XX-2026-001"]
    assert lots.get("fixed-id").name == "b"
    assert lots.total() == 2


def test_add_lots_is_all_or_nothing_and_names_the_row(
    lots: LotService, database: OpenDatabase, snapshot: Snapshot
) -> None:
    lots.add_lot({"name": "Existing", "code": "CO-2026-007"})
    before = snapshot(database)
    with pytest.raises(ValidationFailed) as caught:
        lots.add_lots(
            [
                ({"name": "Fine", "producer": "New Producer"}, None),
                ({"name": "Clash", "code": "CO-2026-007"}, None),
                ({"name": "Never reached"}, None),
            ]
        )
    assert caught.value.row == 2
    assert caught.value.errors == (FieldError("code", "duplicate_code"),)
    assert snapshot(database) == before


def test_add_lots_numbers_codes_on_from_the_database_and_from_each_other(
    lots: LotService, database: OpenDatabase
) -> None:
    lots.add_lot({"name": "Before", "country": "CO"})  # CO-2026-001
    added = lots.add_lots(
        [
            ({"name": "a", "country": "CO", "producer": "Ana"}, None),
            ({"name": "given", "code": "CO-2026-009"}, None),
            ({"name": "b", "country": "CO", "producer": "Ana"}, None),
            ({"name": "c", "country": "ET"}, None),
        ]
    )
    assert [lot.code for lot in added] == [
        "CO-2026-002",
        "CO-2026-009",
        "CO-2026-010",
        "ET-2026-001",
    ]
    assert added[0].producer == added[2].producer  # one producer record for one name
    stored = database.conn.execute("SELECT count(*) FROM producers WHERE name = 'Ana'").fetchone()[
        0
    ]
    assert stored == 1
    assert [s.code for s in lots.page(LotQuery(search="CO-2026-01"), 0, 10)] == ["CO-2026-010"]
    unassessed = database.conn.execute(
        "SELECT count(*) FROM lot_list WHERE verdict IS NULL"
    ).fetchone()[0]
    assert unassessed == 0  # each added lot's verdict is stored with it


def test_add_lots_names_the_row_of_two_equal_given_codes(lots: LotService) -> None:
    with pytest.raises(ValidationFailed) as caught:
        lots.add_lots(
            [({"name": "a", "code": "KE-1"}, None), ({"name": "b", "code": "ke-1"}, None)]
        )
    assert caught.value.row == 2
    assert lots.total() == 0
