"""Properties of panel results over stored sessions: excluding a sheet gives exactly the panel
of the same session without that sheet (but keeps the sheet listed); the order sheets were
entered in does not matter."""

from __future__ import annotations

import random

from cupping_session_builder import build_session, fill_sheets, random_sca_sheet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microlot_desk.services.common.cupping_views import SamplePanel
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase

SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def panel_of(
    database: OpenDatabase,
    lots: LotService,
    cupping: CuppingService,
    sheets: list[dict[str, object]],
    order: list[int],
) -> tuple[SamplePanel, list[str]]:
    built = build_session(lots, cupping, samples=1, cuppers=len(sheets))
    sample = built.sample_ids[0]
    fill_sheets(
        database,
        cupping,
        built,
        {(sample, built.cupper_ids[i]): sheets[i] for i in order},
    )
    panel = cupping.sheets.panel(sample)
    return panel, [line.sheet_id for line in panel.lines]


@SETTINGS
@given(seed=st.integers(0, 2**32), size=st.integers(2, 5), data=st.data())
def test_excluding_a_sheet_equals_never_entering_it(
    database: OpenDatabase,
    lots: LotService,
    cupping: CuppingService,
    seed: int,
    size: int,
    data: st.DataObject,
) -> None:
    rng = random.Random(seed)
    sheets = [random_sca_sheet(rng) for _ in range(size)]
    left_out = data.draw(st.integers(0, size - 1))
    full, ids = panel_of(database, lots, cupping, sheets, list(range(size)))
    cupping.sheets.exclude(ids[left_out], "off-panel", "Leader")
    excluded = cupping.sheets.panel(full.sample.id)

    others = [sheet for i, sheet in enumerate(sheets) if i != left_out]
    without, _ = panel_of(database, lots, cupping, others, list(range(size - 1)))

    assert excluded.summary is not None and without.summary is not None
    assert excluded.summary.final == without.summary.final
    assert excluded.summary.sections == without.summary.sections
    assert len(excluded.lines) == size  # the excluded sheet is still listed
    assert excluded.lines[left_out].exclusion is not None
    assert excluded.lines[left_out].final == full.lines[left_out].final


@SETTINGS
@given(seed=st.integers(0, 2**32), size=st.integers(1, 5), data=st.data())
def test_entry_order_does_not_change_the_panel(
    database: OpenDatabase,
    lots: LotService,
    cupping: CuppingService,
    seed: int,
    size: int,
    data: st.DataObject,
) -> None:
    rng = random.Random(seed)
    sheets = [random_sca_sheet(rng) for _ in range(size)]
    order = data.draw(st.permutations(range(size)))
    first, _ = panel_of(database, lots, cupping, sheets, list(range(size)))
    second, _ = panel_of(database, lots, cupping, sheets, list(order))
    assert first.summary is not None and second.summary is not None
    assert (first.summary.final, first.summary.sections) == (
        second.summary.final,
        second.summary.sections,
    )

    def standing(panel: SamplePanel) -> list[tuple[object, ...]]:
        return [(line.final, line.deviation, line.flagged) for line in panel.lines]

    assert standing(first) == standing(second)
