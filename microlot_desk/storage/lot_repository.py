"""Lots, their producers and plots in SQLite; returns domain objects, never rows.

Writes must run inside `OpenDatabase.write()`; the repository never commits on its own, so a
service decides what one user action (one transaction) contains.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from microlot_desk.domain.countries import country_name
from microlot_desk.domain.lot_changes import new_id
from microlot_desk.domain.lots import Lot, Plot, Producer
from microlot_desk.domain.text_folding import fold
from microlot_desk.domain.vocabulary import ProducerKind
from microlot_desk.errors import DuplicateCode, NotFound
from microlot_desk.storage.bulk_rows import insert_rows
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_list import LotList, like_pattern
from microlot_desk.storage.lot_rows import (
    dec_to_text,
    lot_to_row,
    row_to_lot,
    row_to_plot,
    row_to_producer,
)


class LotRepository:
    def __init__(self, database: OpenDatabase) -> None:
        self._database = database

    @property
    def _db(self) -> Any:
        return self._database.db

    # ---- reading -------------------------------------------------------------------------

    def get(self, lot_id: str) -> Lot:
        rows = self._database.rows(
            "SELECT * FROM lots WHERE id = ? AND deleted_at IS NULL", [lot_id]
        )
        if not rows:
            raise NotFound(kind="lot", key=lot_id)
        return self._assemble(rows[0])

    def get_by_code(self, code: str) -> Lot:
        rows = self._database.rows(
            "SELECT * FROM lots WHERE code = ? AND deleted_at IS NULL", [code.strip().upper()]
        )
        if not rows:
            raise NotFound(kind="lot", key=code)
        return self._assemble(rows[0])

    def _assemble(self, row: dict[str, Any]) -> Lot:
        producer = None
        if row["producer_id"]:
            found = self._database.rows(
                "SELECT * FROM producers WHERE id = ?", [row["producer_id"]]
            )
            producer = row_to_producer(found[0]) if found else None
        plots = tuple(
            row_to_plot(plot)
            for plot in self._database.rows(
                "SELECT plots.* FROM lot_plots JOIN plots ON plots.id = lot_plots.plot_id "
                "WHERE lot_plots.lot_id = ? ORDER BY lot_plots.position",
                [row["id"]],
            )
        )
        return row_to_lot(row, producer, plots)

    def codes_with_prefix(self, prefix: str) -> list[str]:
        rows = self._database.conn.execute(
            "SELECT code FROM lots WHERE code LIKE ? ESCAPE '\\'", [like_pattern(prefix)[1:]]
        ).fetchall()
        return [row[0] for row in rows]

    # ---- writing (inside OpenDatabase.write()) ---------------------------------------------

    def find_or_create_producer(
        self, name: str, kind: ProducerKind, country: str, stamp: dict[str, str]
    ) -> Producer:
        rows = self._database.rows(
            "SELECT * FROM producers WHERE name = ? AND kind = ? AND deleted_at IS NULL",
            [name, kind.value],
        )
        if rows:
            return row_to_producer(rows[0])
        producer = Producer(id=new_id(), name=name, kind=kind, country=country)
        self._db["producers"].insert(
            {"id": producer.id, "name": name, "kind": kind.value, "country": country, **stamp}
        )
        return producer

    def live_producers(self) -> dict[tuple[str, str], Producer]:
        """Every live producer by (name, kind), for a batch that resolves many names at once."""
        rows = self._database.rows("SELECT * FROM producers WHERE deleted_at IS NULL")
        found: dict[tuple[str, str], Producer] = {}
        for row in rows:
            found.setdefault((row["name"], row["kind"]), row_to_producer(row))
        return found

    def insert_producers(self, producers: Iterable[Producer], stamp: dict[str, str]) -> None:
        insert_rows(
            self._database.conn,
            "producers",
            (
                {"id": p.id, "name": p.name, "kind": p.kind.value, "country": p.country, **stamp}
                for p in producers
            ),
        )

    def insert_many(self, lots: Sequence[Lot]) -> None:
        """Insert new lots, their plots, varieties and list rows with one statement per table
        (not per lot): imports of thousands of rows. DuplicateCode names the first code taken."""
        codes = [lot.code.upper() for lot in lots]
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            taken = self._database.conn.execute(
                f"SELECT code FROM lots WHERE deleted_at IS NULL AND code IN "
                f"({', '.join('?' for _ in chunk)}) LIMIT 1",
                chunk,
            ).fetchone()
            if taken:
                raise DuplicateCode(code=taken[0])
        if len(set(codes)) < len(codes):
            raise DuplicateCode(code=next(c for c in codes if codes.count(c) > 1))
        insert_rows(self._database.conn, "lots", map(lot_to_row, lots))
        self._database.conn.executemany(
            "INSERT INTO lot_varieties (lot_id, variety_key) VALUES (?, ?)",
            ((lot.id, key) for lot in lots for key in {fold(v.name) for v in lot.varieties}),
        )
        for lot in lots:
            for position, plot in enumerate(lot.plots):
                self._upsert_plot(plot, lot)
                self._database.conn.execute(
                    "INSERT INTO lot_plots (lot_id, plot_id, position) VALUES (?, ?, ?)",
                    [lot.id, plot.id, position],
                )
        LotList(self._database).write_many((lot, search_text(lot)) for lot in lots)

    def insert(self, lot: Lot) -> None:
        if self._code_taken(lot.code, lot.id):
            raise DuplicateCode(code=lot.code)
        self._db["lots"].insert(lot_to_row(lot))
        self._write_children(lot)

    def update(self, lot: Lot) -> None:
        if self._code_taken(lot.code, lot.id):
            raise DuplicateCode(code=lot.code)
        row = lot_to_row(lot)
        self._db["lots"].update(lot.id, row)
        self._write_children(lot)

    def _code_taken(self, code: str, lot_id: str) -> bool:
        row = self._database.conn.execute(
            "SELECT 1 FROM lots WHERE code = ? AND id != ? AND deleted_at IS NULL",
            [code.upper(), lot_id],
        ).fetchone()
        return row is not None

    def _write_children(self, lot: Lot) -> None:
        self._database.conn.execute("DELETE FROM lot_plots WHERE lot_id = ?", [lot.id])
        for position, plot in enumerate(lot.plots):
            self._upsert_plot(plot, lot)
            self._database.conn.execute(
                "INSERT INTO lot_plots (lot_id, plot_id, position) VALUES (?, ?, ?)",
                [lot.id, plot.id, position],
            )
        self._database.conn.execute("DELETE FROM lot_varieties WHERE lot_id = ?", [lot.id])
        for key in {fold(v.name) for v in lot.varieties}:
            self._database.conn.execute(
                "INSERT INTO lot_varieties (lot_id, variety_key) VALUES (?, ?)", [lot.id, key]
            )
        LotList(self._database).write(lot, search_text(lot))

    def rederive(self, lot_ids: Iterable[str]) -> list[Lot]:
        """Rebuild what is derived from these lots' stored rows (their varieties index and
        list row, search text included) after the rows were written directly (a merged
        bundle). A lot deleted since leaves the list. Returns the live lots as read."""
        conn = self._database.conn
        live: list[Lot] = []
        for lot_id in lot_ids:
            conn.execute("DELETE FROM lot_varieties WHERE lot_id = ?", [lot_id])
            try:
                live.append(self.get(lot_id))
            except NotFound:
                conn.execute("DELETE FROM lot_list WHERE lot_id = ?", [lot_id])
        conn.executemany(
            "INSERT INTO lot_varieties (lot_id, variety_key) VALUES (?, ?)",
            ((lot.id, key) for lot in live for key in {fold(v.name) for v in lot.varieties}),
        )
        LotList(self._database).write_many((lot, search_text(lot)) for lot in live)
        return live

    def update_plot_location(
        self,
        plot_id: str,
        geometry: dict[str, Any] | None,
        decimals: int | None,
        area_ha: str | None,
        stamp: dict[str, str],
    ) -> None:
        """Set a plot's GeoJSON geometry, the fewest decimals it was entered with (and its
        area) in place; the lots that share the plot see it at once."""
        self._database.conn.execute(
            "UPDATE plots SET geometry = ?, geometry_decimals = ?, area_ha = coalesce(?, area_ha),"
            " updated_at = ?, updated_by = ? WHERE id = ?",
            [
                json.dumps(geometry) if geometry else None,
                decimals if geometry else None,
                area_ha,
                stamp["updated_at"],
                stamp["updated_by"],
                plot_id,
            ],
        )

    def lots_of_plot(self, plot_id: str) -> list[str]:
        rows = self._database.conn.execute(
            "SELECT lot_id FROM lot_plots WHERE plot_id = ?", [plot_id]
        ).fetchall()
        return [row[0] for row in rows]

    def _upsert_plot(self, plot: Plot, lot: Lot) -> None:
        self._db["plots"].upsert(
            {
                "id": plot.id,
                "producer_id": lot.producer.id if lot.producer else None,
                "name": plot.name,
                "altitude_m": plot.altitude_m,
                "area_ha": dec_to_text(plot.area_ha),
                "geometry": json.dumps(plot.geometry) if plot.geometry else None,
                "geometry_decimals": plot.geometry_decimals if plot.geometry else None,
                "updated_at": lot.updated_at,
                "updated_by": lot.updated_by,
            },
            pk="id",
        )


def search_text(lot: Lot) -> str:
    """Everything a person might type to find this lot, folded for accent-free matching."""
    parts = [
        lot.code,
        lot.name,
        lot.producer_name,
        lot.farm,
        lot.region,
        lot.country,
        country_name(lot.country) if lot.country else "",
        lot.process.replace("_", " "),
        *(v.name for v in lot.varieties),
        *(p.name for p in lot.plots),
    ]
    return fold(" ".join(part for part in parts if part))
