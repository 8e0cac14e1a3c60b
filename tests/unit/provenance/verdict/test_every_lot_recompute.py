"""Judging every lot again after a threshold changed: in batches with progress, never on the
GUI thread once the guard is armed, and a cancel leaves the old threshold and every old verdict
(one transaction), so the lot list never shows a mix of old and new."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.services.common import thread_guard
from microlot_desk.services.common.progress import Cancelled, Progress
from microlot_desk.services.demo.demo_data import DEMO_TOTAL, load_demo
from microlot_desk.services.lots import verdict_refresh
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.settings.station_changes import change_station_setting
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase


@pytest.fixture
def demo(
    database: OpenDatabase, lots: LotService, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Workspace]:
    load_demo(lots)
    monkeypatch.setattr(verdict_refresh, "EVERY_LOT_BATCH", 4)
    yield Workspace(database, lots)


def stored_verdicts(demo: Workspace) -> dict[str, tuple[str | None, int | None]]:
    return {s.code: (s.verdict, s.verdict_met) for s in demo.lots.page(LotQuery(), 0, 1000)}


def test_progress_runs_in_batches_to_every_lot(demo: Workspace) -> None:
    reported: list[tuple[int, int]] = []
    demo.verdicts.set_thresholds(
        {"verdict.min_score": "90"}, Progress(lambda d, t: reported.append((d, t)))
    )
    assert reported == [(done, DEMO_TOTAL) for done in range(0, DEMO_TOTAL, 4)] + [
        (DEMO_TOTAL, DEMO_TOTAL)
    ]
    assert stored_verdicts(demo)["GT-2026-004"] == ("failing", 5)


@pytest.mark.parametrize("cancel_at", [0, 8, 12])  # at the start, part way, the last batch
def test_a_cancelled_recompute_keeps_the_old_threshold_and_every_old_verdict(
    demo: Workspace, snapshot: Callable[[OpenDatabase], list[str]], cancel_at: int
) -> None:
    before = snapshot(demo.database)
    progress = Progress()

    def report(done: int, _total: int) -> None:
        if done >= cancel_at:
            progress.cancel.set()  # the person pressed Cancel while this batch ran

    progress.report = report
    with pytest.raises(Cancelled):
        demo.verdicts.set_thresholds({"verdict.min_score": "90"}, progress)
    assert snapshot(demo.database) == before
    assert demo.verdicts.setting_values()["verdict.min_score"] == "86"


def test_a_cancelled_size_limit_keeps_the_old_limit_for_new_lots_too(
    demo: Workspace, snapshot: Callable[[OpenDatabase], list[str]]
) -> None:
    before = snapshot(demo.database)
    progress = Progress()
    progress.cancel.set()
    with pytest.raises(Cancelled):
        change_station_setting(demo.lots, "size_micro_from", "90", progress)
    assert snapshot(demo.database) == before
    assert demo.lots.station.thresholds.micro_from == 100


def test_the_armed_guard_refuses_the_recompute_on_the_gui_thread(
    demo: Workspace, snapshot: Callable[[OpenDatabase], list[str]]
) -> None:
    before = snapshot(demo.database)
    thread_guard.arm()
    try:
        with pytest.raises(thread_guard.WorkOnGuiThread, match="every lot's verdict"):
            demo.verdicts.set_thresholds({"verdict.min_score": "90"})
        with pytest.raises(thread_guard.WorkOnGuiThread, match="every lot's verdict"):
            change_station_setting(demo.lots, "size_micro_to", "900")
    finally:
        thread_guard.disarm()
    assert snapshot(demo.database) == before
