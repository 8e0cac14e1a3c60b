"""Every file of the hostile bundle corpus (tests/fixtures/bundles/hostile, made by
make_hostile_bundles.py) is refused for its own reason, without a crash and without a byte of
the receiving database changed; the sound bundle they all depart from is accepted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ticking_clock import TickingClock

from microlot_desk.errors import BundleRefused
from microlot_desk.messages import describe
from microlot_desk.services.common.station import load_station
from microlot_desk.services.exchange.bundle_check import check_bundle, require_trusted
from microlot_desk.services.exchange.bundle_import import import_bundle
from microlot_desk.services.exchange.station_identity import TrustedStations
from microlot_desk.storage.database import OpenDatabase

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "bundles"
HOSTILE = CORPUS / "hostile"
EXPECTED: dict[str, str] = json.loads((HOSTILE / "expected.json").read_text())


@pytest.fixture
def receiver(database: OpenDatabase) -> OpenDatabase:
    """A station that trusts the corpus's sender (so a refusal is never just "untrusted")."""
    sys.path.insert(0, str(CORPUS))
    from make_hostile_bundles import fingerprint_of, sender_key

    load_station(database)  # as every station has after its first start: its id
    TrustedStations(database).trust(fingerprint_of(sender_key()), "Corpus station")
    return database


def test_the_corpus_is_what_its_script_makes(tmp_path: Path) -> None:
    # In a process of its own, as it is run: what other tests loaded here cannot leak in.
    script = CORPUS / "make_hostile_bundles.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, timeout=300)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in HOSTILE.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (HOSTILE / name).read_bytes(), name


def test_the_sound_bundle_is_accepted(receiver: OpenDatabase) -> None:
    checked = check_bundle(receiver, HOSTILE / "valid.mlot")
    require_trusted(checked)
    assert checked.lot_codes == ("GT-2026-004",)
    assert checked.records["lots"] == 1 and checked.records["custody_events"] > 0
    assert checked.evidence_files > 0


@pytest.mark.parametrize("case", sorted(c for c in EXPECTED if EXPECTED[c] != "ok"))
def test_every_hostile_bundle_is_refused_for_its_reason_and_nothing_is_written(
    receiver: OpenDatabase, db_path: Path, case: str
) -> None:
    before = db_path.read_bytes()
    dump = list(receiver.conn.iterdump())
    with pytest.raises(BundleRefused) as refused:
        require_trusted(check_bundle(receiver, HOSTILE / f"{case}.mlot"))
    assert refused.value.params["reason"] == EXPECTED[case]
    text = describe(refused.value)
    assert text.startswith(f"{HOSTILE / case}.mlot was refused: ")
    assert not re.search(r"\{[a-z_]+\}", text)  # every placeholder filled
    assert list(receiver.conn.iterdump()) == dump
    assert db_path.read_bytes() == before


def test_the_sound_bundle_imports_and_again_changes_nothing(
    receiver: OpenDatabase, db_path: Path, clock: TickingClock
) -> None:
    report = import_bundle(receiver, HOSTILE / "valid.mlot", clock=clock)
    assert report.tables["lots"].new == 1 and report.files_added > 0
    code = receiver.rows("SELECT code FROM lots")[0]["code"]
    assert code == "GT-2026-004"
    before = db_path.read_bytes()
    again = import_bundle(receiver, HOSTILE / "valid.mlot", clock=clock)
    assert not again.changed
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("case", sorted(c for c in EXPECTED if EXPECTED[c] != "ok"))
def test_importing_a_hostile_bundle_is_refused_for_its_reason_and_nothing_is_written(
    receiver: OpenDatabase, db_path: Path, data_dir: Path, case: str, clock: TickingClock
) -> None:
    before = db_path.read_bytes()
    files_before = sorted(p for p in data_dir.rglob("*") if p.is_file() and "evidence" in p.parts)
    with pytest.raises(BundleRefused) as refused:
        import_bundle(receiver, HOSTILE / f"{case}.mlot", clock=clock)
    assert refused.value.params["reason"] == EXPECTED[case]
    assert db_path.read_bytes() == before
    files = sorted(p for p in data_dir.rglob("*") if p.is_file() and "evidence" in p.parts)
    assert files == files_before
