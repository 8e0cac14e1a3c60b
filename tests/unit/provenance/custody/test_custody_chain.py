"""Custody events are append-only and hash-chained: a correction is a new event beside the old
one; an edit made in the SQLite file behind the app's back (even with the triggers dropped) is
found by the chain check, on the lot and by `db check`."""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from custody_builders import stage, washed_history
from hypothesis import given, settings
from hypothesis import strategies as st

from microlot_desk.domain.custody import CoffeeForm, CustodyEvent, EventKind, Moment
from microlot_desk.domain.custody_chain import ChainHead, sealed, verify_chain
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.verdict import HallmarkName
from microlot_desk.errors import ValidationFailed
from microlot_desk.services.workspace.workspace import Workspace


def raw_sql(path: Path, *statements: str) -> None:
    """Edit the file the way someone with the sqlite3 tool would."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_events_are_recorded_in_order_with_their_hashes_chained(
    workspace: Workspace, lot: Lot
) -> None:
    events = workspace.custody.add_events(lot.id, washed_history())
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.content_hash for a, b in itertools.pairwise(events))
    status = workspace.custody.chain_status(lot.id)
    assert status.intact and status.count == 6 and status.head_hash == events[-1].content_hash


def test_times_keep_the_local_offset(workspace: Workspace, lot: Lot) -> None:
    event = workspace.custody.add_event(
        lot.id, stage("drying", "2026-05-16T06:30-05:00", "2026-05-20")
    )
    assert event.started is not None and event.ended is not None
    assert event.started.utc == datetime(2026, 5, 16, 11, 30, tzinfo=UTC)
    assert event.started.local().hour == 6 and event.started.offset_minutes == -300
    stored = workspace.custody.events(lot.id)[0]
    assert stored.started == event.started
    assert stored.ended is not None and stored.ended.utc == datetime(2026, 5, 21, tzinfo=UTC)


def test_an_amendment_is_a_new_event_and_the_history_shows_both(
    workspace: Workspace, lot: Lot
) -> None:
    first = workspace.custody.add_event(
        lot.id, stage("drying", "2026-05-16", "2026-05-18", kg_out="5250", form_out="parchment")
    )
    fixed = workspace.custody.amend(first.id, {"kg_out": "525", "notes": "typo: one zero"})
    assert fixed.amends_id == first.id and fixed.seq == 2 and fixed.stage == "drying"
    assert fixed.kg_out == Decimal("525") and fixed.form_out is CoffeeForm.PARCHMENT
    history = workspace.custody.history(lot.id)
    assert [(line.event.id, line.in_force) for line in history] == [
        (first.id, False),
        (fixed.id, True),
    ]
    assert history[0].amended_by == (fixed.id,)
    assert [e.id for e in workspace.custody.effective(lot.id)] == [fixed.id]
    withdrawn = workspace.custody.amend(fixed.id, {"void": True})
    assert withdrawn.void and workspace.custody.effective(lot.id) == ()
    assert workspace.custody.chain_status(lot.id).intact


def test_bad_input_is_refused_with_every_field_named_and_nothing_written(
    workspace: Workspace, lot: Lot, snapshot: Callable[..., list[str]]
) -> None:
    before = snapshot(workspace.database)
    with pytest.raises(ValidationFailed) as refused:
        workspace.custody.add_event(
            lot.id,
            {
                "stage": "teleporting",
                "started": "2026-05-20T10:00-05:00",
                "ended": "2026-05-19",
                "kg_in": "abc",
                "kg_out": "12",
                "utc_offset": "+99:00",
                "colour": "red",
            },
        )
    fields = {e.field: e.code for e in refused.value.errors}
    assert fields == {
        "utc_offset": "bad_offset",
        "stage": "unknown_choice",
        "kg_in": "not_a_number",
        "colour": "unknown_field",
        "ended": "end_before_start",
        "form_out": "required_with_weight",
    }
    assert snapshot(workspace.database) == before


def test_update_and_delete_through_sql_are_refused(workspace: Workspace, lot: Lot) -> None:
    workspace.custody.add_events(lot.id, washed_history())
    path = workspace.path
    for statement in ("UPDATE custody_events SET kg_out = '999'", "DELETE FROM custody_events"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw_sql(path, statement)


def test_an_edit_behind_the_apps_back_is_detected_on_the_lot_and_by_db_check(
    workspace: Workspace, lot: Lot, cli: Callable[..., object]
) -> None:
    workspace.custody.add_events(lot.id, washed_history())
    assert workspace.check_records() == []
    raw_sql(
        workspace.path,
        "DROP TRIGGER custody_events_no_update",
        f"UPDATE custody_events SET kg_out = '430' WHERE lot_id = '{lot.id}' AND seq = 5",
    )
    status = workspace.custody.chain_status(lot.id)
    assert [(p.code, p.seq, p.stage) for p in status.problems] == [
        ("content_changed", 5, "hulling")
    ]
    problems = workspace.check_records()
    assert [(p.code, p.values.get("lot"), p.values.get("seq")) for p in problems] == [
        ("custody_content_changed", lot.code, "5"),
        ("custody_guard_missing", None, None),  # the dropped trigger is named too
    ]
    assert problems[1].values == {"trigger": "custody_events_no_update"}
    verdict = workspace.verdicts.assess(lot.id)
    assert verdict.hallmark(HallmarkName.SEPARATION).status == "not_met"
    assert "custody_chain_broken" in [flag.code for flag in verdict.red_flags]


def test_db_check_exits_non_zero_and_says_what_was_changed(
    workspace: Workspace, lot: Lot, cli: Callable[..., object], data_dir: Path
) -> None:
    workspace.custody.add_events(lot.id, washed_history())
    workspace.close()
    ok = cli("db", "check")
    assert ok.code == 0 and ok.out.strip() == "ok"  # type: ignore[attr-defined]
    raw_sql(
        data_dir / "microlot.sqlite",
        "DROP TRIGGER custody_events_no_update",
        "UPDATE custody_events SET kg_out = '430' WHERE seq = 5",
    )
    found = cli("db", "check")
    assert found.code == 1  # type: ignore[attr-defined]
    assert found.out.splitlines() == [  # type: ignore[attr-defined]
        f"custody of {lot.code}: event 5 (hulling) was changed after it was recorded",
        "the guard that keeps custody events from being changed or deleted"
        " (custody_events_no_update) was removed from the database file with another tool",
    ]


def test_removing_the_newest_event_is_detected(workspace: Workspace, lot: Lot) -> None:
    workspace.custody.add_events(lot.id, washed_history())
    raw_sql(
        workspace.path,
        "DROP TRIGGER custody_events_no_delete",
        "DELETE FROM custody_events WHERE seq = 6",
    )
    status = workspace.custody.chain_status(lot.id)
    assert [p.code for p in status.problems] == ["head_mismatch"]


def test_removing_an_event_in_the_middle_is_detected(workspace: Workspace, lot: Lot) -> None:
    workspace.custody.add_events(lot.id, washed_history())
    raw_sql(
        workspace.path,
        "DROP TRIGGER custody_events_no_delete",
        "DELETE FROM custody_events WHERE seq = 3",
    )
    codes = {p.code for p in workspace.custody.chain_status(lot.id).problems}
    assert {"sequence_gap", "link_broken"} <= codes


# ---- the chain as a property: any single field changed is found ----------------------------

_START = datetime(2026, 5, 12, 11, tzinfo=UTC)


def _chain(length: int) -> list[CustodyEvent]:
    events: list[CustodyEvent] = []
    previous = "0" * 64
    for seq in range(1, length + 1):
        event = sealed(
            CustodyEvent(
                id=f"event-{seq}",
                lot_id="lot-1",
                seq=seq,
                kind=EventKind.STAGE,
                stage="drying",
                started=Moment(_START + timedelta(days=seq), -300),
                ended=Moment(_START + timedelta(days=seq, hours=5), -300),
                place="Finca",
                responsible="Ana",
                kg_in=Decimal("525"),
                form_in=CoffeeForm.PARCHMENT,
                kg_out=Decimal("520"),
                form_out=CoffeeForm.PARCHMENT,
                notes="",
                recorded_at=f"2026-05-1{seq % 10}T00:00:00+00:00",
                recorded_by="station",
                prev_hash=previous,
            )
        )
        previous = event.content_hash
        events.append(event)
    return events


_TAMPERS = {
    "stage": "fermentation",
    "place": "Elsewhere",
    "responsible": "Someone else",
    "kg_in": Decimal("526"),
    "kg_out": Decimal("530"),
    "form_out": CoffeeForm.GREEN,
    "notes": "x",
    "started": Moment(_START, 0),
    "ended": None,
    "void": True,
    "recorded_by": "other-station",
    "amends_id": "event-1",
    "kind": EventKind.MERGE,
    "lot_id": "lot-2",
}


@settings(max_examples=60, deadline=None)
@given(length=st.integers(1, 8), data=st.data())
def test_any_single_field_changed_in_any_event_breaks_the_chain(
    length: int, data: st.DataObject
) -> None:
    events = _chain(length)
    head = ChainHead(length, events[-1].content_hash)
    assert verify_chain(events, head).intact
    index = data.draw(st.integers(0, length - 1))
    field = data.draw(st.sampled_from(sorted(_TAMPERS)))
    events[index] = dataclasses.replace(events[index], **{field: _TAMPERS[field]})
    status = verify_chain(events, head)
    assert not status.intact
    assert any(p.seq == index + 1 and p.code == "content_changed" for p in status.problems)
