"""The station's key: made once beside the database (owner-only), never replaced when damaged,
copied beside every backup and put back by a restore onto a laptop that has none."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from ticking_clock import TickingClock

from microlot_desk.domain.fingerprints import BadFingerprint, fingerprint, parse_fingerprint
from microlot_desk.errors import StationKeyUnusable
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.backups import prune_rolling, take_backup
from microlot_desk.storage.database import open_database
from microlot_desk.storage.restore import restore_backup
from microlot_desk.storage.station_key import (
    ensure_station_key,
    key_copy_of,
    key_path,
    load_key,
    load_or_create_key,
    public_bytes,
)


def fingerprint_in(data_dir: Path) -> str:
    return fingerprint(public_bytes(load_key(key_path(data_dir))))


def test_a_fingerprint_is_five_groups_of_four_base32_characters() -> None:
    printed = fingerprint(bytes(32))
    groups = printed.split("-")
    assert [len(g) for g in groups] == [4] * 5
    assert set(printed.replace("-", "")) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert fingerprint(bytes(31) + b"\x01") != printed  # another key, another fingerprint


def test_a_typed_fingerprint_ignores_case_spaces_and_dashes() -> None:
    printed = fingerprint(bytes(32))
    typed = printed.lower().replace("-", " ")
    assert parse_fingerprint(typed) == printed
    assert parse_fingerprint(printed.replace("-", "")) == printed


@pytest.mark.parametrize(
    "typed", ["", "7K3Q-QXWD-F2PA-HN4T", "7K3Q-QXWD-F2PA-HN4T-AB21", "7K3Q-QXWD-F2PA-HN4T-AB2CX"]
)
def test_text_that_is_no_fingerprint_is_refused(typed: str) -> None:
    with pytest.raises(BadFingerprint):
        parse_fingerprint(typed)


def test_the_key_is_made_once_owner_only_and_then_kept(data_dir: Path) -> None:
    path = ensure_station_key(data_dir)
    assert path == data_dir / "station-key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = fingerprint_in(data_dir)
    ensure_station_key(data_dir)
    assert fingerprint_in(data_dir) == first


def test_a_key_readable_by_others_is_narrowed_to_the_owner(data_dir: Path) -> None:
    path = ensure_station_key(data_dir)
    path.chmod(0o644)
    load_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_damaged_key_is_refused_and_not_replaced(data_dir: Path) -> None:
    path = key_path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    with pytest.raises(StationKeyUnusable) as refused:
        load_or_create_key(path)
    assert refused.value.params["path"] == str(path)
    assert b"not a key" in path.read_bytes()  # left for the person to restore or move aside


def test_a_link_in_place_of_the_key_is_refused(data_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.pem"
    ensure_station_key(tmp_path / "other-station")
    elsewhere.write_bytes(key_path(tmp_path / "other-station").read_bytes())
    data_dir.mkdir(parents=True, exist_ok=True)
    key_path(data_dir).symlink_to(elsewhere)
    with pytest.raises(StationKeyUnusable):
        load_or_create_key(key_path(data_dir))


def test_two_first_starts_at_once_end_with_one_key(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    start = threading.Barrier(4)
    seen: list[str] = []

    def first_start() -> None:
        start.wait()
        seen.append(fingerprint(public_bytes(load_or_create_key(key_path(data_dir)))))

    threads = [threading.Thread(target=first_start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 1 and seen[0] == fingerprint_in(data_dir)
    assert sorted(p.name for p in data_dir.iterdir()) == ["station-key.pem"]  # no leftovers


def test_a_backup_carries_the_key_and_a_restore_on_a_new_laptop_keeps_the_station(
    db_path: Path, tmp_path: Path
) -> None:
    database = open_database(db_path, clock=TickingClock())
    LotService(database).add_lot({"name": "Before the backup", "country": "CO"})
    ensure_station_key(db_path.parent)
    backup = take_backup(database.conn, db_path, "manual", clock=database.clock)
    database.close()
    copy = key_copy_of(backup)
    assert copy.name == backup.stem + ".station-key.pem"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    new_laptop = tmp_path / "new-laptop" / "microlot.sqlite"
    new_laptop.parent.mkdir()
    restore_backup(new_laptop, backup, clock=TickingClock())
    assert fingerprint_in(new_laptop.parent) == fingerprint_in(db_path.parent)
    assert stat.S_IMODE(key_path(new_laptop.parent).stat().st_mode) == 0o600


def test_a_restore_keeps_the_key_a_station_already_has(db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "microlot.sqlite"
    database = open_database(other, clock=TickingClock())
    ensure_station_key(other.parent)
    backup = take_backup(database.conn, other, "manual", clock=database.clock)
    database.close()
    open_database(db_path, clock=TickingClock()).close()
    ensure_station_key(db_path.parent)
    mine = fingerprint_in(db_path.parent)
    restore_backup(db_path, backup, clock=TickingClock())
    assert fingerprint_in(db_path.parent) == mine != fingerprint_in(other.parent)


def test_pruning_a_rolling_backup_removes_its_key_copy(db_path: Path) -> None:
    database = open_database(db_path, clock=TickingClock())
    ensure_station_key(db_path.parent)
    made = [take_backup(database.conn, db_path, "rolling", clock=database.clock) for _ in range(8)]
    database.close()
    prune_rolling(db_path)
    kept = [b for b in made if b.exists()]
    assert 0 < len(kept) < len(made)
    for backup in made:
        assert key_copy_of(backup).exists() == backup.exists()


def test_a_backup_before_any_key_has_no_copy(db_path: Path) -> None:
    database = open_database(db_path, clock=TickingClock())
    backup = take_backup(database.conn, db_path, "manual", clock=database.clock)
    database.close()
    assert not key_copy_of(backup).exists()
    assert not os.path.exists(key_path(db_path.parent))  # a backup never makes a key
