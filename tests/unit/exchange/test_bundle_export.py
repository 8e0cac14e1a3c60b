"""`bundle export` and `bundle verify`: the lots with everything that hangs off them, signed by
this station; any byte changed, or a member added, is refused with the database untouched."""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ticking_clock import TickingClock

from microlot_desk.errors import BundleRefused, NotFound
from microlot_desk.export.bundles.bundle_reader import open_bundle
from microlot_desk.paths import resources_dir
from microlot_desk.services.common.progress import Cancelled, Progress
from microlot_desk.services.demo.demo_data import load_demo
from microlot_desk.services.exchange.bundle_check import check_bundle
from microlot_desk.services.exchange.bundle_export import export_bundle
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.storage.exchange.bundle_rows import TABLE_NAMES

Cli = Callable[..., Any]


@pytest.fixture
def demo(database: OpenDatabase, clock: TickingClock) -> OpenDatabase:
    load_demo(LotService(database, clock=clock))
    return database


def count(database: OpenDatabase, table: str) -> int:
    return int(database.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def test_a_bundle_of_every_lot_carries_every_record_and_evidence_file(
    demo: OpenDatabase, tmp_path: Path, clock: TickingClock
) -> None:
    target = tmp_path / "all.mlot"
    done = export_bundle(demo, None, target, clock=clock)
    checked = check_bundle(demo, target)
    assert checked.trusted is not None  # a station's own bundle: its own key
    assert len(checked.lot_codes) == count(demo, "lots") == done.lots
    for table in ("lots", "producers", "plots", "custody_events", "attachments", "evidence_files"):
        assert checked.records[table] == count(demo, table), table
    assert checked.evidence_files == count(demo, "evidence_files")
    lots_with_events = demo.conn.execute(
        "SELECT count(DISTINCT lot_id) FROM custody_events"
    ).fetchone()[0]
    assert checked.chains == lots_with_events
    with open_bundle(target) as bundle:
        heads = {c["lot"]: c for c in bundle.manifest["chains"]}
        lot_id, seq, last = demo.conn.execute(
            "SELECT lot_id, seq, content_hash FROM custody_events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        assert (heads[lot_id]["events"], heads[lot_id]["head"]) == (seq, last)
        first = next(bundle.records("lots"))
        stored = demo.rows("SELECT * FROM lots WHERE id = ?", [first["id"]])[0]
        assert first == stored  # every column, as stored


def test_a_bundle_of_one_lot_carries_that_lot_only(
    demo: OpenDatabase, tmp_path: Path, clock: TickingClock
) -> None:
    target = tmp_path / "one.mlot"
    export_bundle(demo, ["GT-2026-004"], target, clock=clock)
    checked = check_bundle(demo, target)
    assert checked.lot_codes == ("GT-2026-004",)
    with open_bundle(target) as bundle:
        lot_ids = {r["lot_id"] for r in bundle.records("custody_events")}
        codes = [r["code"] for r in bundle.records("lots")]
    assert codes == ["GT-2026-004"] and len(lot_ids) == 1


def test_an_unknown_code_is_named_and_no_file_is_written(
    demo: OpenDatabase, tmp_path: Path, clock: TickingClock
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotFound) as refused:
        export_bundle(demo, ["GT-2026-004", "ZZ-0000-000"], out / "none.mlot", clock=clock)
    assert refused.value.params["key"] == "ZZ-0000-000"
    assert list(out.iterdir()) == []


def test_one_flipped_bit_anywhere_is_refused_and_nothing_is_written(
    demo: OpenDatabase, tmp_path: Path, clock: TickingClock, db_path: Path
) -> None:
    target = tmp_path / "small.mlot"
    export_bundle(demo, ["KE-2026-011"], target, clock=clock)
    sound = target.read_bytes()
    check_bundle(demo, target)  # the bundle itself is accepted
    before = db_path.read_bytes()
    bits = random.Random(7)
    accepted = []
    for position in range(len(sound)):
        changed = bytearray(sound)
        changed[position] ^= 1 << bits.randrange(8)
        target.write_bytes(changed)
        try:
            check_bundle(demo, target)
        except BundleRefused:
            continue
        accepted.append(position)
    assert accepted == []
    assert db_path.read_bytes() == before


def test_a_member_added_to_a_signed_bundle_is_refused(
    demo: OpenDatabase, tmp_path: Path, clock: TickingClock
) -> None:
    target = tmp_path / "one.mlot"
    export_bundle(demo, ["GT-2026-004"], target, clock=clock)
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("records/lots.jsonl.extra", b"{}\n")
    with pytest.raises(BundleRefused) as refused:
        check_bundle(demo, target)
    assert refused.value.params["reason"] == "bad_name"


def test_the_records_schema_knows_every_column_of_every_table_it_carries(
    database: OpenDatabase,
) -> None:
    """A migration that adds a column must also give the bundle format a version that has it."""
    schema = json.loads((resources_dir() / "schemas" / "bundle-records-1.json").read_text())
    assert sorted(schema["definitions"]) == sorted(TABLE_NAMES)
    for table in TABLE_NAMES:
        columns = [r[1] for r in database.conn.execute(f"PRAGMA table_info({table})")]
        definition = schema["definitions"][table]
        assert sorted(set(definition["properties"]) - {"_seen"}) == sorted(columns), table
        assert sorted(definition["required"]) == sorted(columns), table


def test_cli_bundle_export_then_verify(cli: Cli, tmp_path: Path, data_dir: Path) -> None:
    cli("demo")
    cli("settings", "set", "station_name", "Beneficio Kochere")
    target = tmp_path / "two.mlot"
    made = cli("bundle", "export", "GT-2026-004", "CN-2026-002", "-o", str(target))
    assert (made.code, made.out) == (0, f"{target}\n")
    shown = cli("bundle", "verify", str(target))
    assert shown.code == 0, shown
    assert "signed by Beneficio Kochere" in shown.out
    assert "2 lot(s): CN-2026-002, GT-2026-004" in shown.out
    as_json = json.loads(cli("bundle", "verify", str(target), "--json").out)
    assert as_json["lots"] == ["CN-2026-002", "GT-2026-004"] and as_json["trusted"] is True


def test_cli_verify_of_a_strangers_bundle_says_it_is_not_trusted(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other-station"
    cli("demo", data=other)
    target = tmp_path / "theirs.mlot"
    cli("bundle", "export", "GT-2026-004", "-o", str(target), data=other)
    fingerprint = cli("keys", "show", data=other).out.splitlines()[0]
    before = cli("keys", "show").out  # this station, with a key of its own
    assert fingerprint not in before
    shown = cli("bundle", "verify", str(target))
    assert shown.code == 1
    assert f"signed by station {fingerprint}, which this station does not trust" in shown.err
    cli("keys", "trust", fingerprint, "--name", "Other station")
    assert cli("bundle", "verify", str(target)).code == 0


def test_cli_verify_of_a_damaged_bundle_names_the_member(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    target = tmp_path / "one.mlot"
    cli("bundle", "export", "GT-2026-004", "-o", str(target))
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo("records/lots.jsonl")
    data[info.header_offset + 80] ^= 0x40  # inside the lot's compressed record
    target.write_bytes(data)
    shown = cli("bundle", "verify", str(target))
    assert shown.code == 1
    assert "records/lots.jsonl" in shown.err and "Nothing was changed" in shown.err


def test_a_bundle_is_written_from_a_read_only_database(
    demo: OpenDatabase, db_path: Path, tmp_path: Path, clock: TickingClock
) -> None:
    reader = open_database(db_path, clock=clock, read_only=True)
    try:
        export_bundle(reader, ["GT-2026-004"], tmp_path / "ro.mlot", clock=clock)
    finally:
        reader.close()
    assert check_bundle(demo, tmp_path / "ro.mlot").lot_codes == ("GT-2026-004",)


def test_checking_stops_when_the_person_cancels_and_reports_how_far_it_went(
    demo: OpenDatabase, tmp_path: Path, clock: TickingClock
) -> None:
    target = tmp_path / "all.mlot"
    export_bundle(demo, None, target, clock=clock)
    seen: list[tuple[int, int]] = []
    progress = Progress(report=lambda done, total: seen.append((done, total)))
    check_bundle(demo, target, progress=progress)
    assert seen[-1][0] == seen[-1][1] > 0  # it reached the end
    progress.cancel.set()
    with pytest.raises(Cancelled):
        check_bundle(demo, target, progress=progress)


def test_an_export_while_the_app_holds_the_database_says_the_copies_were_not_noted(
    cli: Cli, tmp_path: Path, db_path: Path, hold_lock: Callable[[Path], Any]
) -> None:
    assert cli("demo").code == 0
    hold_lock(db_path)
    done = cli("bundle", "export", "GT-2026-004", "-o", str(tmp_path / "ro.mlot"))
    assert done.code == 0
    assert "the copies sent were not noted" in done.err
