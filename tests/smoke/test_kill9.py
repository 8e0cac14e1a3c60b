"""A lot survives `kill -9` of the process right after "Saved" appears.

Each trial starts a real process that adds a lot (through LotService, or through the installed
`microlot-desk lots add` command), reads its "Saved" line (or the printed code), and SIGKILLs it
at once. Then the database is reopened as the app would after a crash: every lot whose "Saved"
line was seen must be there with its exact fields, and the full integrity check must say "ok".
One database carries all trials of a test, so a later crash recovery losing an earlier lot fails.

MICROLOT_KILL_TRIALS sets the number of trials of each test (default 50, the issue's minimum for
CI); MICROLOT_KILL_SEED replays the random kill points of a failed run.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import integrity_report, open_database

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("MICROLOT_KILL_TRIALS", "50"))
SEED = int(os.environ.get("MICROLOT_KILL_SEED", str(random.randrange(1_000_000))))
CHILD = Path(__file__).resolve().with_name("kill9_child.py")
CONSOLE_SCRIPT = Path(sys.executable).with_name("microlot-desk")
KILL_WINDOWS = (0.6, 1.0, 0.3)  # seconds after the start, the "Open" line, the first save
PRODUCERS = ["አበበ በቀለ", "李明华", "José Ñáñez Muñoz", "Familia Caballero Ríos"]


class Output:
    """A child's stdout, read line by line without ever blocking past a deadline."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.stream = process.stdout
        self.fd = process.stdout.fileno()
        self.buffer = b""
        self.lines: list[str] = []
        self.closed = False

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.closed = True
            return
        self.buffer += chunk
        *complete, self.buffer = self.buffer.split(b"\n")
        self.lines += [line.decode("utf-8") for line in complete]

    def wait_for_line(self) -> str:
        self.wait_for_lines(1)
        return self.lines[0]

    def wait_for_lines(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.lines) < count and not self.closed and time.monotonic() < deadline:
            self._read(deadline - time.monotonic())
        if len(self.lines) < count:
            raise AssertionError(f"the child printed {len(self.lines)} of {count} lines")

    def read_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.closed and time.monotonic() < deadline:
            self._read(deadline - time.monotonic())

    def drain(self) -> None:
        """After the kill: whatever the child wrote before dying is still in the pipe."""
        while not self.closed:
            self._read(5)

    def close(self) -> None:
        self.stream.close()


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL, then reap. The pipe stays open: what was written before the kill can be read."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def trial_lot(trial: int) -> dict[str, Any]:
    return {
        "name": f"Kill trial {trial} ቡና 小批次",
        "producer": PRODUCERS[trial % len(PRODUCERS)],
        "country": "ET",
        "region": "Gedeo, Yirgacheffe",
        "varieties": "Kurume 70%, Wolisho 30%",
        "process": "washed",
        "harvest_start": "2026-11-02",
        "green_kg": f"{trial}.5",
        "story": "Separated by picking day. " * (trial % 5 * 40),
    }


def assert_lot_matches(lots: LotService, code: str, raw: dict[str, Any], where: str) -> None:
    lot = lots.get_by_code(code)
    assert lot.name == raw["name"], where
    assert lot.producer_name == raw["producer"], where
    assert lot.country == raw["country"], where
    assert lot.region == raw["region"], where
    assert lot.varieties_text == raw["varieties"], where
    assert lot.green_kg == Decimal(raw["green_kg"]), where
    assert lot.story == raw["story"].strip(), where


def reopen_and_check(path: Path, expected: dict[str, dict[str, Any]], where: str) -> None:
    """Open as the app does after a crash: the lock must be free and the file sound."""
    database = open_database(path, clock=TickingClock())
    try:
        assert integrity_report(database) == ["ok"], where
        lots = LotService(database)
        for code, raw in expected.items():
            assert_lot_matches(lots, code, raw, f"{where}, lot {code}")
        assert lots.total() >= len(expected), where
    finally:
        database.close()


def test_lot_saved_by_the_service_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "data" / "microlot.sqlite"
    expected: dict[str, dict[str, Any]] = {}
    for trial in range(TRIALS):
        raw = trial_lot(trial)
        source = tmp_path / f"lot-{trial}.json"
        source.write_text(json.dumps(raw), encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, str(CHILD), str(path), "one", str(source)], stdout=subprocess.PIPE
        )
        output = Output(process)
        try:
            line = output.wait_for_line()
        finally:
            kill(process)
            output.drain()
            output.close()
        assert line.startswith("Saved "), f"trial {trial}: {line!r}"
        expected[line.split()[1]] = raw

        # The child still had the file open: the next open sees an unclean shutdown.
        assert path.with_name(path.name + ".in-use").exists(), f"trial {trial}"
        database = open_database(path, clock=TickingClock())
        try:
            assert database.checked_fully, f"trial {trial}: no full check after a crash"
        finally:
            database.close()
        reopen_and_check(path, expected, f"trial {trial} (seed {SEED})")
    assert len(expected) == TRIALS


def test_lot_added_with_the_cli_survives_kill_9(tmp_path: Path) -> None:
    data = tmp_path / "data"
    expected: dict[str, dict[str, Any]] = {}
    for trial in range(TRIALS):
        raw = trial_lot(trial)
        process = subprocess.Popen(
            [str(CONSOLE_SCRIPT), "--data-dir", str(data), "lots", "add", "--json", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert process.stdin is not None
        process.stdin.write(json.dumps(raw).encode("utf-8"))
        process.stdin.close()
        output = Output(process)
        try:
            code = output.wait_for_line().strip()
        finally:
            kill(process)
            output.drain()
            output.close()
        assert code.startswith("ET-2026-"), f"trial {trial}: {code!r}"
        expected[code] = raw
        reopen_and_check(data / "microlot.sqlite", expected, f"trial {trial}")
    assert len(expected) == TRIALS


def test_every_saved_lot_survives_kill_9_at_a_random_point_of_a_burst(tmp_path: Path) -> None:
    path = tmp_path / "data" / "microlot.sqlite"
    rng = random.Random(SEED)
    seen: dict[str, str] = {}
    for trial in range(TRIALS):
        prefix = f"Burst {trial}"
        process = subprocess.Popen(
            [sys.executable, str(CHILD), str(path), "burst", prefix], stdout=subprocess.PIPE
        )
        output = Output(process)
        # Kill points are timed from three moments, because a slow machine may take longer than
        # any fixed window to start Python or to make its first save: some trials would then never
        # reach a save. Start-up, the open file, and the first save each get a third of the trials.
        moment = trial % 3
        if moment > 0:
            output.wait_for_lines(moment)
        output.read_for(rng.uniform(0.0, KILL_WINDOWS[moment]))
        kill(process)
        output.drain()
        output.close()
        for line in output.lines:
            if line == "Open":
                continue
            _, code, number = line.split()
            seen[code] = f"{prefix} {number}"

        where = f"trial {trial} (seed {SEED})"
        database = open_database(path, clock=TickingClock())
        try:
            assert integrity_report(database) == ["ok"], where
            stored = {row.code: row.name for row in LotService(database).page(LotQuery(), 0, 10**6)}
            lost = {code: name for code, name in seen.items() if stored.get(code) != name}
            assert not lost, f"{where}: lost {len(lost)} of {len(seen)} saved lots: {lost}"
        finally:
            database.close()
    assert seen, "no trial got as far as a saved lot"
    print(f"{len(seen)} lots saved over {TRIALS} burst trials (seed {SEED})")
