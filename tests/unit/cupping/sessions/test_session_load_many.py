"""Many sessions read at once (an import's verdict pass): each session gets exactly its own
samples, cuppers and sheets with their values, in table order, and a session that is not there
is absent rather than mixed in."""

from __future__ import annotations

import random

import pytest
from cupping_session_builder import build_session, fill_sheets, random_sca_sheet

from microlot_desk.errors import NotFound
from microlot_desk.services.common.cupping_loader import SessionLoader
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase


def test_each_session_gets_its_own_rows(
    database: OpenDatabase, lots: LotService, cupping: CuppingService
) -> None:
    first = build_session(lots, cupping, samples=3, cuppers=2)
    second = build_session(lots, cupping, samples=2, cuppers=3, blind=True)
    rng = random.Random(7)
    for built in (first, second):
        sheets = {(s, c): random_sca_sheet(rng) for s in built.sample_ids for c in built.cupper_ids}
        fill_sheets(database, cupping, built, sheets)
    loader = SessionLoader(CuppingRepository(database), cupping.forms)

    loaded = loader.load_many([second.session_id, "no-such-session", first.session_id])

    assert set(loaded) == {first.session_id, second.session_id}
    for built in (first, second):
        record = loaded[built.session_id].record
        assert tuple(s.id for s in record.samples) == built.sample_ids
        assert tuple(c.id for c in record.cuppers) == built.cupper_ids
        assert len(record.sheets) == len(built.sample_ids) * len(built.cupper_ids)
        assert {s.session_id for s in record.sheets} == {built.session_id}
        assert all(sheet.values for sheet in record.sheets)
        assert all(panel.summary is not None for panel in loaded[built.session_id].panels)
    assert loaded[second.session_id].lots == {}  # blind and not revealed: no lot names
    assert set(loaded[first.session_id].lots) == set(first.lot_ids)
    unlabelled = loader.load_many([first.session_id], lot_labels=False)
    assert unlabelled[first.session_id].lots == {}
    assert unlabelled[first.session_id].record == loaded[first.session_id].record


def test_one_missing_session_is_not_found(database: OpenDatabase) -> None:
    with pytest.raises(NotFound):
        CuppingRepository(database).load("no-such-session", lambda session: dict)
