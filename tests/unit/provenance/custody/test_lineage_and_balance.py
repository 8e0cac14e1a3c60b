"""Splits and merges, the traceability level they leave, and the mass balance: blend signals,
yields out of range, gaps between stages and the stages a process implies."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from custody_builders import stage, washed_history

from microlot_desk.domain.custody import CustodyEvent, EventKind
from microlot_desk.domain.lineage import Traceability
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.mass_balance import missing_stages
from microlot_desk.domain.verdict import HallmarkName
from microlot_desk.errors import ValidationFailed
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace.workspace import Workspace


def test_a_split_makes_sub_lots_that_inherit_the_history(workspace: Workspace, lot: Lot) -> None:
    workspace.custody.add_events(lot.id, washed_history())
    result = workspace.lineage.split(
        lot.id,
        [{"kg": "200"}, {"kg": "220", "code": "CO-TEST-B2", "name": "Second half"}],
        {"stage": "warehouse", "started": "2026-05-20T09:00-05:00", "place": "Pitalito"},
    )
    first, second = result.sub_lots
    assert (first.code, first.green_kg, first.name) == (f"{lot.code}-A", Decimal(200), lot.name)
    assert (second.code, second.name) == ("CO-TEST-B2", "Second half")
    assert first.plots == lot.plots and first.producer == lot.producer
    assert result.parent_event.kind is EventKind.SPLIT
    assert [s.lot_id for s in result.parent_event.related] == [first.id, second.id]
    child = workspace.custody.events(first.id)
    assert [e.kind for e in child] == [EventKind.SPLIT_FROM]
    family = workspace.lineage.lineage(first.id)
    assert family.parent is not None and family.parent.lot_id == lot.id
    assert family.level is Traceability.IDENTITY_PRESERVED
    assert workspace.lineage.lineage(lot.id).children == result.parent_event.related
    verdict = workspace.verdicts.assess(first.id)  # picking to bagging come from the parent
    assert verdict.hallmark(HallmarkName.SEPARATION).status == "met"


def test_parts_adding_up_to_more_than_the_lot_are_refused_and_nothing_is_written(
    workspace: Workspace, lot: Lot, lots: LotService, snapshot: Callable[..., list[str]]
) -> None:
    before = snapshot(workspace.database)
    with pytest.raises(ValidationFailed) as refused:
        workspace.lineage.split(lot.id, [{"kg": "300"}, {"kg": "200"}, {"kg": "-1"}])
    assert {e.code for e in refused.value.errors} == {"parts_exceed_lot", "out_of_range"}
    assert snapshot(workspace.database) == before and lots.total() == 1


def test_a_merge_with_coffee_of_unknown_origin_ends_identity_preservation(
    workspace: Workspace, lot: Lot, lots: LotService
) -> None:
    workspace.custody.add_events(lot.id, washed_history())
    other = lots.add_lot({"name": "Neighbour", "country": "CO", "green_kg": "50"})
    workspace.lineage.record_merge(
        lot.id,
        {
            "with": [{"code": other.code, "kg": "50"}],
            "stage": "bagging",
            "kg_in": "420",
            "form_in": "green",
            "kg_out": "470",
            "form_out": "green",
        },
    )
    assert workspace.lineage.lineage(lot.id).level is Traceability.SEGREGATED
    workspace.lineage.record_merge(lot.id, {"unknown_origin_kg": "30", "stage": "bagging"})
    family = workspace.lineage.lineage(lot.id)
    assert family.level is Traceability.MASS_BALANCE and family.unknown_origin_kg == 30
    verdict = workspace.verdicts.assess(lot.id)
    assert verdict.hallmark(HallmarkName.SEPARATION).status == "not_met"
    assert "merged_with_other_coffee" in [f.code for f in verdict.red_flags]


def test_a_merge_needs_to_say_with_what(workspace: Workspace, lot: Lot) -> None:
    with pytest.raises(ValidationFailed) as refused:
        workspace.lineage.record_merge(lot.id, {"with": [{"code": "NOPE-1", "kg": "5"}]})
    assert [e.code for e in refused.value.errors] == ["unknown_lot"]


def test_more_out_than_in_is_a_blend_signal(workspace: Workspace, lot: Lot) -> None:
    history = washed_history()
    history[-1] = stage(
        "bagging",
        "2026-05-19T13:00-05:00",
        "2026-05-19T17:00-05:00",
        kg_in="420",
        form_in="green",
        kg_out="600",
        form_out="green",
    )
    workspace.custody.add_events(lot.id, history)
    balance = workspace.custody.balance(lot.id)
    assert [(f.values["stage"], f.values["reason"]) for f in balance.blend_signals] == [
        ("bagging", "out_exceeds_in")
    ]
    verdict = workspace.verdicts.assess(lot.id)
    assert verdict.hallmark(HallmarkName.SEPARATION).status == "not_met"
    assert [f.code for f in verdict.red_flags].count("blend_signal") == 1


def test_more_in_than_the_stage_before_put_out_is_a_blend_signal(
    workspace: Workspace, lot: Lot
) -> None:
    history = washed_history()
    history[-1] = stage(
        "bagging",
        "2026-05-19T13:00-05:00",
        "2026-05-19T17:00-05:00",
        kg_in="480",
        form_in="green",
        kg_out="480",
        form_out="green",
    )
    workspace.custody.add_events(lot.id, history)
    signals = workspace.custody.balance(lot.id).blend_signals
    assert [(f.values["reason"], f.values["previous_out"]) for f in signals] == [
        ("in_exceeds_previous_out", "420")
    ]


def test_a_yield_far_outside_the_range_is_a_data_entry_warning(
    workspace: Workspace, lot: Lot
) -> None:
    history = washed_history()
    history[4] = stage(
        "hulling",
        "2026-05-19T08:00-05:00",
        "2026-05-19T12:00-05:00",
        kg_in="525",
        form_in="parchment",
        kg_out="52",
        form_out="green",
    )
    history[5] = stage(
        "bagging",
        "2026-05-19T13:00-05:00",
        "2026-05-19T17:00-05:00",
        kg_in="52",
        form_in="green",
        kg_out="52",
        form_out="green",
    )
    workspace.custody.add_events(lot.id, history)
    warnings = workspace.custody.balance(lot.id).yield_warnings
    assert [(w.values["ratio"], w.values["min"], w.values["max"]) for w in warnings] == [
        ("10.1", "1.15", "1.4")
    ]
    assert workspace.verdicts.assess(lot.id).warnings[0].code == "yield_out_of_range"


def test_gaps_beyond_the_allowance_are_flagged_and_the_allowance_is_a_setting(
    workspace: Workspace, lot: Lot
) -> None:
    history = washed_history()
    history[4] = stage(
        "hulling",
        "2026-05-25T08:00-05:00",
        "2026-05-25T12:00-05:00",
        kg_in="525",
        form_in="parchment",
        kg_out="420",
        form_out="green",
    )
    history[5] = stage(
        "bagging",
        "2026-05-25T13:00-05:00",
        "2026-05-25T17:00-05:00",
        kg_in="420",
        form_in="green",
        kg_out="420",
        form_out="green",
    )
    workspace.custody.add_events(lot.id, history)
    gaps = workspace.custody.balance(lot.id).gaps
    assert [(g.values["after"], g.values["before"], g.values["hours"]) for g in gaps] == [
        ("drying", "hulling", "160")
    ]
    workspace.verdicts.set_thresholds({"custody.gap_hours": "200"})
    assert workspace.custody.balance(lot.id).gaps == ()


@pytest.mark.parametrize(
    ("process", "missing"),
    [
        ("washed", ["depulping", "fermentation"]),
        ("honey_red", ["depulping"]),
        ("natural", []),
        ("anaerobic_natural", ["fermentation"]),
    ],
)
def test_the_process_decides_which_stages_must_be_there(process: str, missing: list[str]) -> None:

    present = [
        CustodyEvent(id=str(i), lot_id="l", seq=i, stage=name)
        for i, name in enumerate(("picking", "drying", "hulling", "bagging"), start=1)
    ]
    assert missing_stages(present, process) == missing
