"""Fixtures for the custody, lineage and evidence tests: a workspace over a real database file
in tmp_path (the lot fixtures come from tests/unit/conftest.py) and a washed lot to record."""

from __future__ import annotations

import pytest

from microlot_desk.domain.lots import Lot
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase


@pytest.fixture
def workspace(database: OpenDatabase, lots: LotService) -> Workspace:
    return Workspace(database, lots)


@pytest.fixture
def lot(lots: LotService) -> Lot:
    return lots.add_lot(
        {
            "name": "Finca Test Gesha",
            "producer": "Ana Pérez",
            "farm": "Finca Test",
            "plot": "Lote 1",
            "altitude_m": 1900,
            "country": "CO",
            "varieties": "Gesha",
            "process": "washed",
            "harvest_start": "2026-05-12",
            "harvest_end": "2026-05-14",
            "green_kg": "420",
        }
    )
