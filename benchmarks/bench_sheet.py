"""Provenance sheets: one sheet against a bare reportlab build of the same content in the same
run, and 200 sheets as a user exports them: `microlot-desk export sheet CODE... --workers N`, the
installed console script as a whole process, on one worker and on two, interleaved.

Budget: one sheet ≤ 150 ms median after warm-up and ≤ 1.5× the bare build; the batch on two
workers ≥ 1.6× as fast as on one (issue 9.10).

The app's sheet goes the whole way: the lot read from the database, the data gathered, every
string escaped and split into script runs, the digest, the QR code, the outline placeholder, the
page count in the footer. The bare build is what a hand-written reportlab script would do for the
same text, fonts and QR code, with the markup written out beforehand.
"""

from __future__ import annotations

import functools
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.stats import median_ms
from microlot_desk.clock import utc_now

SHEET_LOTS = ("CN-2026-002", "ET-2026-003", "CO-2026-014")  # Han, Ethiopic and Latin fonts
BATCH_SIZE = 200
BATCH_REPEAT = 3
SPEED_UP_BUDGET = 1.6
COMMAND = Path(sys.executable).with_name("microlot-desk")


def _open_demo(folder: Path, extra: int = 0) -> tuple[Any, Any]:
    from microlot_desk.services.demo.demo_data import DEMO_LOTS, load_demo
    from microlot_desk.services.lots.lot_service import LotService
    from microlot_desk.storage.database import open_database

    database = open_database(folder / "microlot.sqlite", clock=utc_now)
    lots = LotService(database)
    load_demo(lots)
    for n in range(extra):
        raw = dict(DEMO_LOTS[n % len(DEMO_LOTS)])
        raw["code"] = f"BX-2026-{n:03d}"
        lots.add_lot(raw)
    return database, lots


def _bare_builder(data: Any) -> Callable[[], bytes]:
    """A straightforward reportlab build of the same sheet: same fonts, texts, tables, QR, and
    the same cupping, custody, hallmark, photo and document content (from the same SheetData)."""
    lot = data.lot
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from microlot_desk.export.printing.qr import qr_drawing

    def font(text: str) -> str:  # one font per string, as a hand-written script would pick
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return "MLD-Han"
        return "MLD-Ethiopic" if any("\u1200" <= ch <= "\u139f" for ch in text) else "MLD-Sans"

    def run(text: str) -> str:
        return f'<font name="{font(text)}">{text}</font>'

    body = ParagraphStyle("b", fontName="MLD-Sans", fontSize=9, leading=12)
    bold = ParagraphStyle("t", fontName="MLD-Sans-Bold", fontSize=17, leading=21)
    small = ParagraphStyle("s", fontName="MLD-Sans", fontSize=7.5, leading=10)
    name = run(lot.name)
    rows = [
        ("Producer", run(lot.producer_name)),
        ("Farm", run(lot.farm)),
        ("Country", f"{lot.country}"),
        ("Region", run(lot.region)),
        ("Varieties", lot.varieties_text),
        ("Process", lot.process),
        ("Fermentation", f"{lot.fermentation_hours} h"),
        ("Drying", f"{lot.drying_method}, {lot.drying_days} days"),
        ("Harvest", f"{lot.harvest_start} – {lot.harvest_end}"),
        ("Isolated by", ", ".join(sorted(lot.isolation))),
        ("Green weight", f"{lot.green_kg} kg"),
        ("Bags", f"{lot.bag_count} × {lot.bag_kg} kg"),
        ("Moisture", f"{lot.moisture_pct} %"),
    ]
    from reportlab.platypus import Image

    def records() -> list[Any]:
        parts: list[Any] = [Paragraph("Story", body), Paragraph(run(lot.story or "-"), small)]
        if data.cupping is not None:
            cup = data.cupping
            parts += [
                Paragraph("Cupping", body),
                Table(
                    [[cup.form_name, str(cup.final_score), str(cup.panel_size)]]
                    + [[m.label, str(m.mean), ""] for m in cup.section_means]
                ),
            ]
        if data.custody:
            parts += [
                Paragraph("Chain of custody", body),
                Table(
                    [
                        [
                            str(s.when),
                            s.stage,
                            Paragraph(run(s.place), small),
                            str(s.kg_in or ""),
                            str(s.kg_out or ""),
                        ]
                        for s in data.custody
                    ]
                ),
            ]
        if data.hallmarks:
            parts += [
                Paragraph("Hallmarks", body),
                Table(
                    [
                        [h.key, str(h.status), Paragraph(run(h.evidence), small)]
                        for h in data.hallmarks
                    ],
                    colWidths=[100, 60, 320],
                ),
            ]
        for photo in data.photos:
            parts.append(Image(io.BytesIO(photo.data), width=40 * mm, height=30 * mm))
        if data.documents:
            parts.append(Table([[d.name, str(d.size_bytes)] for d in data.documents]))
        return parts

    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont("MLD-Sans", 6.8)
        canvas.drawString(48, 60, f"Generated by microlot_desk · Page {doc.page}")
        canvas.drawString(48, 50, "Sheet data SHA-256: " + "0" * 64)

    def build() -> bytes:
        out = io.BytesIO()
        doc = SimpleDocTemplate(
            out,
            pagesize=A4,
            title=lot.name,
            lang="en",
            initialFontName="MLD-Sans",
            bottomMargin=28 * mm,
        )
        story: list[Any] = [
            Table(
                [
                    [
                        Paragraph(name, bold),
                        qr_drawing(f"MLD1|{lot.code}|{lot.id}|" + "0" * 64, 30 * mm),
                    ]
                ]
            ),
            Paragraph(lot.code, body),
            Table(
                [[Paragraph(k, small), Paragraph(v, body)] for k, v in rows], colWidths=[100, 380]
            ),
        ]
        story += [Spacer(1, 6), *records()]
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        return out.getvalue()

    return build


