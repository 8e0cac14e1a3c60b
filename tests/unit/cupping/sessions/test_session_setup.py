"""Setting a session up: its form pinned at a version, protocol with deviations, samples with
fresh blind codes, cuppers from the roster; every bad field named, nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from cupping_session_builder import Built

from microlot_desk.domain.cupping.sessions import Affiliation, SampleType
from microlot_desk.errors import NotFound, ValidationFailed
from microlot_desk.messages import describe
from microlot_desk.services.common.cupping_errors import (
    CupperAlreadyInSession,
    DuplicateLicence,
    FormChangeRefused,
)
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase

D = Decimal


def test_create_session_pins_the_form_version_and_records_the_protocol(
    cupping: CuppingService,
) -> None:
    view = cupping.create_session(
        {
            "held_on": "2026-11-27",
            "title": "Arrival QC",
            "place": "Laboratorio Pasto",
            "form_id": "cva-affective",
            "blind": True,
            "leader": "Ana Leader",
            "dose_g": "8.25",
            "water_ml": "150",
            "water_temp_c": "91,5",
            "rest_hours": 30,
            "deviation_notes": "Filtered tap water",
        }
    )
    session = view.session
    assert (session.form_id, session.form_version, session.blind) == ("cva-affective", 1, True)
    assert session.held_on == date(2026, 11, 27)
    assert session.protocol.water_temp_c == D("91.5")
    assert session.protocol.deviation_notes == "Filtered tap water"
    assert [d.parameter for d in view.deviations] == ["water_temp_c", "rest_hours"]
    assert view.form.id == "cva-affective"
    again = cupping.session(session.id)
    assert again.session == session


def test_every_bad_session_field_is_named_and_nothing_written(
    cupping: CuppingService, database: OpenDatabase, snapshot: object
) -> None:
    before = list(database.db.conn.iterdump())
    with pytest.raises(ValidationFailed) as caught:
        cupping.create_session(
            {
                "held_on": "27/11/2026",
                "form_id": "sca-2005",
                "dose_g": "lots",
                "water_temp_c": 930,
                "cups_per_sample": "4.5",
                "colour": "red",
            }
        )
    assert sorted((e.field, e.code) for e in caught.value.errors) == [
        ("colour", "unknown_field"),
        ("cups_per_sample", "not_a_whole_number"),
        ("dose_g", "not_a_number"),
        ("form_id", "unknown_choice"),
        ("held_on", "bad_date"),
        ("water_temp_c", "out_of_range"),
    ]
    assert "sca-2004" in describe(caught.value)  # the message lists the forms there are
    assert list(database.db.conn.iterdump()) == before


def test_date_and_form_are_required(cupping: CuppingService) -> None:
    with pytest.raises(ValidationFailed) as caught:
        cupping.create_session({"title": "No date"})
    assert sorted(e.field for e in caught.value.errors) == ["form_id", "held_on"]


def test_samples_get_distinct_random_codes_in_table_order(
    cupping: CuppingService, open_session: Built
) -> None:
    view = cupping.session(open_session.session_id)
    assert [s.position for s in view.samples] == [1, 2, 3]
    codes = [s.blind_code for s in view.samples]
    assert len(set(codes)) == 3 and all(len(c) == 3 and c.isdigit() and c != "000" for c in codes)
    assert [s.lot.code if s.lot else None for s in view.samples] == list(open_session.lot_codes)
    assert all(s.sample_type is SampleType.PRE_SHIPMENT for s in view.samples)


def test_sample_fields_are_checked(
    cupping: CuppingService, open_session: Built, lots: LotService
) -> None:
    lot = lots.add_lot({"name": "Another", "country": "ET"})
    sample = cupping.add_sample(
        open_session.session_id,
        lot.id,
        {
            "sample_type": "arrival",
            "roast_date": "2026-11-26",
            "agtron_whole": "58",
            "agtron_ground": 63,
        },
    )
    assert (sample.sample_type, sample.roast_date, sample.agtron_whole, sample.agtron_ground) == (
        SampleType.ARRIVAL,
        date(2026, 11, 26),
        D(58),
        D(63),
    )
    with pytest.raises(ValidationFailed) as caught:
        cupping.add_sample(
            open_session.session_id, lot.id, {"sample_type": "landed!", "agtron_whole": "300"}
        )
    assert sorted((e.field, e.code) for e in caught.value.errors) == [
        ("agtron_whole", "out_of_range"),
        ("sample_type", "unknown_choice"),
    ]
    with pytest.raises(ValidationFailed):
        cupping.add_sample(open_session.session_id, lot.id, {})  # the sample type is required
    with pytest.raises(NotFound):
        cupping.add_sample(open_session.session_id, "no-such-lot", {"sample_type": "offer"})
    with pytest.raises(NotFound):
        cupping.add_sample("no-such-session", lot.id, {"sample_type": "offer"})


def test_cuppers_come_from_the_roster_once_per_session(
    cupping: CuppingService, open_session: Built
) -> None:
    roster = cupping.cuppers()
    assert [c.affiliation for c in roster] == [Affiliation.INDEPENDENT_LAB, Affiliation.EXPORTER]
    visitor = cupping.register_cupper(
        {"cupper_name": "  Tadesse   ", "affiliation": "Roaster", "q_licence": "Q-77"}
    )
    assert (visitor.name, visitor.affiliation) == ("Tadesse", Affiliation.ROASTER)
    cupping.add_cupper(open_session.session_id, visitor.id)
    assert [c.name for c in cupping.session(open_session.session_id).cuppers] == [
        "Cupper 0",
        "Cupper 1",
        "Tadesse",
    ]
    with pytest.raises(CupperAlreadyInSession):
        cupping.add_cupper(open_session.session_id, visitor.id)
    with pytest.raises(DuplicateLicence) as caught:
        cupping.register_cupper(
            {"cupper_name": "Other", "affiliation": "roaster", "q_licence": "Q-77"}
        )
    assert describe(caught.value) == "The Q licence number Q-77 already belongs to Tadesse."
    with pytest.raises(ValidationFailed) as bad:
        cupping.register_cupper({"cupper_name": "", "affiliation": "buyer"})
    assert sorted((e.field, e.code) for e in bad.value.errors) == [
        ("affiliation", "unknown_choice"),
        ("cupper_name", "required"),
    ]


def test_update_session_changes_fields_and_protocol(
    cupping: CuppingService, open_session: Built
) -> None:
    view = cupping.update_session(
        open_session.session_id,
        {"place": "Cata 2", "roast_minutes": "14", "form_id": "cva-affective"},
    )
    assert view.session.place == "Cata 2"
    assert view.session.protocol.roast_minutes == D(14)
    assert view.session.form_id == "cva-affective"  # no sheet has a value yet
    assert [d.parameter for d in view.deviations] == ["roast_minutes"]
    with pytest.raises(ValidationFailed):
        cupping.update_session(open_session.session_id, {"blind": True})  # only reveal() unblinds


def test_the_form_cannot_change_once_a_sheet_has_values(
    cupping: CuppingService, open_session: Built
) -> None:
    cupping.sheets.set_field(open_session.sample_ids[0], open_session.cupper_ids[0], "flavor", "8")
    with pytest.raises(FormChangeRefused):
        cupping.update_session(open_session.session_id, {"form_id": "cva-affective"})
    assert cupping.session(open_session.session_id).session.form_id == "sca-2004"


def test_find_session_by_id_prefix(cupping: CuppingService, open_session: Built) -> None:
    full = open_session.session_id
    assert cupping.find_session(full) == full
    assert cupping.find_session(full[:6].upper()) == full
    with pytest.raises(NotFound):
        cupping.find_session(full[:3])  # too short to be trusted
    with pytest.raises(NotFound):
        cupping.find_session("ffffffff-0000")
