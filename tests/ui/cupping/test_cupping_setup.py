"""Setting a session up on the Cupping screen: the short form (a refused value keeps the session
from being made at all), the protocol's departures listed, samples picked by searching lots,
cuppers from the roster or new; each addition committed; the session list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from cupping_driving import (
    committed,  # noqa: F401  (fixture)
    cupping,  # noqa: F401  (fixture)
    lot_service,  # noqa: F401  (fixture)
    set_table,
    show_in_host,
)
from driving import type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from ticking_clock import TEST_START, TickingClock

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.cupping.cupping_page import SETUP, TABLE, CuppingPage

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(
    qtbot: QtBot,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
) -> Iterator[CuppingPage]:
    undo_stack = QUndoStack()
    screen = CuppingPage(cupping, lot_service, undo_stack)
    host = show_in_host(qtbot, screen, undo_stack)
    yield screen
    host.close()


def click_and_type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    qtbot.mouseClick(widget, LEFT, pos=widget.rect().center())
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)


def choose(qtbot: QtBot, combo: QComboBox, data: str) -> None:
    """Pick an entry with the arrow keys, as a person does in a closed combo box."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def edit(page: CuppingPage, key: str) -> QLineEdit:
    widget = page.setup.edits[key]
    assert isinstance(widget, QLineEdit)
    return widget


def test_a_new_session_is_set_up_on_the_screen(
    qtbot: QtBot,
    page: CuppingPage,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
    committed: CuppingService,  # noqa: F811
) -> None:
    guji = lot_service.add_lot({"name": "ቡና ጎጂ Guji Natural", "country": "ET"})
    lot_service.add_lot({"name": "Sidama Bensa", "country": "ET"})
    veteran = cupping.register_cupper(
        {"cupper_name": "Maria Souza", "q_licence": "Q-0042", "affiliation": "importer"}
    )
    qtbot.mouseClick(page.new_button, LEFT)
    assert page.tabs.currentIndex() == SETUP and not page.tabs.isTabEnabled(TABLE)
    setup = page.setup
    type_text(qtbot, edit(page, "title"), "Approval 小批次")
    click_and_type(qtbot, edit(page, "place"), "Addis Ababa")
    choose(qtbot, setup.form_choice, "sca-2004")
    qtbot.mouseClick(setup.blind, LEFT, pos=setup.blind.rect().bottomLeft() + _nudge())
    assert setup.blind.isChecked()
    click_and_type(qtbot, edit(page, "water_temp_c"), "90")
    click_and_type(qtbot, edit(page, "dose_g"), "8;25")
    qtbot.mouseClick(setup.create_button, LEFT)
    assert setup.errors["dose_g"].isVisible()
    assert "not a number" in setup.errors["dose_g"].text()
    assert committed.sessions() == []  # nothing was made

    click_and_type(qtbot, edit(page, "dose_g"), "8,25")
    qtbot.mouseClick(setup.create_button, LEFT)
    sessions = committed.sessions()
    assert len(sessions) == 1
    made = sessions[0].session
    assert (made.title, made.place, made.form_id, made.blind) == (
        "Approval 小批次",
        "Addis Ababa",
        "sca-2004",
        True,
    )
    assert made.protocol.dose_g == Decimal("8.25") and made.protocol.water_temp_c == Decimal(90)
    assert made.held_on == TEST_START.date()  # today, by the session clock
    assert "Water temperature" in setup.deviations.text()
    assert page.tabs.isTabEnabled(TABLE)

    # Once made, each field is saved as it is left.
    click_and_type(qtbot, edit(page, "place"), "Harar")
    qtbot.keyClick(edit(page, "place"), Qt.Key.Key_Tab)
    assert committed.session(made.id).session.place == "Harar"

    members = page.members
    click_and_type(qtbot, members.lot_search, "guji")
    qtbot.waitUntil(lambda: members.found.count() == 1)
    assert members.found.item(0).text() == f"{guji.code} — ቡና ጎጂ Guji Natural"
    choose(qtbot, members.sample_type, "approval")
    click_and_type(qtbot, members.roast_date, "2026-11-25")
    click_and_type(qtbot, members.agtron_whole, "58,5")
    qtbot.mouseClick(members.add_sample_button, LEFT)
    view = committed.session(made.id)
    assert len(view.samples) == 1
    sample = view.samples[0]
    assert sample.sample_type == "approval" and sample.agtron_whole == Decimal("58.5")
    assert sample.roast_date == date(2026, 11, 25)
    shown = members.samples.item(0).text()
    assert shown.startswith(sample.blind_code) and "Guji" not in shown  # blind: the code only

    click_and_type(qtbot, members.cupper_name, "ታደሰ በቀለ")
    click_and_type(qtbot, members.q_licence, "Q-0077")
    choose(qtbot, members.affiliation, "independent_lab")
    qtbot.mouseClick(members.new_cupper_button, LEFT)
    assert members.roster.currentData() == veteran.id
    qtbot.mouseClick(members.seat_button, LEFT)
    cuppers = committed.session(made.id).cuppers
    assert [(c.name, c.q_licence, c.affiliation) for c in cuppers] == [
        ("ታደሰ በቀለ", "Q-0077", "independent_lab"),
        ("Maria Souza", "Q-0042", "importer"),
    ]

    page.tabs.setCurrentIndex(TABLE)
    glance = page.entry.glance.glance
    assert (glance.rowCount(), glance.columnCount()) == (1, 2)
    assert glance.headerData(0, Qt.Orientation.Vertical) == sample.blind_code


