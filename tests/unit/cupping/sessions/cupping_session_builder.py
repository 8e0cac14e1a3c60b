"""Building cupping sessions for the tests: lots, a session, samples, cuppers through the
services, and, for big sessions, every sheet written straight through the repository in one
transaction (1,680 fields one transaction each would spend the test's time in fsync)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from microlot_desk.domain.cupping.sheet_codec import encode_field
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase

SCA_KEYS = (
    "fragrance_aroma",
    "flavor",
    "aftertaste",
    "acidity",
    "body",
    "balance",
    "uniformity",
    "clean_cup",
    "sweetness",
    "overall",
)
QUALITY = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")


ANA_SHEET: dict[str, object] = {
    "fragrance_aroma": "8.5",
    "flavor": "8.25",
    "aftertaste": "8",
    "acidity": "8.25",
    "body": "8",
    "balance": "8",
    "uniformity": 5,
    "clean_cup": 5,
    "sweetness": 5,
    "overall": "8.25",
}
"""A complete SCA 2004 sheet scoring 87.25."""


def stored(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Read through a separate connection: only what was committed is visible there."""
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def fill(
    cupping: CuppingService, sample_id: str, cupper_id: str, values: Mapping[str, object]
) -> None:
    """Enter a sheet field by field, as the entry screen does."""
    for key, value in values.items():
        cupping.sheets.set_field(sample_id, cupper_id, key, value)


@dataclass(frozen=True)
class Built:
    session_id: str
    lot_ids: tuple[str, ...]
    lot_codes: tuple[str, ...]
    lot_names: tuple[str, ...]
    sample_ids: tuple[str, ...]
    cupper_ids: tuple[str, ...]


def build_session(
    lots: LotService,
    cupping: CuppingService,
    *,
    samples: int,
    cuppers: int,
    blind: bool = False,
    form_id: str = "sca-2004",
    affiliations: tuple[str, ...] = ("independent_lab", "exporter", "roaster", "producer"),
) -> Built:
    lot_list = [
        lots.add_lot({"name": f"Finca Número {n} 小批次", "country": "CO", "region": "Nariño"})
        for n in range(samples)
    ]
    view = cupping.create_session(
        {"held_on": "2026-11-27", "form_id": form_id, "blind": blind, "leader": "Ana Leader"}
    )
    sample_ids = [
        cupping.add_sample(view.session.id, lot.id, {"sample_type": "pre_shipment"}).id
        for lot in lot_list
    ]
    cupper_ids = [
        cupping.add_new_cupper(
            view.session.id,
            {
                "cupper_name": f"Cupper {n}",
                "q_licence": f"Q-{view.session.id[:4]}-{n}",
                "affiliation": affiliations[n % len(affiliations)],
            },
        ).id
        for n in range(cuppers)
    ]
    return Built(
        view.session.id,
        tuple(lot.id for lot in lot_list),
        tuple(lot.code for lot in lot_list),
        tuple(lot.name for lot in lot_list),
        tuple(sample_ids),
        tuple(cupper_ids),
    )


def random_sca_sheet(rng: random.Random) -> dict[str, object]:
    """A complete, valid SCA 2004 sheet: quality scores 6.00-9.75, cups mostly passing."""
    values: dict[str, object] = {key: Decimal(rng.randrange(24, 40)) / 4 for key in QUALITY}
    for key in ("uniformity", "clean_cup", "sweetness"):
        values[key] = rng.choice([5, 5, 5, 4])
    return values


def fill_sheets(
    database: OpenDatabase,
    cupping: CuppingService,
    built: Built,
    values_for: Mapping[tuple[str, str], Mapping[str, object]],
) -> None:
    """Write every given sheet in one transaction, the way set_field stores each field."""
    repo = CuppingRepository(database)
    form = cupping.form(built.session_id)
    stamp = {"updated_at": "2026-11-27T10:00:00.000000+00:00", "updated_by": "builder"}
    with database.write():
        for (sample_id, cupper_id), values in values_for.items():
            sheet_id = f"sheet-{sample_id[:8]}-{cupper_id[:8]}"
            repo.sheets.insert(sheet_id, built.session_id, sample_id, cupper_id, stamp)
            for key, value in values.items():
                repo.sheets.put_value(sheet_id, key, encode_field(form, key, value), stamp)
