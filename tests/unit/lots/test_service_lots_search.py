"""Finding lots: accent-free search in any script, filters, sorting, paging and counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microlot_desk.domain.lot_query import LotQuery, LotSort
from microlot_desk.domain.size_classes import SizeClass
from microlot_desk.services.demo.demo_data import DEMO_TOTAL, load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.settings_repository import SettingsRepository


@pytest.fixture
def demo(lots: LotService) -> LotService:
    load_demo(lots)
    return lots


def codes(lots: LotService, query: LotQuery) -> list[str]:
    found = [s.code for s in lots.page(query, 0, 10_000)]
    assert lots.count(query) == len(found)
    return found


def search(lots: LotService, text: str) -> set[str]:
    return set(codes(lots, LotQuery(search=text)))


# ---- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["narino", "Nariño", "NARIÑO", "Narin\u0303o"])
def test_narino_finds_the_narino_lot(demo: LotService, text: str) -> None:
    assert search(demo, text) == {"CO-2026-014"}


def test_ethiopic_producer_name_is_found(demo: LotService) -> None:
    assert search(demo, "አበበ") == {"ET-2026-007"}
    assert search(demo, "አበበ በቀለ") == {"ET-2026-007"}


def test_chinese_producer_name_is_found_by_three_and_two_characters(demo: LotService) -> None:
    assert search(demo, "李明华") == {"CN-2026-002"}
    assert search(demo, "明华") == {"CN-2026-002"}  # shorter than a trigram: LIKE
    assert search(demo, "李") == {"CN-2026-002"}


def test_search_covers_code_farm_plot_variety_country_name_and_process(demo: LotService) -> None:
    assert search(demo, "co-2026-014") == {"CO-2026-014"}
    assert search(demo, "Esperanza") == {"CO-2026-014"}
    assert search(demo, "guadual") == {"CO-2026-021"}  # a plot name
    assert "KE-2026-011" in search(demo, "ruiru")
    assert search(demo, "ethiopia") == {"ET-2026-003", "ET-2026-007"}
    assert search(demo, "wet hulled") == {"ID-2026-009"}


def test_every_search_term_must_match(demo: LotService) -> None:
    assert search(demo, "gesha") == {"CO-2026-014", "PA-2026-007"}
    assert search(demo, "gesha narino") == {"CO-2026-014"}
    assert search(demo, "gesha 李") == set()


def test_empty_search_lists_everything(demo: LotService) -> None:
    assert len(search(demo, "")) == demo.total() == DEMO_TOTAL
    assert len(search(demo, "   ")) == DEMO_TOTAL


@pytest.mark.parametrize(
    "text",
    ['"', "'", "O'Brien", 'say "hi"', "a-b", "*", "NEAR(", "(", "AND", "a.b", "\\", "_", "%"],
)
def test_search_text_with_operators_and_quotes_never_fails(demo: LotService, text: str) -> None:
    found = search(demo, text)
    assert isinstance(found, set)


def test_like_wildcards_are_taken_literally(demo: LotService) -> None:
    assert search(demo, "%") == set()
    assert search(demo, "_") == set()
    assert search(demo, "%%") == set()


def test_a_lot_is_found_right_after_it_is_added(demo: LotService) -> None:
    lot = demo.add_lot({"name": "Sidra Experimental", "producer": "Ñuñoa", "country": "EC"})
    assert search(demo, "nunoa") == {lot.code}
    assert search(demo, "sidra") == {lot.code}


# ---- filters --------------------------------------------------------------------------------


def test_filter_by_country(demo: LotService) -> None:
    assert set(codes(demo, LotQuery(country="ET"))) == {"ET-2026-003", "ET-2026-007"}
    assert codes(demo, LotQuery(country="FR")) == []


def test_filter_by_process(demo: LotService) -> None:
    washed = set(codes(demo, LotQuery(process="washed")))
    assert {"CO-2026-014", "ET-2026-003", "KE-2026-011", "PE-2026-006"} <= washed
    assert "PA-2026-007" not in washed
    assert codes(demo, LotQuery(process="wet_hulled")) == ["ID-2026-009"]


def test_filter_by_variety_ignores_case_and_accents(demo: LotService) -> None:
    assert set(codes(demo, LotQuery(variety="gesha"))) == {"CO-2026-014", "PA-2026-007"}
    assert set(codes(demo, LotQuery(variety="GESHA"))) == {"CO-2026-014", "PA-2026-007"}
    catuai = set(codes(demo, LotQuery(variety="catuai")))
    assert catuai == {"CR-2026-018"}  # 'Catuaí'; 'Yellow Catuaí' is another variety
    assert codes(demo, LotQuery(variety="Ruiru 11")) == ["KE-2026-011"]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (SizeClass.NANO, {"ET-2026-007", "CN-2026-005"}),
        (SizeClass.SMALL, {"CO-2026-021", "PA-2026-007"}),
        (SizeClass.REGULAR, {"KE-2026-011", "BR-2026-031"}),
    ],
)
def test_filter_by_size_class(demo: LotService, size: SizeClass, expected: set[str]) -> None:
    assert set(codes(demo, LotQuery(size_class=size))) == expected


def test_size_class_filter_agrees_with_each_lot_class(demo: LotService) -> None:
    every = demo.page(LotQuery(), 0, 100)
    for size in SizeClass:
        in_filter = set(codes(demo, LotQuery(size_class=size)))
        assert in_filter == {s.code for s in every if s.size_class() is size}


def test_filters_combine_with_search(demo: LotService) -> None:
    query = LotQuery(search="gesha", country="PA", size_class=SizeClass.SMALL)
    assert codes(demo, query) == ["PA-2026-007"]
    assert codes(demo, LotQuery(search="gesha", country="CO", process="natural")) == []


@pytest.fixture
def boundary_lots(lots: LotService) -> LotService:
    for kg in ["49.999", "50", "99.999", "100", "1000", "1000.001"]:
        lots.add_lot({"name": f"Weighs {kg}", "green_kg": kg})
    lots.add_lot({"name": "Not weighed yet"})
    return lots


def names(lots: LotService, query: LotQuery) -> set[str]:
    return {s.name for s in lots.page(query, 0, 100)}


def test_size_class_filter_boundaries_at_50_100_and_1000(boundary_lots: LotService) -> None:
    assert names(boundary_lots, LotQuery(size_class=SizeClass.NANO)) == {"Weighs 49.999"}
    assert names(boundary_lots, LotQuery(size_class=SizeClass.SMALL)) == {
        "Weighs 50",
        "Weighs 99.999",
    }
    assert names(boundary_lots, LotQuery(size_class=SizeClass.MICRO)) == {
        "Weighs 100",
        "Weighs 1000",
    }
    assert names(boundary_lots, LotQuery(size_class=SizeClass.REGULAR)) == {"Weighs 1000.001"}


def test_size_class_filter_follows_the_station_thresholds(
    boundary_lots: LotService, database: OpenDatabase
) -> None:
    settings = SettingsRepository(database)
    with database.write():
        settings.set("size_nano_below", "60")
        settings.set("size_micro_from", "100")
        settings.set("size_micro_to", "999")
    lots = LotService(database)
    assert lots.station.thresholds.nano_below == Decimal(60)
    assert names(lots, LotQuery(size_class=SizeClass.NANO)) == {"Weighs 49.999", "Weighs 50"}
    assert names(lots, LotQuery(size_class=SizeClass.REGULAR)) == {"Weighs 1000", "Weighs 1000.001"}


def test_filter_menus_list_the_values_present(demo: LotService) -> None:
    countries = demo.filter_values("country")
    assert countries == sorted(countries)
    assert {"CO", "ET", "CN", "PA", "KE", "BR"} <= set(countries)
    assert "washed" in demo.filter_values("process")
    assert "gesha" in demo.filter_values("variety")
    with pytest.raises(ValueError):
        demo.filter_values("story")


# ---- sorting and paging ----------------------------------------------------------------------


def test_default_order_is_by_code(demo: LotService) -> None:
    found = codes(demo, LotQuery())
    assert found == sorted(found)
    assert codes(demo, LotQuery(descending=True)) == list(reversed(found))


def test_sort_by_weight_is_numeric_not_textual(demo: LotService) -> None:
    rows = demo.page(LotQuery(sort=LotSort.GREEN_KG), 0, 100)
    weights = [r.green_kg for r in rows]
    assert None not in weights
    assert weights == sorted(w for w in weights if w is not None)
    assert weights[0] == Decimal("30") and weights[-1] == Decimal("2400")


def test_sort_by_name_ignores_case(lots: LotService) -> None:
    for name in ["banana", "Apple", "cherry", "apricot"]:
        lots.add_lot({"name": name})
    rows = lots.page(LotQuery(sort=LotSort.NAME), 0, 10)
    assert [r.name for r in rows] == ["Apple", "apricot", "banana", "cherry"]


def test_sort_by_producer(demo: LotService) -> None:
    rows = demo.page(LotQuery(sort=LotSort.PRODUCER, descending=True), 0, 100)
    producers = [r.producer.casefold() for r in rows]
    assert producers == sorted(producers, reverse=True)
    assert rows[0].producer in {"张秀英", "李明华", "ኮንጋ የቡና አምራቾች ማህበር", "አበበ በቀለ"}


def test_pages_cover_the_list_exactly_once(demo: LotService) -> None:
    query = LotQuery(sort=LotSort.COUNTRY)
    whole = [s.code for s in demo.page(query, 0, 100)]
    paged: list[str] = []
    for offset in range(0, 20, 4):
        paged += [s.code for s in demo.page(query, offset, 4)]
    assert paged == whole
    assert len(set(whole)) == DEMO_TOTAL
    assert demo.page(query, DEMO_TOTAL, 4) == []
    assert demo.count(query) == DEMO_TOTAL


def test_summary_rows_carry_what_the_list_shows(demo: LotService) -> None:
    (row,) = demo.page(LotQuery(search="narino"), 0, 1)
    assert row.code == "CO-2026-014"
    assert row.producer == "José Ñáñez Muñoz"
    assert row.country == "CO"
    assert row.varieties == "Gesha"
    assert row.green_kg == Decimal("420")
    assert row.size_class() is SizeClass.MICRO
