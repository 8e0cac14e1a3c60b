"""Fixtures for the cupping session tests: the cupping services over a real database file in
tmp_path (the lot fixtures come from tests/unit/conftest.py), and small ready-made sessions."""

from __future__ import annotations

import pytest
from cupping_session_builder import Built, build_session

from microlot_desk.clock import Clock
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase


@pytest.fixture
def cupping(database: OpenDatabase, clock: Clock) -> CuppingService:
    return CuppingService(database, clock=clock)


@pytest.fixture
def open_session(lots: LotService, cupping: CuppingService) -> Built:
    """Not blind: 3 samples, 2 cuppers (an independent lab and an exporter)."""
    return build_session(lots, cupping, samples=3, cuppers=2)


@pytest.fixture
def blind_session(lots: LotService, cupping: CuppingService) -> Built:
    """Blind: 3 samples, 2 cuppers."""
    return build_session(lots, cupping, samples=3, cuppers=2, blind=True)
