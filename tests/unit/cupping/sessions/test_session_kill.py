"""Killing the process mid-session loses no committed field: a child enters sheet fields one at
a time and prints "Saved ..." after each committed call; it is SIGKILLed after a random number
of lines, and every field it printed must be in the database, exactly, after a crash reopen.

MICROLOT_KILL_TRIALS sets the number of trials (default 4); MICROLOT_KILL_SEED replays a run.
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

from cupping_session_builder import build_session
from ticking_clock import TickingClock

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import integrity_report, open_database

TRIALS = int(os.environ.get("MICROLOT_KILL_TRIALS", "4"))
SEED = int(os.environ.get("MICROLOT_KILL_SEED", str(random.randrange(1_000_000))))
CHILD = Path(__file__).resolve().with_name("sheet_entry_child.py")
FIELDS = 3 * 2 * 11  # samples x cuppers x keys the child sets


def read_lines(process: subprocess.Popen[bytes], wanted: int, timeout: float = 60) -> list[str]:
    """Lines the child printed, until `wanted` of them (or it stopped printing)."""
    assert process.stdout is not None
    fd, buffer, lines = process.stdout.fileno(), b"", []
    deadline = time.monotonic() + timeout
    while len(lines) < wanted and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], deadline - time.monotonic())
        chunk = os.read(fd, 65536) if ready else b""
        if not chunk:
            break
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        lines += [line.decode("utf-8") for line in complete]
    return lines


def drain(process: subprocess.Popen[bytes]) -> list[str]:
    assert process.stdout is not None
    rest = process.stdout.read().decode("utf-8")
    process.stdout.close()
    return [line for line in rest.split("\n") if line]  # a cut last line has no "Saved" prefix


def test_no_committed_field_is_lost_to_kill_9(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    path = tmp_path / "data" / "microlot.sqlite"
    checked = 0
    for trial in range(TRIALS):
        database = open_database(path, clock=TickingClock())
        lots, cupping = LotService(database), CuppingService(database)
        built = build_session(lots, cupping, samples=3, cuppers=2, blind=trial % 2 == 1)
        database.close()
        setup = tmp_path / f"setup-{trial}.json"
        setup.write_text(
            json.dumps({"samples": built.sample_ids, "cuppers": built.cupper_ids}), "utf-8"
        )
        process = subprocess.Popen(
            [sys.executable, str(CHILD), str(path), str(setup)], stdout=subprocess.PIPE
        )
        lines = read_lines(process, rng.randrange(1, FIELDS))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        lines += drain(process)
        saved = [line.split() for line in lines if line.startswith("Saved ")]
        assert saved, f"trial {trial} (seed {SEED}): the child saved nothing"

        database = open_database(path, clock=TickingClock())
        try:
            assert database.checked_fully, "a crash must be followed by a full check"
            assert integrity_report(database) == ["ok"]
            sheets = CuppingService(database).sheets
            for _, sample, cupper, key, value in saved:
                got = sheets.get(sample, cupper).values.get(key)
                assert got is not None and Decimal(got) == Decimal(value), (
                    f"trial {trial} (seed {SEED}): {key} of {sample}/{cupper} is {got!r}, "
                    f"the child had printed Saved {value}"
                )
                checked += 1
        finally:
            database.close()
    assert checked >= TRIALS
