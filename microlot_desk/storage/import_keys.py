"""What recognises an imported row (table `import_keys`, m0007): a digest of the row's content
and the certificate's lot number and grading date, per imported result. Read once per import
and written in one batch with the import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from microlot_desk.storage.database import OpenDatabase


@dataclass(frozen=True)
class ImportKey:
    sample_id: str
    source: str
    content_key: str
    lot_number: str
    graded_on: date | None


@dataclass(frozen=True)
class KnownRows:
    """The keys of the rows already imported from a source (live samples only)."""

    contents: frozenset[str]
    lot_numbers: frozenset[tuple[str, str]]

    def has(self, content_key: str, lot_number: str, graded_on: date | None) -> bool:
        if content_key in self.contents:
            return True
        day = graded_on.isoformat() if graded_on else ""
        return bool(lot_number) and (lot_number, day) in self.lot_numbers


class ImportKeys:
    def __init__(self, database: OpenDatabase) -> None:
        self._conn = database.conn

    def known(self, source: str) -> KnownRows:
        rows = self._conn.execute(
            "SELECT k.content_key, k.lot_number, coalesce(k.graded_on, '') FROM import_keys k"
            " JOIN cupping_samples s ON s.id = k.sample_id"
            " WHERE k.source = ? AND s.deleted_at IS NULL",
            [source],
        ).fetchall()
        return KnownRows(
            frozenset(row[0] for row in rows),
            frozenset((row[1], row[2]) for row in rows if row[1]),
        )

    def write_many(self, keys: Iterable[ImportKey]) -> None:
        """Inside OpenDatabase.write(), with the samples they belong to."""
        self._conn.executemany(
            "INSERT INTO import_keys (sample_id, source, content_key, lot_number, graded_on)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (
                    k.sample_id,
                    k.source,
                    k.content_key,
                    k.lot_number,
                    k.graded_on.isoformat() if k.graded_on else None,
                )
                for k in keys
            ),
        )
