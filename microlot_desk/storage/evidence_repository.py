"""Attachments and the register of stored evidence files; returns domain objects, never rows.
Writes run inside `OpenDatabase.write()`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from microlot_desk.domain.evidence import (
    Attachment,
    EvidenceKind,
    GpsPosition,
    MediaType,
    TargetType,
)
from microlot_desk.errors import NotFound
from microlot_desk.storage.database import OpenDatabase

_SELECT = (
    "SELECT a.id, a.sha256, a.kind, f.media_type, f.size_bytes, a.target_type, a.target_id,"
    " a.name, a.caption, a.gps_lat, a.gps_lon, a.added_at, a.updated_at, a.updated_by"
    " FROM attachments a JOIN evidence_files f ON f.sha256 = a.sha256"
)


def _attachment(row: tuple[Any, ...]) -> Attachment:
    gps = GpsPosition(Decimal(row[9]), Decimal(row[10])) if row[9] and row[10] else None
    return Attachment(
        id=row[0],
        sha256=row[1],
        kind=EvidenceKind(row[2]),
        media_type=MediaType(row[3]),
        size_bytes=int(row[4]),
        target_type=TargetType(row[5]),
        target_id=row[6],
        name=row[7],
        caption=row[8],
        gps=gps,
        added_at=row[11],
        updated_at=row[12],
        updated_by=row[13],
    )


class EvidenceRepository:
    def __init__(self, database: OpenDatabase) -> None:
        self._database = database

    @property
    def _conn(self) -> Any:
        return self._database.conn

    def get(self, attachment_id: str) -> Attachment:
        row = self._conn.execute(
            f"{_SELECT} WHERE a.id = ? AND a.deleted_at IS NULL", [attachment_id]
        ).fetchone()
        if row is None:
            raise NotFound(kind="attachment", key=attachment_id)
        return _attachment(row)

    def of_lot(self, lot_id: str) -> tuple[Attachment, ...]:
        """What a lot's evidence tab shows: attached to the lot, its producer, its plots or
        any of its custody events; oldest first."""
        rows = self._conn.execute(
            f"{_SELECT} WHERE a.deleted_at IS NULL AND ("
            " (a.target_type = 'lot' AND a.target_id = :lot)"
            " OR (a.target_type = 'producer' AND a.target_id ="
            "     (SELECT producer_id FROM lots WHERE id = :lot))"
            " OR (a.target_type = 'plot' AND a.target_id IN"
            "     (SELECT plot_id FROM lot_plots WHERE lot_id = :lot))"
            " OR (a.target_type = 'event' AND a.target_id IN"
            "     (SELECT id FROM custody_events WHERE lot_id = :lot)))"
            " ORDER BY a.added_at, a.id",
            {"lot": lot_id},
        ).fetchall()
        return tuple(_attachment(row) for row in rows)

    def lots_of_target(self, target_type: TargetType, target_id: str) -> list[str]:
        """The live lots whose verdict an attachment to this target can change."""
        sql = {
            TargetType.LOT: "SELECT id FROM lots WHERE id = ? AND deleted_at IS NULL",
            TargetType.PRODUCER: "SELECT id FROM lots WHERE producer_id = ? AND deleted_at IS NULL",
            TargetType.PLOT: "SELECT lot_id FROM lot_plots WHERE plot_id = ?",
            TargetType.EVENT: "SELECT lot_id FROM custody_events WHERE id = ?",
        }[target_type]
        return [row[0] for row in self._conn.execute(sql, [target_id]).fetchall()]

    def target_exists(self, target_type: TargetType, target_id: str) -> bool:
        sql = {
            TargetType.LOT: "SELECT 1 FROM lots WHERE id = ? AND deleted_at IS NULL",
            TargetType.PRODUCER: "SELECT 1 FROM producers WHERE id = ? AND deleted_at IS NULL",
            TargetType.PLOT: "SELECT 1 FROM plots WHERE id = ? AND deleted_at IS NULL",
            TargetType.EVENT: "SELECT 1 FROM custody_events WHERE id = ?",
        }[target_type]
        return self._conn.execute(sql, [target_id]).fetchone() is not None

    def files(self) -> list[tuple[str, int]]:
        """Every registered file (sha256, size) that a live attachment points to."""
        rows = self._conn.execute(
            "SELECT DISTINCT f.sha256, f.size_bytes FROM evidence_files f"
            " JOIN attachments a ON a.sha256 = f.sha256 WHERE a.deleted_at IS NULL"
            " ORDER BY f.sha256"
        ).fetchall()
        return [(row[0], int(row[1])) for row in rows]

    def known_files(self) -> set[str]:
        """Every SHA-256 the database names: registered, or pointed to by any attachment, a
        removed one (tombstone) included, since removing an attachment keeps its file."""
        rows = self._conn.execute(
            "SELECT sha256 FROM evidence_files UNION SELECT sha256 FROM attachments"
        ).fetchall()
        return {row[0] for row in rows}

    # ---- writing (inside OpenDatabase.write()) ---------------------------------------------

    def register_file(self, sha256: str, size: int, media: MediaType, now: str) -> None:
        self._conn.execute(
            "INSERT OR IGNORE INTO evidence_files (sha256, size_bytes, media_type, created_at)"
            " VALUES (?, ?, ?, ?)",
            [sha256, size, media.value, now],
        )

    def insert(self, attachment: Attachment) -> None:
        gps = attachment.gps
        self._conn.execute(
            "INSERT INTO attachments (id, sha256, kind, target_type, target_id, name, caption,"
            " gps_lat, gps_lon, added_at, updated_at, updated_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                attachment.id,
                attachment.sha256,
                attachment.kind.value,
                attachment.target_type.value,
                attachment.target_id,
                attachment.name,
                attachment.caption,
                format(gps.lat, "f") if gps else None,
                format(gps.lon, "f") if gps else None,
                attachment.added_at,
                attachment.updated_at,
                attachment.updated_by,
            ],
        )

    def tombstone(self, attachment_id: str, stamp: dict[str, str]) -> None:
        self._conn.execute(
            "UPDATE attachments SET deleted_at = ?, updated_at = ?, updated_by = ?"
            " WHERE id = ? AND deleted_at IS NULL",
            [stamp["updated_at"], stamp["updated_at"], stamp["updated_by"], attachment_id],
        )
