"""Opening a cupping session of 10 cuppers x 12 samples (every sheet complete, every sample's
panel computed: what the table and the panel result show), against a raw SQL read of the same
rows in the same run.

Budget (issue 3): the session opens in <= 200 ms. The ratio says what the domain objects,
decoding and scoring cost over reading the rows.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path

from benchmarks.stats import median_ms
from microlot_desk.clock import utc_now

CUPPERS = 10
SAMPLES = 12
QUALITY = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")


def build(path: Path, seed: int = 2026) -> str:
    """A blind session with every sheet filled and one sheet excluded; returns its id."""
    from microlot_desk.domain.cupping.sheet_codec import encode_field
    from microlot_desk.services.cupping.cupping_service import CuppingService
    from microlot_desk.services.lots.lot_service import LotService
    from microlot_desk.storage.cupping_repository import CuppingRepository
    from microlot_desk.storage.database import open_database

    rng = random.Random(seed)
    database = open_database(path, clock=utc_now)
    try:
        lots, cupping = LotService(database), CuppingService(database)
        session = cupping.create_session(
            {"held_on": "2026-11-27", "form_id": "sca-2004", "blind": True, "leader": "Ana"}
        ).session
        samples = [
            cupping.add_sample(
                session.id,
                lots.add_lot({"name": f"Lote {n} Gesha", "country": "CO"}).id,
                {"sample_type": "offer"},
            ).id
            for n in range(SAMPLES)
        ]
        cuppers = [
            cupping.add_new_cupper(
                session.id, {"cupper_name": f"Cupper {n}", "affiliation": "independent_lab"}
            ).id
            for n in range(CUPPERS)
        ]
        form = cupping.form(session.id)
        repo = CuppingRepository(database)
        stamp = {"updated_at": "2026-11-27T10:00:00.000000+00:00", "updated_by": "bench"}
        with database.write():  # one transaction: 1,680 fields each fsynced would take minutes
            for sample in samples:
                for cupper in cuppers:
                    sheet = f"{sample[:8]}-{cupper[:8]}"
                    repo.sheets.insert(sheet, session.id, sample, cupper, stamp)
                    values: dict[str, object] = {
                        k: Decimal(rng.randrange(24, 40)) / 4 for k in QUALITY
                    }
                    values.update(uniformity=5, clean_cup=5, sweetness=rng.choice([4, 5]))
                    for key, value in values.items():
                        repo.sheets.put_value(sheet, key, encode_field(form, key, value), stamp)
        first_sheet = f"{samples[0][:8]}-{cuppers[0][:8]}"
        cupping.sheets.exclude(first_sheet, "cooled", "Ana")
        return session.id
    finally:
        database.close()


def raw_read(conn: sqlite3.Connection, session_id: str) -> int:
    """Hand-written SQL for the same rows open_session reads; returns how many it got."""
    queries = [
        "SELECT * FROM cupping_sessions WHERE id = ?",
        "SELECT * FROM cupping_samples WHERE session_id = ? AND deleted_at IS NULL "
        "ORDER BY position",
        "SELECT c.* FROM session_cuppers p JOIN cuppers c ON c.id = p.cupper_id "
        "WHERE p.session_id = ? ORDER BY p.position",
        "SELECT * FROM cupping_sheets WHERE session_id = ? AND deleted_at IS NULL",
        "SELECT v.sheet_id, v.key, v.value FROM sheet_values v JOIN cupping_sheets s "
        "ON s.id = v.sheet_id WHERE s.session_id = ? AND v.value IS NOT NULL",
        "SELECT n.sheet_id, n.key, n.text FROM sheet_notes n JOIN cupping_sheets s "
        "ON s.id = n.sheet_id WHERE s.session_id = ?",
        "SELECT e.* FROM sheet_exclusions e JOIN cupping_sheets s ON s.id = e.sheet_id "
        "WHERE s.session_id = ?",
        "SELECT * FROM session_reveals WHERE session_id = ?",
        "SELECT i.* FROM imported_results i JOIN cupping_samples s ON s.id = i.sample_id "
        "WHERE s.session_id = ?",
    ]
    return sum(len(conn.execute(sql, [session_id]).fetchall()) for sql in queries)


def run() -> dict[str, float]:
    from microlot_desk.services.cupping.cupping_service import CuppingService
    from microlot_desk.storage.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "microlot.sqlite"
        session_id = build(path)
        database = open_database(path, read_only=True, clock=utc_now)
        raw = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            cupping = CuppingService(database)
            board = cupping.open_session(session_id)
            assert len(board.panels) == SAMPLES
            assert all(p.summary is not None for p in board.panels)
            app_ms = median_ms(lambda: cupping.open_session(session_id), repeat=21)
            raw_ms = median_ms(lambda: raw_read(raw, session_id), repeat=21)
        finally:
            raw.close()
            database.close()
    return {
        "open_session_ms": app_ms,
        "raw_sql_ms": raw_ms,
        "ratio": app_ms / raw_ms,
        "budget_ms": 200.0,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
