"""Merges that once went wrong, each as the stations lived it: an edit that undid an earlier
one, edits to different fields in later rounds, a "keep mine" after a later edit, one of two
conflicts on a record settled, a forked custody history settled, and a conflict settled at one
station while the other still had it open."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from stations import Station
from ticking_clock import TickingClock

LOT = "CN-2026-002"


def name(station: Station) -> Any:
    return station.value("SELECT name FROM lots WHERE code = ?", LOT)


def notes(station: Station) -> Any:
    return station.value("SELECT notes FROM lots WHERE code = ?", LOT)


def conflicts(station: Station) -> list[dict[str, Any]]:
    return list(json.loads(station.run("bundle", "conflicts", "--json").out))


def agreed_round(a: Station, b: Station, tmp_path: Path) -> None:
    """A renames the lot, B writes notes, and both exchange until they agree."""
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, name="N1")
    b.edit(LOT, notes="X")
    a.receive(b.send(tmp_path / "b1.mlot"))
    b.receive(a.send(tmp_path / "a2.mlot"))
    assert (name(a), notes(a)) == (name(b), notes(b)) == ("N1", "X")


def test_an_edit_that_undoes_an_earlier_one_is_taken(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    original = name(a)
    agreed_round(a, b, tmp_path)
    a.edit(LOT, notes="Z")
    b.edit(LOT, name=original)  # B puts the old name back
    assert a.receive(b.send(tmp_path / "b2.mlot")).code == 0
    assert (name(a), notes(a)) == (original, "Z")
    assert b.receive(a.send(tmp_path / "a3.mlot")).code == 0
    assert (name(b), notes(b)) == (original, "Z")
    assert conflicts(a) == conflicts(b) == []


def test_later_edits_to_different_fields_raise_no_conflict(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    agreed_round(a, b, tmp_path)
    a.edit(LOT, name="N2")  # only A touches the name again
    b.edit(LOT, notes="Y")  # only B the notes
    assert a.receive(b.send(tmp_path / "b2.mlot")).code == 0
    assert (name(a), notes(a)) == ("N2", "Y") and conflicts(a) == []


def test_keeping_mine_keeps_what_is_here_now(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, name="A's name")
    b.edit(LOT, name="B's name")
    b.receive(a.send(tmp_path / "a2.mlot"))
    conflict = conflicts(b)[0]
    b.edit(LOT, name="B's later name")  # edited again before settling
    assert b.run("bundle", "resolve", conflict["id"], "--keep", "mine").code == 0
    assert name(b) == "B's later name"


def test_settling_one_of_two_conflicts_on_a_record_does_not_overwrite_the_other(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, name="A name", notes="A notes")
    b.edit(LOT, name="B name", notes="B notes")
    b.receive(a.send(tmp_path / "a2.mlot"))
    first = next(c for c in conflicts(b) if c["field"] == "name")
    assert b.run("bundle", "resolve", first["id"], "--keep", "mine").code == 0
    a.receive(b.send(tmp_path / "b1.mlot"))
    assert notes(a) == "A notes"  # still A's: B has not chosen for the notes yet
    assert any(c["field"] == "notes" for c in conflicts(a))


def test_a_forked_history_kept_as_it_is_here_is_not_raised_again(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot", LOT))
    for station, place in ((a, "Dry mill"), (b, "Port warehouse")):
        station.add_warehouse_event(LOT, place, "2026-11-20", "+08:00")
    bundle = a.send(tmp_path / "a2.mlot", LOT)
    assert b.receive(bundle).code == 3
    conflict = conflicts(b)[0]
    assert b.run("bundle", "resolve", conflict["id"], "--keep", "mine").code == 0
    before = b.file_bytes()
    assert b.receive(bundle).code == 0
    assert b.file_bytes() == before and conflicts(b) == []


def test_a_conflict_settled_at_the_other_station_closes_here_when_its_choice_arrives(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, name="A name")
    b.edit(LOT, name="B name")
    from_a, from_b = a.send(tmp_path / "a2.mlot"), b.send(tmp_path / "b1.mlot")
    b.receive(from_a)
    a.receive(from_b)  # the bundles crossed: both stations hold the conflict
    assert b.run("bundle", "resolve", conflicts(b)[0]["id"], "--keep", "theirs").code == 0
    assert a.receive(b.send(tmp_path / "b2.mlot")).code == 0
    assert name(a) == name(b) == "A name" and conflicts(a) == []


def test_the_same_file_attached_at_both_stations_is_one_file(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    picture = tmp_path / "cherries.png"
    from PIL import Image

    Image.new("RGB", (40, 30), "red").save(picture)
    for station in (a, b):
        added = station.run("evidence", "add", LOT, str(picture), "--kind", "photo")
        assert added.code == 0, added
    assert b.receive(a.send(tmp_path / "a2.mlot")).code == 0
    assert conflicts(b) == []


def test_a_copy_claiming_edits_of_ours_it_never_got_does_not_overwrite_them(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    """B's note of what its copy has seen says it holds A's edits until 2099 (a broken or
    forged `_seen`): A's edit that never left A is kept, and shown as a conflict."""
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    a.edit(LOT, notes="Written at A, never sent")
    b.edit(LOT, notes="Written at B")
    a_station = a.value("SELECT value FROM settings WHERE key = 'station_id'")
    lot_key = json.dumps([a.value("SELECT id FROM lots WHERE code = ?", LOT)])
    forged = json.dumps({a_station: "2099-01-01T00:00:00.000000+00:00"})
    b.execute(
        "UPDATE record_seen SET seen = ? WHERE table_name = 'lots' AND record_key = ?",
        forged,
        lot_key,
    )
    a.receive(b.send(tmp_path / "b1.mlot"))
    assert notes(a) == "Written at A, never sent"
    assert [c["field"] for c in conflicts(a)] == ["notes"]


def test_an_edit_made_after_the_clock_was_set_back_is_still_the_later_one(
    stations: tuple[Station, Station], tmp_path: Path, clock: TickingClock
) -> None:
    """B's clock ran a day fast while it sent a copy, then was set right: B's next edit is
    stamped earlier than that copy, and must still win over it at A."""
    a, b = stations
    b.receive(a.send(tmp_path / "a1.mlot"))
    clock.now += timedelta(days=1)
    b.edit(LOT, notes="written while the clock was a day fast")
    fast = b.send(tmp_path / "b1.mlot")
    clock.now -= timedelta(days=1)
    a.receive(fast)
    assert notes(a) == "written while the clock was a day fast"
    b.edit(LOT, notes="written after the clock was set right")
    assert a.receive(b.send(tmp_path / "b2.mlot")).code == 0
    assert notes(a) == "written after the clock was set right"
    assert b.receive(a.send(tmp_path / "a2.mlot")).code == 0
    assert notes(b) == "written after the clock was set right" and conflicts(b) == []
