"""`db check|backup|backups|restore`, and the CLI beside a running app instance."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.services.demo.demo_data import DEMO_TOTAL

Cli = Callable[..., Any]
Count = Callable[[], int]
HoldLock = Callable[[Path], Any]


def corrupt_middle(path: Path) -> None:
    size = path.stat().st_size
    rng = random.Random(11)
    with open(path, "r+b") as handle:
        for page in range(size // 4096 // 2, size // 4096 // 2 + 3):
            handle.seek(page * 4096)
            handle.write(bytes(rng.randrange(256) for _ in range(4096)))


def test_check_of_a_sound_file_prints_ok(cli: Cli) -> None:
    cli("demo")
    result = cli("db", "check")
    assert (result.code, result.out) == (0, "ok\n")


def test_check_of_a_damaged_file_fails_naming_the_backup(cli: Cli, db_path: Path) -> None:
    cli("demo")
    for _ in range(12):  # enough lots for a file of many pages
        cli(
            "lots",
            "add",
            "--json",
            "-",
            stdin=json.dumps({"name": "x", "story": "y" * 3000}).encode(),
        )
    backup = cli("db", "backup").out.strip()
    corrupt_middle(db_path)
    before = db_path.read_bytes()

    result = cli("db", "check")

    assert result.code != 0
    assert "damaged" in result.err
    assert backup in result.err
    assert db_path.read_bytes() == before


def test_check_of_a_file_that_is_not_a_database(cli: Cli, db_path: Path) -> None:
    db_path.write_bytes(b"this is a shopping list, not a database\n" * 100)
    result = cli("db", "check")
    assert result.code == 1
    assert "not an SQLite database" in result.err
    assert db_path.read_bytes() == b"this is a shopping list, not a database\n" * 100


def test_a_file_from_a_newer_app_is_refused_by_every_command(cli: Cli, db_path: Path) -> None:
    cli("demo")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version=999")
    conn.close()
    before = db_path.read_bytes()
    for argv in [("lots", "list"), ("db", "check"), ("demo",)]:
        result = cli(*argv)
        assert result.code == 1, argv
        assert "newer microlot_desk" in result.err
        assert "It was not changed" in result.err
    assert db_path.read_bytes() == before


def test_backup_backups_and_restore(cli: Cli, count_lots: Count) -> None:
    cli("demo")
    made = cli("db", "backup")
    assert made.code == 0
    backup = Path(made.out.strip())
    assert backup.exists()

    listing = cli("db", "backups")
    assert listing.code == 0
    assert str(backup) in listing.out
    assert "manual" in listing.out

    cli("lots", "add", "--json", "-", stdin=b'{"name": "After the backup"}')
    assert count_lots() == DEMO_TOTAL + 1

    restored = cli("db", "restore", str(backup))
    assert restored.code == 0
    assert f"restored {backup}" in restored.out
    kept = restored.out.split("kept as ", 1)[1].strip()
    assert Path(kept).exists()
    assert count_lots() == DEMO_TOTAL
    assert json.loads(cli("lots", "list", "--search", "after the backup", "--json").out) == []


def test_backups_of_a_new_folder_lists_nothing(cli: Cli) -> None:
    result = cli("db", "backups")
    assert (result.code, result.out) == (0, "")


def test_restore_of_a_missing_backup_is_refused_and_changes_nothing(
    cli: Cli, count_lots: Count, tmp_path: Path
) -> None:
    cli("demo")
    result = cli("db", "restore", str(tmp_path / "no-such-backup.sqlite"))
    assert result.code == 1
    assert count_lots() == DEMO_TOTAL


# ---- beside a running instance -------------------------------------------------------------------


def test_reading_commands_work_while_the_app_has_the_file(
    cli: Cli, db_path: Path, hold_lock: HoldLock
) -> None:
    cli("demo")
    hold_lock(db_path)
    listed = cli("lots", "list", "--search", "narino", "--json")
    assert listed.code == 0
    assert [lot["code"] for lot in json.loads(listed.out)] == ["CO-2026-014"]
    assert cli("lots", "show", "CO-2026-014").code == 0
    assert cli("db", "check").out == "ok\n"
    backup = cli("db", "backup")
    assert backup.code == 0 and Path(backup.out.strip()).exists()


def test_writing_commands_are_refused_naming_the_holder(
    cli: Cli, db_path: Path, hold_lock: HoldLock, count_lots: Count
) -> None:
    cli("demo")
    holder = hold_lock(db_path)
    result = cli("lots", "add", "--json", "-", stdin=b'{"name": "Refused"}')
    assert result.code == 1
    assert f"process {holder.pid}" in result.err
    assert "open in another microlot_desk" in result.err
    backup = Path(cli("db", "backup").out.strip())
    assert cli("db", "restore", str(backup)).code == 1
    holder.release()
    assert count_lots() == DEMO_TOTAL


@pytest.mark.parametrize("argv", [("db",), ("db", "repair"), ("lots",), ("lots", "delete")])
def test_unknown_or_missing_actions_are_usage_errors(cli: Cli, argv: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli(*argv)
    assert caught.value.code == 2


def test_a_page_damaged_since_the_last_check_is_told_as_damage_by_the_command_that_meets_it(
    cli: Cli, db_path: Path
) -> None:
    cli("demo")
    backup = cli("db", "backup").out.strip()
    with sqlite3.connect(db_path) as conn:  # the pages that hold the lots' rows
        pages = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'lots'")]
    conn.close()
    with open(db_path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * 4096)
            handle.write(b"\xff" * 4096)
    # The file passed its full check moments ago, so opening reads no page of the lots.

    result = cli("lots", "show", "CO-2026-014")

    assert result.code == 1
    assert "damaged" in result.err and backup in result.err
    assert "Traceback" not in result.err
