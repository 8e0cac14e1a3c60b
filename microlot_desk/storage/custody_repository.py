"""Custody events in SQLite: append and read, never update or delete (the table's triggers
refuse both). Returns domain objects, never rows. Appends run inside `OpenDatabase.write()`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from microlot_desk.domain.custody import CoffeeForm, CustodyEvent, EventKind, LotShare, Moment
from microlot_desk.domain.custody_chain import ChainHead
from microlot_desk.errors import NotFound
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_rows import dec_to_text, text_to_dec

_COLUMNS = (
    "id, lot_id, seq, kind, stage, started_utc, started_offset, ended_utc, ended_offset, place,"
    " responsible, kg_in, form_in, kg_out, form_out, notes, amends_id, void, related,"
    " unknown_origin_kg, recorded_at, recorded_by, prev_hash, content_hash"
)


def _moment(utc: str | None, offset: int | None) -> Moment | None:
    return None if utc is None else Moment(datetime.fromisoformat(utc), offset or 0)


def _row_to_event(row: tuple[Any, ...]) -> CustodyEvent:
    related = tuple(
        LotShare(item[0], Decimal(item[1]), item[2]) for item in json.loads(row[18] or "[]")
    )
    return CustodyEvent(
        id=row[0],
        lot_id=row[1],
        seq=row[2],
        kind=EventKind(row[3]),
        stage=row[4],
        started=_moment(row[5], row[6]),
        ended=_moment(row[7], row[8]),
        place=row[9],
        responsible=row[10],
        kg_in=text_to_dec(row[11]),
        form_in=CoffeeForm(row[12]) if row[12] else None,
        kg_out=text_to_dec(row[13]),
        form_out=CoffeeForm(row[14]) if row[14] else None,
        notes=row[15],
        amends_id=row[16],
        void=bool(row[17]),
        related=related,
        unknown_origin_kg=text_to_dec(row[19]),
        recorded_at=row[20],
        recorded_by=row[21],
        prev_hash=row[22],
        content_hash=row[23],
    )


def event_of(row: Mapping[str, Any]) -> CustodyEvent:
    """The event a stored row (column name to value, as a bundle carries it) describes;
    ValueError, KeyError or TypeError when its values are not an event's."""
    return _row_to_event(tuple(row[name] for name in _COLUMNS.split(", ")))


def _event_to_row(event: CustodyEvent) -> list[Any]:
    return [
        event.id,
        event.lot_id,
        event.seq,
        event.kind.value,
        event.stage,
        event.started.iso_utc() if event.started else None,
        event.started.offset_minutes if event.started else None,
        event.ended.iso_utc() if event.ended else None,
        event.ended.offset_minutes if event.ended else None,
        event.place,
        event.responsible,
        dec_to_text(event.kg_in),
        event.form_in.value if event.form_in else None,
        dec_to_text(event.kg_out),
        event.form_out.value if event.form_out else None,
        event.notes,
        event.amends_id,
        int(event.void),
        json.dumps([[s.lot_id, dec_to_text(s.kg), s.code] for s in event.related]),
        dec_to_text(event.unknown_origin_kg),
        event.recorded_at,
        event.recorded_by,
        event.prev_hash,
        event.content_hash,
    ]


# The append-only guards of custody_events (m0005): a write that changes an event is refused.
GUARD_TRIGGERS = ("custody_events_no_update", "custody_events_no_delete")


class CustodyRepository:
    def __init__(self, database: OpenDatabase) -> None:
        self._database = database

    @property
    def _conn(self) -> Any:
        return self._database.conn

    def events_of(self, lot_id: str) -> tuple[CustodyEvent, ...]:
        """Every event of the lot in the order recorded (amendments and voids included)."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM custody_events WHERE lot_id = ? ORDER BY seq", [lot_id]
        ).fetchall()
        return tuple(_row_to_event(row) for row in rows)

    def event(self, event_id: str) -> CustodyEvent:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM custody_events WHERE id = ?", [event_id]
        ).fetchone()
        if row is None:
            raise NotFound(kind="custody_event", key=event_id)
        return _row_to_event(row)

    def head(self, lot_id: str) -> ChainHead | None:
        row = self._conn.execute(
            "SELECT count, head_hash FROM custody_heads WHERE lot_id = ?", [lot_id]
        ).fetchone()
        return ChainHead(int(row[0]), str(row[1])) if row else None

    def missing_guards(self) -> list[str]:
        """The triggers keeping custody events append-only (made by m0005) that are gone: only
        another tool can drop them, and the next rewrite would then go unrefused."""
        present = {
            row[0]
            for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                ["custody_events"],
            )
        }
        return [name for name in GUARD_TRIGGERS if name not in present]

    def chain_end(self, lot_id: str) -> ChainHead | None:
        """The lot's last event as stored: its number and hash (what a sheet anchors)."""
        row = self._conn.execute(
            "SELECT seq, content_hash FROM custody_events WHERE lot_id = ?"
            " ORDER BY seq DESC LIMIT 1",
            [lot_id],
        ).fetchone()
        return ChainHead(int(row[0]), str(row[1])) if row else None

    def hash_at(self, lot_id: str, seq: int) -> str | None:
        """The stored hash of the lot's event number `seq`, None when there is none."""
        row = self._conn.execute(
            "SELECT content_hash FROM custody_events WHERE lot_id = ? AND seq = ?", [lot_id, seq]
        ).fetchone()
        return str(row[0]) if row else None

    def last_numbers(self) -> dict[str, int]:
        """Each lot's highest event number, for every lot with events (one query)."""
        rows = self._conn.execute("SELECT lot_id, max(seq) FROM custody_events GROUP BY lot_id")
        return {str(lot_id): int(seq) for lot_id, seq in rows}

    def lots_with_events(self) -> list[str]:
        """Every lot that has a chain (or had one: a head without events is checked too)."""
        rows = self._conn.execute(
            "SELECT lot_id FROM custody_heads UNION SELECT DISTINCT lot_id FROM custody_events"
        ).fetchall()
        return [row[0] for row in rows]

    def code_of(self, lot_id: str) -> str:
        row = self._conn.execute("SELECT code FROM lots WHERE id = ?", [lot_id]).fetchone()
        return str(row[0]) if row else ""

    # ---- writing (inside OpenDatabase.write()) ---------------------------------------------

    def append(self, event: CustodyEvent) -> None:
        """Add a sealed event and move the lot's chain head to it."""
        marks = ", ".join("?" for _ in range(24))
        self._conn.execute(
            f"INSERT INTO custody_events ({_COLUMNS}) VALUES ({marks})", _event_to_row(event)
        )
        self._conn.execute(
            "INSERT INTO custody_heads (lot_id, count, head_hash, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(lot_id) DO UPDATE SET count = excluded.count,"
            " head_hash = excluded.head_hash, updated_at = excluded.updated_at",
            [event.lot_id, event.seq, event.content_hash, event.recorded_at],
        )
