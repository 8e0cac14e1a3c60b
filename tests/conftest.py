"""Shared test set-up. Qt runs offscreen in every test; no test touches the user's real data."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from pathlib import Path

import pytest
from ticking_clock import TickingClock


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the default data folder at a temporary one, so a test can never open real data."""
    monkeypatch.setenv("MICROLOT_DESK_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def clock() -> TickingClock:
    """The one clock of a test: every service, backup, restore and lock a fixture builds."""
    return TickingClock()
