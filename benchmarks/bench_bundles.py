"""Lot bundles between stations, as a user moves them: the installed `microlot-desk bundle
export` and `bundle import` commands as whole processes, for 1,000 and 10,000 lots with their
cupping sessions (a CQI certificate import, tests/fixtures/make_cqi_files.py; no photos).

Baselines, measured in the same run:
- the fixed cost of the import command: `bundle import` of a bundle with no lots, from a
  trusted station, into the same kind of receiver (start-up, loading the import's modules,
  opening the database, checking the bundle, the transaction);
- a bare sqlite-utils `insert_all` of the same rows, read from the same bundle, into a fresh
  file with the same tables (in-process), against which the import's net time is compared.
Peak memory of the import process (ru_maxrss of that child alone) for both sizes.

Budgets (issue 11): export and import of 1,000 lots each ≤ 10 s; import ≤ 3× the bare
`insert_all`; import peak RSS at 10,000 lots ≤ 2× that at 1,000.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.make_cqi_files import arabica  # noqa: E402

COMMAND = Path(sys.executable).with_name("microlot-desk")
SIZES = (1000, 10000)
SECONDS_BUDGET = 10.0
INSERT_ALL_BUDGET = 3.0
RSS_BUDGET = 2.0


def _run(*argv: str) -> tuple[float, int]:
    """Seconds and peak RSS (kB) of one whole `microlot-desk` process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(COMMAND), *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode not in (0, 3):
        raise RuntimeError(f"{argv}: exit {process.returncode}: {error}")
    return elapsed, usage.ru_maxrss


