"""Start-up as a user meets it: the installed `microlot-desk` console script as a whole process,
in the environment README sets up, against a bare script started by the same interpreter in the
same run (interleaved, so the machine's noise hits both alike), at 1,000 and at 100,000 lots.

- window: to the first shown main window (MICROLOT_DESK_QUIT_WHEN_SHOWN), against a bare
  QApplication + QMainWindow; budget ≤ 2×.
- lots list: `lots list --limit 50` to its exit, against a bare sqlite3 + json script printing
  the same 50 rows; budget ≤ 5×.
- growth: each median at 100,000 lots ≤ 1.3× its median at 1,000 lots.

The bytecode cache is used as an installed app has it: PYTHONDONTWRITEBYTECODE (which some shells
set) is removed from the environment, and one warm-up start of each writes the cache.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.lot_fixture import WORK, build
from microlot_desk.storage.migrations import SCHEMA_VERSION

COMMAND = Path(sys.executable).with_name("microlot-desk")
SIZES = (1_000, 100_000)
WINDOW_BUDGET, LIST_BUDGET, GROWTH_BUDGET = 2.0, 5.0, 1.3

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 760)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""

BARE_LIST = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT code, name, producer, country, green_kg FROM lot_list ORDER BY code LIMIT 50"
).fetchall()
json.dump(rows, sys.stdout)
"""

_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
_ENV["QT_QPA_PLATFORM"] = "offscreen"


def _until_shown(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.wait()
    if line.strip() != "shown" or process.returncode != 0:
        raise RuntimeError(f"{args[0]} did not show a window: {line!r}, exit {process.returncode}")
    return elapsed * 1000


def _until_exit(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True, env=_ENV)
    return (time.perf_counter() - start) * 1000


def _spread(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}


def _measure(folder: Path, repeat: int) -> dict[str, dict[str, float]]:
    database = str(folder / "microlot.sqlite")
    gui_env = {**_ENV, "MICROLOT_DESK_QUIT_WHEN_SHOWN": "1"}
    runs = {
        "bare_window": lambda: _until_shown([sys.executable, "-c", BARE_WINDOW], _ENV),
        "window": lambda: _until_shown([str(COMMAND), "--data-dir", str(folder)], gui_env),
        "bare_list": lambda: _until_exit([sys.executable, "-c", BARE_LIST, database]),
        "lots_list": lambda: _until_exit(
            [str(COMMAND), "--data-dir", str(folder), "lots", "list", "--limit", "50"]
        ),
    }
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for action in runs.values():
        action()  # warm-up: the OS file cache, the bytecode cache, the file's weekly check
    for _ in range(repeat):
        for name, action in runs.items():
            samples[name].append(action())
    return {name: _spread(values) for name, values in samples.items()}


def run(repeat: int = 15) -> dict[str, object]:
    results: dict[str, object] = {}
    for size in SIZES:
        fixture = build(WORK / f"lots-{size}-schema{SCHEMA_VERSION}.sqlite", size)
        with tempfile.TemporaryDirectory() as folder:
            shutil.copyfile(fixture, Path(folder) / "microlot.sqlite")
            results[str(size)] = _measure(Path(folder), repeat)
    return results


def _ratio(result: dict[str, object], size: int, subject: str, baseline: str) -> float:
    measured: dict[str, dict[str, float]] = result[str(size)]  # type: ignore[assignment]
    return measured[subject]["median"] / measured[baseline]["median"]


def markdown(result: dict[str, object]) -> list[str]:
    lines = [
        "The installed `microlot-desk` console script as a whole process (README's `.venv`), "
        "against a bare script run by the same interpreter, interleaved in the same run; "
        "offscreen; bytecode cache written by a warm-up start, as an installed app has it. "
        "Window: to the first shown main window. List: `lots list --limit 50` to its exit; "
        "the bare script reads the same 50 rows with sqlite3 and prints them as JSON.",
        "",
        "| lots | measure | median ms (min–max) | bare ms (min–max) | ratio | budget | met |",
        "|---:|---|---|---|---:|---:|---|",
    ]
    for size in SIZES:
        measured: dict[str, dict[str, float]] = result[str(size)]  # type: ignore[assignment]
        for subject, baseline, label, budget in (
            ("window", "bare_window", "window shown", WINDOW_BUDGET),
            ("lots_list", "bare_list", "lots list --limit 50", LIST_BUDGET),
        ):
            ours, bare = measured[subject], measured[baseline]
            ratio = ours["median"] / bare["median"]
            lines.append(
                f"| {size:,} | {label} | {ours['median']:.0f} ({ours['min']:.0f}–{ours['max']:.0f})"
                f" | {bare['median']:.0f} ({bare['min']:.0f}–{bare['max']:.0f}) | {ratio:.2f}"
                f" | ≤ {budget} | {'yes' if ratio <= budget else 'NO'} |"
            )
    lines.append("")
    small, large = SIZES
    for subject, label in (("window", "window shown"), ("lots_list", "lots list")):
        big: dict[str, dict[str, float]] = result[str(large)]  # type: ignore[assignment]
        little: dict[str, dict[str, float]] = result[str(small)]  # type: ignore[assignment]
        growth = big[subject]["median"] / little[subject]["median"]
        met = "yes" if growth <= GROWTH_BUDGET else "NO"
        lines.append(
            f"- {label}: {large:,} lots / {small:,} lots = {growth:.2f} "
            f"(budget ≤ {GROWTH_BUDGET}: {met})"
        )
    return lines


if __name__ == "__main__":
    print(run())
