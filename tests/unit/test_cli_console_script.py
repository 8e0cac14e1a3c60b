"""The installed `microlot-desk` console script and `python -m microlot_desk`, as a user runs
them: separate processes, real pipes, UTF-8 on the wire."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from microlot_desk import __version__

SCRIPT = Path(sys.executable).with_name("microlot-desk")


def run(*argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(SCRIPT), *argv], input=stdin, capture_output=True, timeout=60, check=False
    )


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    assert SCRIPT.exists(), f"console script missing: {SCRIPT} (pip install -e .[test])"


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"microlot-desk {__version__}"


def test_demo_then_search_narino_as_json(data_dir: Path) -> None:
    assert run("--data-dir", str(data_dir), "demo").returncode == 0
    result = run("--data-dir", str(data_dir), "lots", "list", "--search", "narino", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.decode("utf-8"))
    assert [lot["code"] for lot in found] == ["CO-2026-014"]
    assert found[0]["producer"] == "José Ñáñez Muñoz"


def test_add_from_stdin_and_show_round_trip_ethiopic_and_chinese(data_dir: Path) -> None:
    # The harvest names the code's year: a subprocess runs on the real calendar.
    lot = {
        "name": "ቡና 普洱",
        "producer": "አበበ በቀለ",
        "farm": "李明华",
        "country": "ET",
        "harvest_start": "2026-11-02",
    }
    added = run(
        "--data-dir", str(data_dir), "lots", "add", "--json", "-", stdin=json.dumps(lot).encode()
    )
    assert added.returncode == 0, added.stderr
    lines = added.stdout.decode().splitlines()
    assert lines == ["ET-2026-001"]

    shown = run("--data-dir", str(data_dir), "lots", "show", lines[0], "--json")
    data = json.loads(shown.stdout.decode("utf-8"))
    assert (data["name"], data["producer"], data["farm"]) == ("ቡና 普洱", "አበበ በቀለ", "李明华")


def test_bad_input_exits_1_with_a_message_and_no_traceback(data_dir: Path) -> None:
    bad = b'{"name": "", "green_kg": "heavy", "country": "XX"}'
    result = run("--data-dir", str(data_dir), "lots", "add", "--json", "-", stdin=bad)
    assert result.returncode == 1
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert "green_kg" in err and "country" in err and "name" in err
    listed = run("--data-dir", str(data_dir), "lots", "list", "--json")
    assert json.loads(listed.stdout) == []


def test_python_dash_m_runs_the_same_cli(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "microlot_desk", "--data-dir", str(data_dir), "db", "check"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == "ok"


def test_without_data_dir_the_environment_folder_is_used() -> None:
    # conftest points MICROLOT_DESK_DATA_DIR at a temporary folder for every test
    folder = Path(os.environ["MICROLOT_DESK_DATA_DIR"])
    assert run("demo").returncode == 0
    assert (folder / "microlot.sqlite").exists()


def test_data_dir_after_the_subcommand_is_a_usage_error(data_dir: Path) -> None:
    result = run("lots", "list", "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert not (data_dir / "microlot.sqlite").exists()