def _fingerprint(folder: Path) -> str:
    out = subprocess.run(
        [str(COMMAND), "--data-dir", str(folder), "keys", "show"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.splitlines()[0]


def _empty_bundle(work: Path) -> tuple[Path, str]:
    """A bundle of no lots from a station of its own, and that station's fingerprint."""
    sender = work / "sender-empty"
    bundle = work / "empty.mlot"
    _run("--data-dir", str(sender), "bundle", "export", "-o", str(bundle))
    return bundle, _fingerprint(sender)


def _stations(work: Path, size: int) -> tuple[Path, Path, Path]:
    """A sender with `size` lots, its bundle, and an empty receiver that trusts it."""
    sender, receiver = work / f"sender-{size}", work / f"receiver-{size}"
    made = arabica(size + 1)  # its last row is all zero (refused): left out
    lines = made.data.rstrip(b"\n").split(b"\n")
    csv = work / f"cqi-{size}.csv"
    csv.write_bytes(b"\n".join(lines[: size + 1]) + b"\n")
    subprocess.run(
        [str(COMMAND), "--data-dir", str(sender), "import", "cqi", str(csv)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [str(COMMAND), "--data-dir", str(receiver), "keys", "trust", _fingerprint(sender)],
        check=True,
        capture_output=True,
    )
    bundle = work / f"lots-{size}.mlot"
    _run("--data-dir", str(sender), "bundle", "export", "-o", str(bundle))
    return sender, bundle, receiver


def _spread(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}


def _bare_insert_all(bundle: Path, schema_from: Path, work: Path) -> float:
    """Seconds for sqlite-utils `insert_all` of every record in the bundle into empty copies
    of the receiver's tables (their indexes and constraints included)."""
    import sqlite_utils

    with zipfile.ZipFile(bundle) as archive:
        tables = {
            name.removeprefix("records/").removesuffix(".jsonl"): [
                json.loads(line) for line in archive.read(name).splitlines() if line
            ]
            for name in archive.namelist()
            if name.startswith("records/")
        }
    for rows in tables.values():
        for row in rows:
            row.pop("_seen", None)
    target = work / "bare.sqlite"
    target.unlink(missing_ok=True)
    with sqlite3.connect(schema_from) as source, sqlite3.connect(target) as copy:
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'lot_search%'"
        ):
            copy.execute(sql)
    plain = sqlite_utils.Database(target)
    start = time.perf_counter()
    with plain.conn:
        for table, rows in tables.items():
            if rows:
                plain[table].insert_all(rows)
    elapsed = time.perf_counter() - start
    plain.close()
    return elapsed


def _fresh(pristine: Path, receiver: Path) -> None:
    shutil.rmtree(receiver, ignore_errors=True)
    shutil.copytree(pristine, receiver)


def _figures(work: Path, size: int, repeat: int) -> dict[str, Any]:
    sender, bundle, receiver = _stations(work, size)
    empty, empty_sender = _empty_bundle(work)
    subprocess.run(
        [str(COMMAND), "--data-dir", str(receiver), "keys", "trust", empty_sender],
        check=True,
        capture_output=True,
    )
    pristine = work / f"pristine-{size}"
    shutil.copytree(receiver, pristine)
    fixed, exports, imports, rss = [], [], [], []
    for _ in range(repeat):
        _fresh(pristine, receiver)
        fixed.append(_run("--data-dir", str(receiver), "bundle", "import", str(empty))[0])
        exports.append(
            _run("--data-dir", str(sender), "bundle", "export", "-o", str(work / "again.mlot"))[0]
        )
        _fresh(pristine, receiver)
        seconds, peak = _run("--data-dir", str(receiver), "bundle", "import", str(bundle))
        imports.append(seconds)
        rss.append(peak)
    bare = [_bare_insert_all(bundle, receiver / "microlot.sqlite", work) for _ in range(3)]
    with sqlite3.connect(receiver / "microlot.sqlite") as conn:
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("lots", "cupping_sessions", "cupping_samples", "imported_results")
        }
    net_import = statistics.median(imports) - statistics.median(fixed)
    return {
        "records": counts,
        "bundle_bytes": bundle.stat().st_size,
        "fixed_s": _spread(fixed),
        "export_s": _spread(exports),
        "import_s": _spread(imports),
        "import_net_s": net_import,
        "insert_all_s": _spread(bare),
        "import_vs_insert_all": net_import / statistics.median(bare),
        "import_rss_kb": {"median": statistics.median(rss), "min": min(rss), "max": max(rss)},
    }


def run(repeat: int = 5) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        found = {str(size): _figures(work, size, repeat if size < 10000 else 3) for size in SIZES}
    small, large = found[str(SIZES[0])], found[str(SIZES[-1])]
    found["rss_ratio"] = large["import_rss_kb"]["median"] / small["import_rss_kb"]["median"]
    return found


def _range(spread: dict[str, float]) -> str:
    return f"{spread['median']:.2f} ({spread['min']:.2f}–{spread['max']:.2f})"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def markdown(result: dict[str, Any]) -> list[str]:
    lines = [
        "`microlot-desk bundle export` and `bundle import FILE` as whole processes (the "
        "installed console script): a sender holding N lots from a CQI certificate import "
        "(each with its cupping session, sample and certificate result; no photos) and a "
        "receiver that trusts it, a fresh copy for every import. Baselines in the same run: "
        "`bundle import` of a bundle with no lots into the same receiver (the command's fixed "
        "cost: start-up, its modules, opening, checking, the transaction) and a bare "
        "sqlite-utils `insert_all` of the bundle's rows into empty copies of the same tables "
        "(in-process). Seconds as median (min–max).",
        "",
        "| lots | lots, sessions, samples, results | export s | import s | empty import s | "
        "import net / insert_all | "
        "import peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in SIZES:
        row = result[str(size)]
        rss = row["import_rss_kb"]
        lines.append(
            f"| {size:,} | {sum(row['records'].values()):,} | {_range(row['export_s'])} | "
            f"{_range(row['import_s'])} | {_range(row['fixed_s'])} | "
            f"{row['import_net_s']:.2f} / {row['insert_all_s']['median']:.2f} = "
            f"{row['import_vs_insert_all']:.1f}× | {rss['median'] / 1024:.0f} "
            f"({rss['min'] / 1024:.0f}–{rss['max'] / 1024:.0f}) |"
        )
    small = result[str(SIZES[0])]
    worst = max(small["export_s"]["median"], small["import_s"]["median"])
    lines += [
        "",
        f"1,000 lots: export and import each ≤ {SECONDS_BUDGET:.0f} s: "
        f"{_verdict(worst <= SECONDS_BUDGET)} (slower {worst:.2f} s). Import net ≤ "
        f"{INSERT_ALL_BUDGET:.0f}× the bare insert_all: "
        f"{_verdict(small['import_vs_insert_all'] <= INSERT_ALL_BUDGET)} at 1,000 "
        f"({small['import_vs_insert_all']:.1f}×), "
        f"{_verdict(result[str(SIZES[-1])]['import_vs_insert_all'] <= INSERT_ALL_BUDGET)} at "
        f"10,000 ({result[str(SIZES[-1])]['import_vs_insert_all']:.1f}×). Import peak RSS at "
        f"10,000 / at 1,000: {result['rss_ratio']:.2f} (budget ≤ {RSS_BUDGET:.0f}: "
        f"{_verdict(result['rss_ratio'] <= RSS_BUDGET)}).",
    ]
    return lines


if __name__ == "__main__":
    print(json.dumps(run(repeat=1), indent=2))