def measure_sheets() -> dict[str, Any]:
    from microlot_desk.export.printing.pdf_fonts import ensure_fonts
    from microlot_desk.services.demo.demo_data import demo_lot_id
    from microlot_desk.services.printing.print_service import (
        PrintOptions,
        PrintService,
        render_sheet,
    )
    from microlot_desk.sheet_labels import SHEET_LABELS

    ensure_fonts()  # once per process in the app too; not part of a sheet's time
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        database, lots = _open_demo(Path(folder))
        try:
            service = PrintService(lots)
            options = PrintOptions(SHEET_LABELS)
            for code in SHEET_LOTS:
                lot_id = demo_lot_id(code)
                data = service.sheet_data(service.lot(lot_id), options)
                app_ms = median_ms(
                    functools.partial(service.build_sheet, lot_id, options), repeat=21, warmup=3
                )
                render_ms = median_ms(functools.partial(render_sheet, data), repeat=21, warmup=3)
                bare_ms = median_ms(_bare_builder(data), repeat=21, warmup=3)
                results[code] = {
                    "app_ms": round(app_ms, 1),
                    "render_ms": round(render_ms, 1),
                    "bare_reportlab_ms": round(bare_ms, 1),
                    "ratio": round(app_ms / bare_ms, 2),
                    "render_ratio": round(render_ms / bare_ms, 2),
                }
        finally:
            database.close()
    return results


def _export_seconds(root: Path, codes: list[str], workers: int, run: int) -> float:
    out = root / f"out-{workers}-{run}"
    args = [str(COMMAND), "--data-dir", str(root), "export", "sheet", *codes, "-o", str(out)]
    start = time.perf_counter()
    subprocess.run([*args, "--workers", str(workers)], stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - start
    assert len(list(out.glob("*.pdf"))) == len(codes)
    return seconds


def measure_batch() -> dict[str, Any]:
    results: dict[str, Any] = {"sheets": BATCH_SIZE, "runs": BATCH_REPEAT}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        database, lots = _open_demo(root, extra=BATCH_SIZE)
        codes = [summary.code for summary in lots.page(_query(), 0, BATCH_SIZE)]
        database.close()
        samples: dict[int, list[float]] = {1: [], 2: []}
        for run in range(BATCH_REPEAT):
            for workers in samples:
                samples[workers].append(_export_seconds(root, codes, workers, run))
    for workers, values in samples.items():
        results[f"workers_{workers}_s"] = {
            "median": round(statistics.median(values), 2),
            "min": round(min(values), 2),
            "max": round(max(values), 2),
        }
    results["speed_up"] = round(
        results["workers_1_s"]["median"] / results["workers_2_s"]["median"], 2
    )
    return results


def _query() -> Any:
    from microlot_desk.domain.lot_query import LotQuery

    return LotQuery()


def run() -> dict[str, Any]:
    sheets = measure_sheets()
    worst = max(sheets.values(), key=lambda r: r["app_ms"])
    return {
        "one_sheet": sheets,
        "one_sheet_within_150_ms": all(r["app_ms"] <= 150 for r in sheets.values()),
        "one_sheet_within_1_5x_bare": all(r["ratio"] <= 1.5 for r in sheets.values()),
        "render_within_1_5x_bare": all(r["render_ratio"] <= 1.5 for r in sheets.values()),
        "slowest_sheet_ms": worst["app_ms"],
        "batch": measure_batch(),
    }


def markdown(result: dict[str, Any]) -> list[str]:
    lines = [
        "App: the whole sheet from the lot id (reading the lot, its custody, cupping, verdict and "
        "files, then building). Render: building from the gathered data only. Bare: a plain "
        "reportlab script printing the same gathered content (same fonts, tables, QR, photos).",
        "",
        "| lot | app ms | render ms | bare reportlab ms | app / bare | render / bare |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for code, row in result["one_sheet"].items():
        lines.append(
            f"| {code} | {row['app_ms']} | {row['render_ms']} | {row['bare_reportlab_ms']} | "
            f"{row['ratio']} | {row['render_ratio']} |"
        )
    batch = result["batch"]
    lines += [
        "",
        f"Budget: ≤ 150 ms → {result['one_sheet_within_150_ms']}; "
        f"≤ 1.5× bare → {result['one_sheet_within_1_5x_bare']} end to end, "
        f"{result['render_within_1_5x_bare']} for the build itself.",
        "",
        f"Batch: `microlot-desk export sheet` of {batch['sheets']} lots through the installed "
        f"console script, whole process, {batch['runs']} runs each, interleaved; seconds as "
        "median (min–max).",
        "",
        "| workers | seconds | speed-up | budget | met |",
        "|---:|---|---:|---:|---|",
        f"| 1 | {_spread(batch['workers_1_s'])} | 1 | | |",
        f"| 2 | {_spread(batch['workers_2_s'])} | {batch['speed_up']} | ≥ {SPEED_UP_BUDGET} | "
        f"{'yes' if batch['speed_up'] >= SPEED_UP_BUDGET else 'NO'} |",
    ]
    return lines


def _spread(seconds: dict[str, float]) -> str:
    return f"{seconds['median']} ({seconds['min']}–{seconds['max']})"


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, ensure_ascii=False))
    sys.exit(0)