def _nudge():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    return QPoint(6, -6)  # inside the box, whatever the style draws beside it


def test_a_refused_cupper_says_why_and_adds_nobody(
    qtbot: QtBot,
    page: CuppingPage,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
    committed: CuppingService,  # noqa: F811
) -> None:
    table = set_table(lot_service, cupping, samples=1, cuppers=1, blind=False)
    page.open_session(table.session_id, SETUP)
    members = page.members
    click_and_type(qtbot, members.q_licence, "Q-9")
    qtbot.mouseClick(members.new_cupper_button, LEFT)  # no name
    assert members.cupper_error.isVisible() and "Cupper" in members.cupper_error.text()
    assert len(committed.session(table.session_id).cuppers) == 1


def test_the_session_list_shows_each_session_and_opens_it(
    qtbot: QtBot,
    page: CuppingPage,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    table = set_table(lot_service, cupping, samples=2, cuppers=3, blind=True)
    cupping.sheets.set_field(table.sample_ids[0], table.cupper_ids[0], "flavor", "8")
    page.show_sessions()
    model = page.sessions
    qtmodeltester.check(model)
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row == [
        "2026-11-27",
        "Pre-shipment round",
        "",
        "SCA cupping form (2004)",
        "Blind",
        "2 × 3",
        "1 of 6",
    ]
    rect = page.session_table.visualRect(model.index(0, 1))
    qtbot.mouseClick(page.session_table.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(page.session_table.viewport(), LEFT, pos=rect.center())
    assert page.session_id == table.session_id
    assert page.tabs.currentIndex() == TABLE
    assert page.entry.current == (table.sample_ids[0], table.cupper_ids[0])
    qtbot.mouseClick(page.back_button, LEFT)
    assert page.stack.currentIndex() == 0


def test_a_read_only_database_is_shown_but_nothing_can_be_typed(
    qtbot: QtBot,
    db_path: Path,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
) -> None:
    table = set_table(lot_service, cupping, samples=2, cuppers=1)
    reader = open_database(
        db_path, read_only=True, clock=TickingClock()
    )  # another window holds the file
    try:
        undo_stack = QUndoStack()
        screen = CuppingPage(CuppingService(reader), LotService(reader), undo_stack)
        host = show_in_host(qtbot, screen, undo_stack)
        assert not screen.new_button.isEnabled()
        screen.open_session(table.session_id)
        form = screen.entry.form
        assert form is not None
        edit = form.fields["flavor"].focus_widget()
        assert isinstance(edit, QLineEdit) and edit.isReadOnly()
        assert not form.fields["uniformity"].isEnabled()
        assert not screen.setup.isEnabled() and not screen.members.isEnabled()
        host.close()
    finally:
        reader.close()


def test_a_lab_form_that_could_not_be_loaded_is_named_on_the_set_up(
    qtbot: QtBot,
    database: OpenDatabase,
    lot_service: LotService,  # noqa: F811
    tmp_path: Path,
) -> None:
    from microlot_desk.services.common.form_library import load_form_library

    lab = tmp_path / "forms"
    lab.mkdir()
    (lab / "house-form.json").write_text('{"format": 1, "id": "house"}', encoding="utf-8")
    forms = load_form_library(lab, skip_bad_lab_files=True)
    service = CuppingService(database, forms)
    undo_stack = QUndoStack()
    screen = CuppingPage(service, lot_service, undo_stack)
    host = show_in_host(qtbot, screen, undo_stack)
    try:
        screen.new_session()
        note = screen.setup.refused_forms
        assert note.isVisible()
        assert "house-form.json" in note.text() and "forms check" in note.text()
        ids = [
            screen.setup.form_choice.itemData(i) for i in range(screen.setup.form_choice.count())
        ]
        assert "house" not in ids and "sca-2004" in ids
    finally:
        host.close()
