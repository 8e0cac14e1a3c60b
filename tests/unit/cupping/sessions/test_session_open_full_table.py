"""A full table, 10 cuppers x 12 samples, opens with every panel computed and nothing revealed.
How fast it opens is measured in benchmarks/bench_session.py, against raw SQL, not here: a
timing on a shared machine is no test."""

from __future__ import annotations

import random
from decimal import Decimal

from cupping_session_builder import build_session, fill_sheets, random_sca_sheet

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase


def test_a_10_by_12_session_opens_with_every_panel_computed(
    database: OpenDatabase, lots: LotService, cupping: CuppingService
) -> None:
    built = build_session(lots, cupping, samples=12, cuppers=10, blind=True)
    rng = random.Random(2026)
    sheets = {(s, c): random_sca_sheet(rng) for s in built.sample_ids for c in built.cupper_ids}
    fill_sheets(database, cupping, built, sheets)

    board = cupping.open_session(built.session_id)

    assert len(board.panels) == 12
    assert all(board.view.state(s, c) == "complete" for s, c in sheets)
    for panel in board.panels:
        assert panel.summary is not None and panel.summary.final.count == 10
        assert len(panel.summary.sections) == 10
        final = panel.summary.final
        assert final.minimum is not None and final.maximum is not None
        assert final.minimum <= (final.mean or Decimal(-1)) <= final.maximum
        assert panel.sample.lot is None  # blind, not revealed
