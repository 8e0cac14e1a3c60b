"""Station settings as key/value text: who this station is and its configurable conventions."""

from __future__ import annotations

from typing import Any

from microlot_desk.storage.database import OpenDatabase


class SettingsRepository:
    def __init__(self, database: OpenDatabase) -> None:
        self._database = database

    def get(self, key: str, default: str = "") -> str:
        row = self._database.conn.execute(
            "SELECT value FROM settings WHERE key = ?", [key]
        ).fetchone()
        return str(row[0]) if row else default

    def all(self) -> dict[str, str]:
        rows: Any = self._database.conn.execute("SELECT key, value FROM settings").fetchall()
        return {key: value for key, value in rows}

    def set(self, key: str, value: str) -> None:
        """Inside OpenDatabase.write()."""
        self._database.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
