"""m0001: lots, their producers and plots, the search index, station settings.

Every table that travels between stations has a random UUID `id`, `updated_at` (UTC ISO-8601),
`updated_by` (station id) and a `deleted_at` tombstone, so a merge can tell edits from repeats.
Decimals are stored as canonical TEXT so no weight or price ever passes through a float.
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table


def _table(db: Database, name: str) -> Table:
    return db.table(name)


_SYNC = {"updated_at": str, "updated_by": str, "deleted_at": str}


def apply(db: Database) -> None:
    _table(db, "settings").create({"key": str, "value": str}, pk="key")
    _table(db, "producers").create(
        {"id": str, "name": str, "kind": str, "country": str, **_SYNC},
        pk="id",
        not_null={"name", "kind"},
    )
    _table(db, "plots").create(
        {
            "id": str,
            "producer_id": str,
            "name": str,
            "altitude_m": int,
            "area_ha": str,
            "geometry": str,
            **_SYNC,
        },
        pk="id",
        foreign_keys=[("producer_id", "producers", "id")],
    )
    _table(db, "lots").create(
        {
            "id": str,
            "code": str,
            "name": str,
            "producer_id": str,
            "farm": str,
            "country": str,
            "region": str,
            "varieties": str,  # JSON [{"name":..., "share_pct": "60"}]; lot_varieties indexes it
            "process": str,
            "fermentation_hours": str,
            "drying_method": str,
            "drying_days": str,
            "harvest_start": str,
            "harvest_end": str,
            "isolation": str,
            "separation_notes": str,
            "story": str,
            "green_kg": str,
            "bag_count": int,
            "bag_kg": str,
            "moisture_pct": str,
            "water_activity": str,
            "density_g_l": str,
            "screen_size": int,
            "farm_gate_price": str,
            "fob_price": str,
            "reference_price": str,
            "currency": str,
            "price_unit": str,
            "status": str,
            "notes": str,
            "created_at": str,
            **_SYNC,
        },
        pk="id",
        not_null={"code", "name", "created_at", "updated_at"},
        foreign_keys=[("producer_id", "producers", "id")],
    )
    _table(db, "lot_plots").create(
        {"lot_id": str, "plot_id": str, "position": int},
        pk=("lot_id", "plot_id"),
        foreign_keys=[("lot_id", "lots", "id"), ("plot_id", "plots", "id")],
    )
    _table(db, "lot_varieties").create(
        {"lot_id": str, "variety_key": str},
        pk=("lot_id", "variety_key"),
        foreign_keys=[("lot_id", "lots", "id")],
    )
    # What the list searches: accent- and case-folded text of the lot, kept by the repository.
    db.execute(
        "CREATE VIRTUAL TABLE lot_search USING fts5(lot_id UNINDEXED, folded, tokenize = 'trigram')"
    )
    db.execute("CREATE UNIQUE INDEX lots_code_live ON lots(code) WHERE deleted_at IS NULL")
    db.execute("CREATE INDEX lots_name ON lots(name COLLATE NOCASE)")
    db.execute("CREATE INDEX lots_country ON lots(country, code)")
    db.execute("CREATE INDEX lots_process ON lots(process, code)")
    db.execute("CREATE INDEX lots_updated ON lots(updated_at)")
    db.execute("CREATE INDEX lots_weight ON lots(CAST(green_kg AS REAL))")
    db.execute("CREATE INDEX lots_producer ON lots(producer_id)")
    db.execute("CREATE INDEX producers_name ON producers(name)")
    db.execute("CREATE INDEX lot_varieties_key ON lot_varieties(variety_key, lot_id)")
