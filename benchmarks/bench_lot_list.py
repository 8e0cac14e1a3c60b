"""The lot list over 100,000 lots: opening it and each search keystroke, against the raw SQL
that produces the same page, measured in the same run; and peak memory with the list open.

Budget (issue 2): ≤ 50 ms median, ≤ 3× raw SQL, peak RSS ≤ 300 MB.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from microlot_desk.clock import utc_now

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.lot_fixture import WORK, build
from benchmarks.stats import median_ms

LOTS = 100_000
VISIBLE_ROWS = 30  # what a 768-pixel-high window shows
KEYSTROKES = [
    "n",
    "na",
    "nar",
    "nari",
    "narin",
    "narino",
    "ge",
    "ges",
    "gesh",
    "gesha",
    "明华",
    "በቀለ",
    "co-2025",
]


def _raw_page(conn: sqlite3.Connection, search: str) -> list[tuple[object, ...]]:
    """Hand-written SQL for the same page the list shows: the count and the first rows."""
    from microlot_desk.domain.text_folding import fold

    term = fold(search)
    if not term:
        where, params = "1", []
    elif len(term) >= 3:
        where = "id IN (SELECT rowid FROM lot_search WHERE lot_search MATCH ?)"
        params = ['"' + term + '"']
    else:
        where, params = "folded LIKE ?", [f"%{term}%"]
    conn.execute(f"SELECT count(*) FROM lot_list WHERE {where}", params).fetchone()
    return conn.execute(
        "SELECT lot_id, code, name, producer, country, region, process, varieties, green_kg, "
        f"status, updated_at FROM lot_list WHERE {where} ORDER BY code LIMIT 200",
        params,
    ).fetchall()


def measure(path: Path) -> dict[str, object]:
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication, QTableView

    from microlot_desk.services.lots.lot_service import LotService
    from microlot_desk.storage.database import open_database
    from microlot_desk.ui.lots.lot_table_model import LotTableModel

    app = QApplication.instance() or QApplication([])
    database = open_database(path, read_only=True, clock=utc_now)
    lots = LotService(database)
    raw = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)

    view = QTableView()
    view.resize(1000, 760)
    view.show()
    app.processEvents()

    def read_visible(model: LotTableModel) -> None:
        for row in range(min(VISIBLE_ROWS, model.rowCount())):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))

    def painted(model: LotTableModel) -> None:
        view.setModel(model)
        view.viewport().repaint()  # synchronous paint: what the person actually sees

    results: dict[str, object] = {
        "open_model_ms": median_ms(lambda: read_visible(LotTableModel(lots))),
        "open_painted_ms": median_ms(lambda: painted(LotTableModel(lots))),
        "open_raw_ms": median_ms(lambda: _raw_page(raw, "")),
    }
    model = LotTableModel(lots)
    view.setModel(model)
    keystrokes = {}
    previous = ""
    for text in KEYSTROKES:
        before, after = replace(model.query, search=previous), replace(model.query, search=text)

        def keystroke(paint: bool, before: object = before, after: object = after) -> float:
            model.set_query(before)  # type: ignore[arg-type]  # untimed: the state before the key
            start = time.perf_counter()
            model.set_query(after)  # type: ignore[arg-type]
            read_visible(model)
            if paint:
                view.viewport().repaint()
            return (time.perf_counter() - start) * 1000

        keystrokes[text] = {
            "model_ms": statistics.median(keystroke(False) for _ in range(9)),
            "painted_ms": statistics.median(keystroke(True) for _ in range(9)),
            "raw_ms": median_ms(lambda text=text: _raw_page(raw, text), repeat=9),
            "rows": model.rowCount(),
        }
        previous = text
    results["keystrokes"] = keystrokes
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    database.close()
    return results


def run() -> dict[str, object]:
    from microlot_desk.storage.migrations import SCHEMA_VERSION

    # One cached file per schema version: a newer schema needs a freshly built one.
    path = build(WORK / f"lots-{LOTS}-schema{SCHEMA_VERSION}.sqlite", LOTS)
    # A fresh process, so peak memory is the list's and not the builder's.
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_lot_list", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the list benchmark failed:\n{done.stderr[-3000:]}")
    output = done.stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def markdown(result: dict[str, object]) -> list[str]:
    lines = [
        f"{LOTS:,} lots. Model: the query run and the first {VISIBLE_ROWS} rows read (what the "
        "model does for a keystroke); painted: the same plus a synchronous repaint of the table. "
        "Raw: hand-written SQL for the same count and 200-row page. Budget: ≤ 50 ms median, "
        "≤ 3× raw; peak RSS with the list open ≤ 300 MB.",
        "",
        "| action | rows | model ms | painted ms | raw SQL ms | model / raw |",
        "|---|---|---|---|---|---|",
    ]
    rows = [
        (
            "open list",
            LOTS,
            result["open_model_ms"],
            result["open_painted_ms"],
            result["open_raw_ms"],
        )
    ]
    keystrokes = result["keystrokes"]
    assert isinstance(keystrokes, dict)
    rows += [
        (f"type `{text}`", row["rows"], row["model_ms"], row["painted_ms"], row["raw_ms"])
        for text, row in keystrokes.items()
    ]
    worst_ms = worst_ratio = 0.0
    for label, count, model_ms, painted_ms, raw_ms in rows:
        ratio = float(model_ms) / float(raw_ms)  # type: ignore[arg-type]
        worst_ms = max(worst_ms, float(painted_ms))  # type: ignore[arg-type]
        worst_ratio = max(worst_ratio, ratio)
        lines.append(
            f"| {label} | {count:,} | {model_ms:.1f} | {painted_ms:.1f} | {raw_ms:.1f} | "
            f"{ratio:.2f} |"
        )
    rss = float(result["peak_rss_mb"])  # type: ignore[arg-type]
    lines += [
        "",
        f"Slowest painted: {worst_ms:.1f} ms; highest model/raw ratio: {worst_ratio:.2f}; "
        f"peak RSS with the list open: {rss:.0f} MB.",
    ]
    return lines


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(measure(Path(sys.argv[1]))))
    else:
        print(json.dumps(run(), indent=2, ensure_ascii=False))
