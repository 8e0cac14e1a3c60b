"""Importing CQI certificate files as a user does: the installed `microlot-desk import cqi`
command as a whole process, into a fresh database, for 1,000 and 10,000 generated rows
(tests/fixtures/make_cqi_files.py), against a file with a header only through the same command
in the same run (the fixed cost: start-up, opening the database, writing nothing).

Budgets (issue 9): ≥ 2,000 rows/s for both sizes and linear growth (the per-row cost at 10,000
within 1.3× of that at 1,000); `LotService.add_lots` of 10,000 lots within 3× of a bare
sqlite-utils `insert_all` of the same rows, both in-process on fresh files.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.make_cqi_files import arabica  # noqa: E402

COMMAND = Path(sys.executable).with_name("microlot-desk")
SIZES = (1000, 10000)
RATE_BUDGET = 2000.0
LINEAR_BUDGET = 1.3
ADD_LOTS_BUDGET = 3.0


def _timed_import(empty_dir: Path, work: Path, csv: Path) -> float:
    """Seconds for one `microlot-desk import cqi` into a copy of an empty database."""
    target = work / "data"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(empty_dir, target)
    start = time.perf_counter()
    subprocess.run(
        [str(COMMAND), "--data-dir", str(target), "import", "cqi", str(csv)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def _spread(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}


def _command_figures(work: Path, repeat: int) -> dict[str, Any]:
    empty = work / "empty"
    subprocess.run(
        [str(COMMAND), "--data-dir", str(empty), "lots", "list", "--limit", "1"],
        check=True,
        capture_output=True,
    )
    (empty / "microlot.sqlite.lock").unlink(missing_ok=True)
    files: dict[int, Path] = {}
    for size in (0, *SIZES):
        made = arabica(size + 1)  # its last row is all zero (refused): left out
        path = work / f"cqi-{size}.csv"
        lines = made.data.rstrip(b"\n").split(b"\n")
        data = b"\n".join(lines[: size + 1]) + b"\n"  # the header and `size` rows
        path.write_bytes(data)
        files[size] = path
    timings: dict[int, list[float]] = {size: [] for size in files}
    for path in files.values():
        _timed_import(empty, work, path)  # warm the file cache and bytecode
    for _ in range(repeat):  # interleaved, so machine noise hits every size alike
        for size, path in files.items():
            if size == SIZES[-1] and len(timings[size]) >= max(3, repeat // 2):
                continue  # the long run needs fewer repeats to settle
            timings[size].append(_timed_import(empty, work, path))
    fixed = statistics.median(timings[0])
    rows: dict[str, Any] = {"fixed_s": _spread(timings[0])}
    for size in SIZES:
        spread = _spread(timings[size])
        net = spread["median"] - fixed
        rows[str(size)] = {
            "seconds": spread,
            "rows_per_s_whole": size / spread["median"],
            "rows_per_s_net": size / net,
            "per_row_ms_net": net / size * 1000,
        }
    small, large = rows[str(SIZES[0])], rows[str(SIZES[-1])]
    rows["linear_ratio"] = large["per_row_ms_net"] / small["per_row_ms_net"]
    return rows


def _lot_rows(count: int) -> list[dict[str, str]]:
    countries = ("CO", "ET", "KE", "GT", "BR")
    return [
        {
            "name": f"Finca {n}",
            "country": countries[n % len(countries)],
            "farm": f"Finca {n}",
            "producer": f"producer {n % 400}",
            "region": "Huila",
            "process": "washed",
            "varieties": "Caturra, Castillo",
            "green_kg": "690",
        }
        for n in range(count)
    ]


def _add_lots_figures(work: Path, count: int, repeat: int) -> dict[str, Any]:
    from datetime import UTC, datetime

    import sqlite_utils

    from microlot_desk.services.lots.lot_service import LotService
    from microlot_desk.storage.database import open_database

    rows = _lot_rows(count)
    fixed = datetime(2026, 12, 1, tzinfo=UTC)
    ours, bare = [], []
    for attempt in range(repeat + 1):
        path = work / f"add-{attempt}.sqlite"
        database = open_database(path, clock=lambda: fixed)
        service = LotService(database)
        start = time.perf_counter()
        service.add_lots([(row, None) for row in rows])
        elapsed = time.perf_counter() - start
        database.close()
        plain = sqlite_utils.Database(work / f"bare-{attempt}.sqlite")
        start = time.perf_counter()
        with plain.conn:
            plain["lots"].insert_all(
                ({"id": str(n), "code": f"CO-2026-{n:05d}", **row} for n, row in enumerate(rows)),
                pk="id",
            )
        bare_elapsed = time.perf_counter() - start
        plain.close()
        if attempt:  # the first of each is a warm-up
            ours.append(elapsed)
            bare.append(bare_elapsed)
    return {
        "lots": count,
        "add_lots_s": _spread(ours),
        "insert_all_s": _spread(bare),
        "ratio": statistics.median(ours) / statistics.median(bare),
    }


def run(repeat: int = 5) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        return {
            "command": _command_figures(work, repeat),
            "add_lots": _add_lots_figures(work, 10000, repeat),
        }


def _range(spread: dict[str, float]) -> str:
    return f"{spread['median']:.2f} ({spread['min']:.2f}–{spread['max']:.2f})"


def markdown(result: dict[str, Any]) -> list[str]:
    command, add = result["command"], result["add_lots"]
    lines = [
        "`microlot-desk import cqi FILE` as a whole process (the installed console script), "
        "into a fresh database, generated CQI files (tests/fixtures/make_cqi_files.py). "
        "Baseline: a header-only file through the same command in the same run (start-up, "
        "opening the database, nothing written). Net = the run minus that baseline. "
        "Seconds as median (min–max).",
        "",
        "| rows | seconds | rows/s whole process | rows/s net | ms per row net |",
        "|---|---|---|---|---|",
        f"| header only | {_range(command['fixed_s'])} | | | |",
    ]
    for size in SIZES:
        row = command[str(size)]
        lines.append(
            f"| {size:,} | {_range(row['seconds'])} | {row['rows_per_s_whole']:.0f} | "
            f"{row['rows_per_s_net']:.0f} | {row['per_row_ms_net']:.3f} |"
        )
    slowest = min(command[str(size)]["rows_per_s_net"] for size in SIZES)
    lines += [
        "",
        f"Net rate {slowest:.0f} rows/s at the slower size (budget ≥ {RATE_BUDGET:.0f}: "
        f"{'met' if slowest >= RATE_BUDGET else 'NOT met'}). Per-row cost at 10,000 / at "
        f"1,000: {command['linear_ratio']:.2f} (budget ≤ {LINEAR_BUDGET}: "
        f"{'met' if command['linear_ratio'] <= LINEAR_BUDGET else 'NOT met'}).",
        "",
        f"`LotService.add_lots` of {add['lots']:,} lots: {_range(add['add_lots_s'])} s against a "
        f"bare sqlite-utils `insert_all` of the same rows {_range(add['insert_all_s'])} s: "
        f"ratio {add['ratio']:.2f} (budget ≤ {ADD_LOTS_BUDGET:.0f}: "
        f"{'met' if add['ratio'] <= ADD_LOTS_BUDGET else 'NOT met'}).",
    ]
    return lines


if __name__ == "__main__":
    print(run())
