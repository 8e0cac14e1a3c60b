"""The micro-lot verdict of one lot with 50 custody events and 20 attachments (and a cupping
panel), read and judged through the service, against the raw SQL reads of the same rows in the
same run; and the pure judgement alone on the gathered record.

Budget (issue 5): ≤ 20 ms for the whole verdict of such a lot.
"""

from __future__ import annotations

import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.stats import median_ms
from microlot_desk.clock import utc_now

EVENTS = 50
ATTACHMENTS = 20
BUDGET_MS = 20.0


def build(path: Path) -> str:
    from microlot_desk.domain.evidence import EvidenceKind, TargetType
    from microlot_desk.export.demo.demo_files import demo_photo, demo_report_pdf
    from microlot_desk.services.demo.demo_cupping import add_demo_panel
    from microlot_desk.services.lots.lot_service import LotService
    from microlot_desk.services.workspace.workspace import Workspace
    from microlot_desk.storage.database import open_database

    database = open_database(path, clock=utc_now)
    try:
        lots = LotService(database)
        workspace = Workspace(database, lots)
        lot = lots.add_lot(
            {
                "name": "Benchmark Gesha",
                "producer": "Ana",
                "farm": "Finca",
                "plot": "Lote 1",
                "altitude_m": 1900,
                "country": "CO",
                "varieties": "Gesha",
                "process": "washed",
                "harvest_start": "2026-05-01",
                "harvest_end": "2026-05-03",
                "green_kg": "420",
                "fob_price": "20",
                "reference_price": "7",
                "currency": "USD",
            }
        )
        stages = ("picking", "depulping", "fermentation", "drying", "resting", "sorting")
        events = [
            {
                "stage": stages[i % len(stages)],
                "started": f"2026-05-{1 + i // 2:02d}T{6 + (i % 2) * 6:02d}:00-05:00",
                "ended": f"2026-05-{1 + i // 2:02d}T{11 + (i % 2) * 6:02d}:00-05:00",
                "place": "Finca",
                "responsible": "Ana",
                "kg_in": "420",
                "form_in": "green",
                "kg_out": "420",
                "form_out": "green",
            }
            for i in range(EVENTS)
        ]
        with database.write():
            workspace.custody.add_events(lot.id, events)
            for n in range(ATTACHMENTS):
                if n % 2:
                    data = demo_photo((n, 100, 150), Decimal("1.6056"), Decimal("-77.1294"))
                    kind = EvidenceKind.PHOTO
                else:
                    data, kind = demo_report_pdf([f"document {n}"]), EvidenceKind.DOCUMENT
                workspace.evidence.attach(TargetType.LOT, lot.id, data, kind=kind)
            add_demo_panel(lots, lot.id)
        return lot.id
    finally:
        database.close()


def raw_read(conn: sqlite3.Connection, lot_id: str) -> int:
    """The same rows, read with plain SQL and nothing else done with them."""
    rows = conn.execute("SELECT * FROM lots WHERE id = ?", [lot_id]).fetchall()
    rows += conn.execute("SELECT * FROM custody_events WHERE lot_id = ?", [lot_id]).fetchall()
    rows += conn.execute(
        "SELECT * FROM attachments a JOIN evidence_files f ON f.sha256 = a.sha256"
        " WHERE a.target_id = ?",
        [lot_id],
    ).fetchall()
    rows += conn.execute(
        "SELECT v.* FROM cupping_samples s JOIN cupping_sheets h ON h.sample_id = s.id"
        " JOIN sheet_values v ON v.sheet_id = h.id WHERE s.lot_id = ?",
        [lot_id],
    ).fetchall()
    return len(rows)


def run() -> dict[str, Any]:
    from microlot_desk.domain.verdict_rules import assess
    from microlot_desk.services.lots.lot_service import LotService
    from microlot_desk.services.provenance.verdict_service import VerdictService
    from microlot_desk.storage.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "microlot.sqlite"
        lot_id = build(path)
        database = open_database(path, read_only=True, clock=utc_now)
        raw = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            verdicts = VerdictService(LotService(database))
            found = verdicts.assess(lot_id)
            gathered = verdicts.gather(lot_id)
            settings = verdicts.settings()
            assert len(gathered.record.events) == EVENTS
            assert len(gathered.attachments) == ATTACHMENTS
            verdict_ms = median_ms(lambda: verdicts.assess(lot_id), repeat=25)
            judge_ms = median_ms(lambda: assess(gathered.record, settings), repeat=25)
            raw_ms = median_ms(lambda: raw_read(raw, lot_id), repeat=25)
        finally:
            raw.close()
            database.close()
    return {
        "events": EVENTS,
        "attachments": ATTACHMENTS,
        "overall": found.overall.value,
        "verdict_ms": round(verdict_ms, 2),
        "judgement_only_ms": round(judge_ms, 3),
        "raw_sql_ms": round(raw_ms, 3),
        "ratio_to_raw_sql": round(verdict_ms / raw_ms, 1) if raw_ms else None,
        "budget_ms": BUDGET_MS,
        "within_budget": verdict_ms <= BUDGET_MS,
    }


def markdown(result: dict[str, Any]) -> list[str]:
    return [
        f"One lot with {result['events']} custody events, {result['attachments']} attachments "
        "and a cupping panel: the whole verdict (reads, hash chain, photo positions, panel "
        "scores, judgement) against the raw SQL reads of the same rows, in the same run.",
        "",
        "| measure | median |",
        "|---|---|",
        f"| verdict through VerdictService.assess | {result['verdict_ms']} ms |",
        f"| judgement alone (domain, record in memory) | {result['judgement_only_ms']} ms |",
        f"| raw SQL reads of the same rows | {result['raw_sql_ms']} ms |",
        f"| ratio verdict / raw SQL | {result['ratio_to_raw_sql']}× |",
        "",
        f"Budget ≤ {result['budget_ms']} ms: "
        f"{'within' if result['within_budget'] else 'OVER'} ({result['overall']}).",
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
