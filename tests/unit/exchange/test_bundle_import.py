"""`bundle import`: two stations that send each other bundles end with the same records; edits
on both sides merge field by field, and one field changed on both sides is a conflict the user
settles; the same bundle twice, or an old one after a newer one, changes nothing; a refused
bundle leaves the database and the evidence store as they were."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from stations import Station

from microlot_desk.storage.exchange.bundle_rows import TABLE_NAMES

Cli = Callable[..., Any]
LOT = "CN-2026-002"
OTHER_LOT = "BR-2026-031"


def assert_same_records(a: Station, b: Station) -> None:
    for table in (*TABLE_NAMES, "custody_heads"):
        assert a.rows(table) == b.rows(table), table
    assert a.evidence() == b.evidence()


def test_a_first_bundle_brings_every_record_and_file_and_the_lot_is_listed(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    report = b.receive(a.send(tmp_path / "a1.mlot"))
    assert report.code == 0
    shown = json.loads(report.out)
    assert shown["records"]["lots"]["new"] == 16 and shown["files_added"] == 6
    assert shown["conflicts_open"] == 0
    assert_same_records(a, b)
    listed = b.run("lots", "list").out
    assert LOT in listed and "蜜处理" in listed  # the list and its search text were renewed
    assert LOT in b.run("lots", "list", "--search", "catimor").out
    assert b.run("custody", "check", LOT).code == 0  # the chain came whole, its head with it
    origin = b.value(
        "SELECT station || ' ' || fingerprint FROM lot_origins JOIN lots ON lots.id = lot_id"
        " WHERE code = ?",
        LOT,
    )
    assert origin == f"{a.name} {a.fingerprint}"


def test_the_same_bundle_twice_changes_nothing(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    bundle = a.send(tmp_path / "a1.mlot")
    b.receive(bundle)
    before = b.file_bytes(), b.evidence()
    again = json.loads(b.receive(bundle).out)
    assert all(c["new"] == c["updated"] == c["conflicts"] == 0 for c in again["records"].values())
    assert (b.file_bytes(), b.evidence()) == before


def test_a_dry_run_reports_what_the_import_does_and_writes_nothing(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    bundle = a.send(tmp_path / "a1.mlot")
    before = b.file_bytes()
    preview = b.receive(bundle, "--dry-run")
    assert preview.code == 0
    assert b.file_bytes() == before and b.evidence() == {}
    done = b.receive(bundle)
    previewed, imported = json.loads(preview.out), json.loads(done.out)
    assert previewed["records"] == imported["records"]
    assert previewed["files_added"] == imported["files_added"] == 6
    text = b.run("bundle", "import", str(a.send(tmp_path / "a2.mlot")), "--dry-run").out
    assert "nothing new" in text


def test_edits_on_both_sides_merge_and_both_stations_end_identical(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, name="Pu'er Catimor honey")  # the same lot, different fields
    b.edit(LOT, notes="Arrived at the roastery")
    b.edit(OTHER_LOT, moisture_pct="10.8")
    a.add_warehouse_event(OTHER_LOT, "Roastery Lisboa", "2026-11-20", "-05:00")
    from_a = a.send(tmp_path / "a2.mlot")
    from_b = b.send(tmp_path / "b1.mlot")  # written before B saw A's edit: the bundles cross
    assert b.receive(from_a).code == 0
    assert a.receive(from_b).code == 0
    for station in (a, b):
        assert station.value("SELECT name FROM lots WHERE code = ?", LOT) == "Pu'er Catimor honey"
        assert (
            station.value("SELECT notes FROM lots WHERE code = ?", LOT) == "Arrived at the roastery"
        )
        assert station.value("SELECT moisture_pct FROM lots WHERE code = ?", OTHER_LOT) == "10.8"
    assert b.run("custody", "check", OTHER_LOT).code == 0
    assert "Roastery Lisboa" in b.run("custody", "list", OTHER_LOT).out
    # One more round each way and nothing is left to send.
    b.receive(a.send(tmp_path / "a3.mlot"))
    a.receive(b.send(tmp_path / "b2.mlot"))
    assert_same_records(a, b)


def test_one_field_changed_on_both_sides_is_a_conflict_until_the_user_chooses(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, name="Name typed at the station")
    b.edit(LOT, name="Name typed at the roastery")
    met = b.receive(a.send(tmp_path / "a2.mlot"))
    assert met.code == 3 and json.loads(met.out)["conflicts_open"] == 1
    assert b.value("SELECT name FROM lots WHERE code = ?", LOT) == "Name typed at the roastery"
    listed = json.loads(b.run("bundle", "conflicts", "--json").out)
    assert [(c["record"], c["field"], c["mine"], c["theirs"]) for c in listed] == [
        (f"lot {LOT}", "name", "Name typed at the roastery", "Name typed at the station")
    ]
    assert listed[0]["from"]["fingerprint"] == a.fingerprint
    text = b.run("bundle", "conflicts").out
    assert "Name typed at the station" in text and "Name typed at the roastery" in text
    again = b.receive(tmp_path / "a2.mlot")
    assert again.code == 3 and len(json.loads(b.run("bundle", "conflicts", "--json").out)) == 1

    settled = b.run("bundle", "resolve", listed[0]["id"], "--keep", "theirs")
    assert settled.code == 0 and "kept theirs" in settled.out
    assert b.value("SELECT name FROM lots WHERE code = ?", LOT) == "Name typed at the station"
    assert json.loads(b.run("bundle", "conflicts", "--json").out) == []
    assert "Name typed at the station" in b.run("lots", "list", "--search", "station").out
    # A, who has its own value already, takes B's decision without a conflict.
    assert a.receive(b.send(tmp_path / "b1.mlot")).code == 0
    assert_same_records(a, b)
    gone = b.run("bundle", "resolve", listed[0]["id"], "--keep", "mine")
    assert gone.code == 1 and "No open conflict" in gone.err


def test_keeping_mine_settles_it_and_the_other_station_takes_mine(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, name="A's name")
    b.edit(LOT, name="B's name")
    b.receive(a.send(tmp_path / "a2.mlot"))
    conflict = json.loads(b.run("bundle", "conflicts", "--json").out)[0]
    assert b.run("bundle", "resolve", conflict["id"], "--keep", "mine").code == 0
    assert b.receive(tmp_path / "a2.mlot").code == 0  # seen and settled: not raised again
    a.receive(b.send(tmp_path / "b1.mlot"))
    assert a.value("SELECT name FROM lots WHERE code = ?", LOT) == "B's name"
    assert_same_records(a, b)


def test_an_old_bundle_after_a_newer_one_changes_nothing(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    old = a.send(tmp_path / "a1.mlot")
    a.edit(LOT, name="Renamed after the first bundle")
    new = a.send(tmp_path / "a2.mlot")
    b.receive(new)
    after_new = [b.rows(t) for t in TABLE_NAMES]
    stale = json.loads(b.receive(old).out)
    assert stale["records"]["lots"]["older"] == 1
    assert [b.rows(t) for t in TABLE_NAMES] == after_new
    assert b.value("SELECT name FROM lots WHERE code = ?", LOT) == "Renamed after the first bundle"


def test_a_custody_history_that_forked_is_kept_as_it_is_here_and_shown(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot", LOT))
    for station, place in ((a, "Dry mill"), (b, "Port warehouse")):
        station.add_warehouse_event(LOT, place, "2026-11-20", "+08:00")
    events_before = b.rows("custody_events")
    met = b.receive(a.send(tmp_path / "a2.mlot", LOT))
    assert met.code == 3
    assert b.rows("custody_events") == events_before  # appended only where it continues
    conflict = json.loads(b.run("bundle", "conflicts", "--json").out)[0]
    assert (conflict["record"], conflict["field"], conflict["history"]) == (
        f"lot {LOT}",
        "chain",
        True,
    )
    refused = b.run("bundle", "resolve", conflict["id"], "--keep", "theirs")
    assert refused.code == 1 and "never replaced" in refused.err
    assert b.run("bundle", "resolve", conflict["id"], "--keep", "mine").code == 0


def test_a_lot_code_already_used_here_by_another_lot_is_refused_with_nothing_written(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    typed = tmp_path / "lot.json"
    typed.write_text(json.dumps({"code": LOT, "name": "Another lot"}))
    assert b.run("lots", "add", "--json", str(typed)).code == 0
    before = b.file_bytes()
    refused = b.receive(a.send(tmp_path / "a1.mlot"))
    assert refused.code == 1
    assert f"lot code {LOT} is another lot's here" in refused.err
    assert b.file_bytes() == before and b.evidence() == {}


def test_a_bundle_from_a_station_not_trusted_is_refused_unchanged_to_the_byte(
    cli: Cli, stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, _ = stations
    stranger = Station(cli, tmp_path / "c", "Unknown laptop")
    before = stranger.file_bytes()
    refused = stranger.receive(a.send(tmp_path / "a1.mlot"))
    assert refused.code == 1 and "does not trust" in refused.err
    assert stranger.file_bytes() == before and stranger.evidence() == {}


def test_an_import_that_fails_after_writing_files_takes_them_back(
    stations: tuple[Station, Station], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microlot_desk.services.exchange import bundle_import

    a, b = stations
    bundle = a.send(tmp_path / "a1.mlot")
    before = b.file_bytes()

    def fails(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle_import, "_renew_derived", fails)
    failed = b.receive(bundle)
    assert failed.code != 0
    assert b.file_bytes() == before and b.evidence() == {}


def test_custody_history_that_does_not_end_at_its_signed_head_is_refused(
    stations: tuple[Station, Station], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chain rewritten at the sender no longer matches the head the sender signed."""
    from microlot_desk.services.exchange import bundle_export

    a, b = stations
    signed_heads = bundle_export.chain_heads

    def rewritten(*args: Any) -> list[dict[str, Any]]:
        return [{**head, "head": "0" * 64} for head in signed_heads(*args)]

    monkeypatch.setattr(bundle_export, "chain_heads", rewritten)
    bundle = a.send(tmp_path / "a1.mlot", LOT)
    before = b.file_bytes()
    refused = b.receive(bundle)
    assert refused.code == 1
    assert f"custody history it carries for lot {LOT} does not match" in refused.err
    assert b.file_bytes() == before


def test_a_received_lot_says_where_it_was_recorded_and_signed(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    shown = json.loads(b.run("lots", "show", LOT, "--json").out)
    assert shown["recorded_at"]["station"] == a.name
    assert shown["recorded_at"]["fingerprint"] == a.fingerprint
    assert f"{a.name}, signed {a.fingerprint}" in b.run("lots", "show", LOT).out
    assessed = b.run("lots", "assess", LOT).out
    assert f"records: received signed by {a.name} ({a.fingerprint})" in assessed
    assert (
        json.loads(b.run("lots", "assess", LOT, "--json").out)["records_from"]["station"] == a.name
    )
    assert "records: recorded at this station" in a.run("lots", "assess", LOT).out
    assert json.loads(a.run("lots", "show", LOT, "--json").out).get("recorded_at") is None
    sheets = tmp_path / "sheets"
    assert b.run("export", "sheet", LOT, "-o", str(sheets)).code == 0
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(sheets / f"{LOT}.pdf").pages)
    assert f"Records received from {a.name}" in " ".join(text.split())
