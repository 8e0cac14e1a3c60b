"""Sheets at the table: each field checked and committed on its own; the sheet's result; the
panel per sample (mean, sd, min, max, flags); exclusions that keep the sheet but change the
means, in an append-only log."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from cupping_session_builder import ANA_SHEET, SCA_KEYS, Built, fill, stored

from microlot_desk.errors import NotFound, ValidationFailed
from microlot_desk.messages import describe
from microlot_desk.services.common.cupping_errors import (
    SheetAlreadyExcluded,
    SheetNotExcluded,
    SheetValueRefused,
)
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.storage.database import OpenDatabase

D = Decimal
BEN_SHEET = {**ANA_SHEET, "flavor": "7.75", "overall": "7.5", "clean_cup": 4}  # 84.00
CARO_SHEET = {**ANA_SHEET, "flavor": "9.5", "acidity": "9.25", "overall": "9.5"}  # 90.75


@pytest.fixture
def statements(database: OpenDatabase) -> Iterator[list[str]]:
    seen: list[str] = []
    database.db.conn.set_trace_callback(seen.append)
    yield seen
    database.db.conn.set_trace_callback(None)


def test_each_field_is_committed_as_it_is_set(
    cupping: CuppingService, open_session: Built, db_path: Path, statements: list[str]
) -> None:
    sample, cupper = open_session.sample_ids[0], open_session.cupper_ids[0]
    for key, value in ANA_SHEET.items():
        statements.clear()
        view = cupping.sheets.set_field(sample, cupper, key, value)
        assert statements.count("BEGIN IMMEDIATE") == 1 and statements.count("COMMIT") == 1
        rows = stored(
            db_path,
            "SELECT value FROM sheet_values WHERE sheet_id = ? AND key = ?",
            view.sheet_id,
            key,
        )
        assert rows == [(str(value),)]
    assert view.state == "complete"
    assert view.final == D("87.25")
    assert view.result is not None and view.result.band == "excellent"


def test_a_refused_value_names_the_section_and_writes_nothing(
    cupping: CuppingService, open_session: Built, database: OpenDatabase
) -> None:
    sample, cupper = open_session.sample_ids[0], open_session.cupper_ids[0]
    cupping.sheets.set_field(sample, cupper, "flavor", "8")
    before = list(database.db.conn.iterdump())
    for value, code, message in [
        (
            "8.3",
            "sheet_off_step",
            "Flavor (flavor): 8.3 is not on the form's steps of 0.25 from 0.",
        ),
        ("10.5", "sheet_out_of_range", "Flavor (flavor): 10.5 is outside 0 to 10."),
        ("ocho", "sheet_not_a_number", "Flavor (flavor): 'ocho' is not a number."),
    ]:
        with pytest.raises(SheetValueRefused) as caught:
            cupping.sheets.set_field(sample, cupper, "flavor", value)
        assert (caught.value.code, caught.value.section) == (code, "flavor")
        assert describe(caught.value) == message
    with pytest.raises(SheetValueRefused) as cups:
        cupping.sheets.set_field(sample, cupper, "uniformity", [True, True])
    assert describe(cups.value) == "Uniformity (uniformity): 2 cups were given; the form has 5."
    assert list(database.db.conn.iterdump()) == before
    assert cupping.sheets.get(sample, cupper).values == {"flavor": D(8)}


def test_an_incomplete_sheet_says_what_is_missing(
    cupping: CuppingService, open_session: Built
) -> None:
    sample, cupper = open_session.sample_ids[0], open_session.cupper_ids[0]
    empty = cupping.sheets.get(sample, cupper)
    assert (empty.sheet_id, empty.state, empty.final) == (None, "empty", None)
    assert empty.missing == SCA_KEYS
    view = cupping.sheets.set_field(sample, cupper, "flavor", "5.75")
    assert view.state == "incomplete"
    assert "flavor" not in view.missing and len(view.missing) == 9
    fill(cupping, sample, cupper, {**ANA_SHEET, "flavor": "5.75"})
    done = cupping.sheets.result(view.sheet_id or "")
    assert done.final == D("84.75")
    assert [(w.code, w.key) for w in done.result.warnings] == [("below_warn", "flavor")]  # type: ignore[union-attr]


def test_clearing_a_field_keeps_its_row_so_the_clearing_travels(
    cupping: CuppingService, open_session: Built, db_path: Path
) -> None:
    sample, cupper = open_session.sample_ids[0], open_session.cupper_ids[0]
    fill(cupping, sample, cupper, ANA_SHEET)
    view = cupping.sheets.set_field(sample, cupper, "flavor", None)
    assert view.state == "incomplete" and view.missing == ("flavor",)
    assert stored(db_path, "SELECT value FROM sheet_values WHERE key = 'flavor'") == [(None,)]
    # Clearing a field of a sheet nobody started writes no sheet at all.
    other = open_session.cupper_ids[1]
    assert cupping.sheets.set_field(sample, other, "flavor", None).sheet_id is None
    assert stored(db_path, "SELECT count(*) FROM cupping_sheets") == [(1,)]


def test_per_cup_marks_and_notes(cupping: CuppingService, open_session: Built) -> None:
    sample, cupper = open_session.sample_ids[1], open_session.cupper_ids[1]
    fill(cupping, sample, cupper, {**ANA_SHEET, "clean_cup": [True, True, False, True, True]})
    cupping.sheets.set_field(sample, cupper, "taint_cups", [False, False, True, False, False])
    cupping.sheets.set_note(sample, cupper, "flavor", "  panela, mandarina  ")
    view = cupping.sheets.set_note(sample, cupper, "", "Cooled fast")
    assert view.final == D("87.25") - 2 - 2  # one cup not clean, one tainted cup
    assert view.notes == {"flavor": "panela, mandarina", "": "Cooled fast"}
    assert cupping.sheets.set_note(sample, cupper, "flavor", "").notes == {"": "Cooled fast"}
    with pytest.raises(SheetValueRefused):
        cupping.sheets.set_note(sample, cupper, "no_such_section", "x")


def test_only_the_sessions_cuppers_may_score(
    cupping: CuppingService, open_session: Built, blind_session: Built
) -> None:
    with pytest.raises(NotFound):
        cupping.sheets.set_field(
            open_session.sample_ids[0], blind_session.cupper_ids[0], "flavor", "8"
        )
    with pytest.raises(NotFound):
        cupping.sheets.set_field("no-such-sample", open_session.cupper_ids[0], "flavor", "8")


def test_panel_result_per_sample(cupping: CuppingService, open_session: Built) -> None:
    sample = open_session.sample_ids[0]
    ana, ben = open_session.cupper_ids
    caro = cupping.add_new_cupper(
        open_session.session_id, {"cupper_name": "Caro", "affiliation": "roaster"}
    ).id
    fill(cupping, sample, ana, ANA_SHEET)
    fill(cupping, sample, ben, BEN_SHEET)
    fill(cupping, sample, caro, CARO_SHEET)
    cupping.sheets.set_field(open_session.sample_ids[1], ana, "flavor", "8")  # another sample
    panel = cupping.sheets.panel(sample)
    assert panel.summary is not None
    final = panel.summary.final
    # (87.25 + 84.00 + 90.75) / 3 = 87.333..; deviations -0.083, -3.333, +3.417;
    # squares sum to 22.7917, / 2 = 11.3958, whose root is 3.3758
    assert (final.count, final.mean, final.stdev, final.minimum, final.maximum) == (
        3,
        D("87.33"),
        D("3.38"),
        D("84.00"),
        D("90.75"),
    )
    flavor = panel.summary.section("flavor")
    assert (flavor.mean, flavor.minimum, flavor.maximum) == (D("8.50"), D("7.75"), D("9.50"))
    assert panel.summary.section("clean_cup").mean == D("9.33")  # points: 10, 8, 10
    assert [(line.cupper.name, line.flagged) for line in panel.lines] == [
        ("Cupper 0", False),
        ("Cupper 1", True),  # 3.33 below the mean
        ("Caro", True),  # 3.42 above
    ]
    assert panel.third_party  # Cupper 0 is an independent lab
    assert panel.final_mean == D("87.33")
    assert [line.deviation for line in panel.lines] == [D("-0.08"), D("-3.33"), D("3.42")]


def test_exclusion_keeps_the_sheet_and_changes_the_means(
    cupping: CuppingService, open_session: Built, db_path: Path
) -> None:
    sample = open_session.sample_ids[0]
    ana, ben = open_session.cupper_ids
    fill(cupping, sample, ana, ANA_SHEET)
    fill(cupping, sample, ben, BEN_SHEET)
    before = cupping.sheets.panel(sample)
    assert before.final_mean == D("85.63")  # 171.25 / 2, half up
    ana_sheet = before.lines[0].sheet_id

    entry = cupping.sheets.exclude(ana_sheet, "Sample cooled before cupping", "Ana Leader")
    after = cupping.sheets.panel(sample)
    assert after.final_mean == D("84.00")
    assert after.summary is not None and after.summary.final.count == 1
    assert after.summary.section("flavor").mean == D("7.75")
    kept = after.lines[0]
    assert (kept.sheet_id, kept.final, kept.exclusion) == (ana_sheet, D("87.25"), entry)
    assert (entry.reason, entry.by, entry.at) == (
        "Sample cooled before cupping",
        "Ana Leader",
        entry.at,
    )
    assert not after.third_party  # the independent lab's sheet no longer counts
    assert cupping.sheets.result(ana_sheet).final == D("87.25")  # the sheet is kept whole
    assert stored(db_path, "SELECT count(*) FROM sheet_values WHERE sheet_id = ?", ana_sheet) == [
        (10,)
    ]

    with pytest.raises(SheetAlreadyExcluded):
        cupping.sheets.exclude(ana_sheet, "again", "Ana Leader")
    cupping.sheets.restore(ana_sheet, "Re-cupped, same result", "Ana Leader")
    assert cupping.sheets.panel(sample).final_mean == D("85.63")
    with pytest.raises(SheetNotExcluded):
        cupping.sheets.restore(ana_sheet, "again", "Ana Leader")
    log = stored(db_path, "SELECT action, reason, by_name FROM sheet_exclusions ORDER BY rowid")
    assert log == [
        ("exclude", "Sample cooled before cupping", "Ana Leader"),
        ("restore", "Re-cupped, same result", "Ana Leader"),
    ]


def test_an_exclusion_needs_a_reason_and_a_name(
    cupping: CuppingService, open_session: Built
) -> None:
    fill(cupping, open_session.sample_ids[0], open_session.cupper_ids[0], ANA_SHEET)
    sheet = cupping.sheets.get(open_session.sample_ids[0], open_session.cupper_ids[0]).sheet_id
    with pytest.raises(ValidationFailed) as caught:
        cupping.sheets.exclude(sheet or "", "   ", "")
    assert sorted(e.field for e in caught.value.errors) == ["by", "reason"]
    with pytest.raises(NotFound):
        cupping.sheets.exclude("no-such-sheet", "why", "who")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE sheet_exclusions SET reason = 'changed'",
        "DELETE FROM sheet_exclusions",
        "UPDATE session_reveals SET by_name = 'someone else'",
        "DELETE FROM session_reveals",
    ],
)
def test_the_logs_are_append_only(
    cupping: CuppingService, blind_session: Built, database: OpenDatabase, sql: str
) -> None:
    fill(cupping, blind_session.sample_ids[0], blind_session.cupper_ids[0], ANA_SHEET)
    sheet = cupping.sheets.get(blind_session.sample_ids[0], blind_session.cupper_ids[0]).sheet_id
    cupping.sheets.exclude(sheet or "", "cold", "Ana Leader")
    cupping.reveal(blind_session.session_id, "Ana Leader")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        database.db.execute(sql)
