"""The stored verdict follows every write that can change it — a lot's fields, a cupping sheet,
a threshold — in the same transaction; lots from before this version are assessed on request;
nested writes are one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.make_cqi_files import Made, arabica, robusta
from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import UNASSESSED, LotQuery
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.demo.demo_cupping import SHEET
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.services.provenance.verdict_service import VerdictService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase, open_database

V1 = Path(__file__).resolve().parents[3] / "fixtures" / "schema_v1.sqlite"


def stored(lots: LotService, lot_id: str) -> tuple[str | None, int | None]:
    row = next(r for r in lots.page(LotQuery(), 0, 1000) if r.id == lot_id)
    return row.verdict, row.verdict_met


def test_a_lot_save_stores_its_verdict(lots: LotService) -> None:
    lot = lots.add_lot({"name": "Tiny", "green_kg": "2400"})
    assert stored(lots, lot.id) == ("failing", 0)
    lots.update_fields(lot.id, {"green_kg": "300"})
    assert stored(lots, lot.id) == ("failing", 1)  # volume met now


def test_a_cupping_sheet_refreshes_the_lot_it_scores(
    database: OpenDatabase, lots: LotService
) -> None:
    lot = lots.add_lot({"name": "Cupped", "green_kg": "300"})
    cupping = CuppingService(database, clock=lots.clock)
    session = cupping.create_session({"held_on": "2026-06-01", "form_id": "sca-2004"})
    cupper = cupping.add_new_cupper(
        session.session.id, {"cupper_name": "Lab", "affiliation": "independent_lab"}
    )
    sample = cupping.add_sample(session.session.id, lot.id, {"sample_type": "offer"})
    before = stored(lots, lot.id)
    for key, value in SHEET.items():
        cupping.sheets.set_field(sample.id, cupper.id, key, value)
    after = stored(lots, lot.id)
    assert after[1] == (before[1] or 0) + 1  # the score hallmark is met (87.25)
    verdicts = VerdictService(lots)
    assert verdicts.assess(lot.id).hallmarks[3].status == "met"


def test_a_blind_session_counts_only_once_revealed(
    database: OpenDatabase, lots: LotService
) -> None:
    lot = lots.add_lot({"name": "Blind", "green_kg": "300"})
    cupping = CuppingService(database, clock=lots.clock)
    session = cupping.create_session(
        {"held_on": "2026-06-01", "form_id": "sca-2004", "blind": True}
    )
    cupper = cupping.add_new_cupper(
        session.session.id, {"cupper_name": "Lab", "affiliation": "independent_lab"}
    )
    sample = cupping.add_sample(session.session.id, lot.id, {"sample_type": "offer"})
    for key, value in SHEET.items():
        cupping.sheets.set_field(sample.id, cupper.id, key, value)
    hidden = stored(lots, lot.id)
    cupping.reveal(session.session.id, "Leader")
    assert stored(lots, lot.id)[1] == (hidden[1] or 0) + 1


@pytest.mark.parametrize("made", [arabica(120), robusta(40)], ids=["arabica", "robusta"])
def test_an_import_stores_the_verdicts_its_lots_get_when_read_back(
    database: OpenDatabase, lots: LotService, made: Made
) -> None:
    """The import scores its new lots from the sessions it just made, without reading them
    back: every verdict must be the one computed afterwards from what is stored."""
    report = CuppingService(database, clock=lots.clock).import_cqi(
        made.data, "file.csv", skip_bad_rows=True
    )
    assert report.imported > 0
    rows = lots.page(LotQuery(), 0, 1000)
    imported = {row.id: (row.verdict, row.verdict_met) for row in rows}
    assert len({met for _, met in imported.values()}) > 1  # scores both sides of the line
    with database.write():
        VerdictRefresher(database).refresh(imported)
    assert {row.id: (row.verdict, row.verdict_met) for row in lots.page(LotQuery(), 0, 1000)} == (
        imported
    )


def test_changing_a_threshold_recomputes_every_stored_verdict(
    database: OpenDatabase, lots: LotService
) -> None:
    lot = lots.add_lot({"name": "Big", "green_kg": "1200"})
    assert stored(lots, lot.id)[1] == 0
    Workspace(database, lots).verdicts.set_thresholds({"verdict.min_score": "88"})
    from microlot_desk.services.settings.station_settings import change_setting

    change_setting(database, "size_micro_to", "1500")
    assert stored(lots, lot.id)[1] == 1  # 1200 kg is a micro-lot now


def test_a_bad_threshold_is_refused(database: OpenDatabase, lots: LotService) -> None:
    from microlot_desk.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        VerdictService(lots).set_thresholds({"verdict.min_score": "eleventy", "nope": 1})
    assert {e.field for e in refused.value.errors} == {"verdict.min_score", "nope"}


def test_lots_from_before_are_unassessed_until_reassessed(tmp_path: Path) -> None:
    path = tmp_path / "microlot.sqlite"
    shutil.copyfile(V1, path)
    database = open_database(path, clock=TickingClock())
    try:
        lots = LotService(database)
        assert lots.count(LotQuery(verdict=UNASSESSED)) == 4
        verdicts = VerdictService(lots)
        assert verdicts.pending() == 4
        assert verdicts.refresh_pending(limit=3) == 3
        assert verdicts.refresh_pending() == 1 and verdicts.refresh_pending() == 0
        assert lots.count(LotQuery(verdict=UNASSESSED)) == 0
    finally:
        database.close()


def test_a_nested_write_is_a_savepoint_of_one_transaction(
    database: OpenDatabase, lots: LotService
) -> None:
    with database.write():
        lots.add_lot({"name": "Kept"})
        with pytest.raises(RuntimeError), database.write():
            lots.add_lot({"name": "Undone"})
            raise RuntimeError("inner failure")
        assert lots.total() == 1
    assert [r.name for r in lots.page(LotQuery(), 0, 10)] == ["Kept"]
    with pytest.raises(RuntimeError), database.write():
        lots.add_lot({"name": "Also undone"})
        raise RuntimeError("outer failure")
    assert lots.total() == 1
