"""Two stations in tests, each a data folder driven through the CLI as a person at it would:
an export station with the demo lots and a roaster's laptop, trusting each other."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

Cli = Callable[..., Any]


class Station:
    """One data folder driven through the CLI, as a person at that station would."""

    def __init__(self, cli: Cli, folder: Path, name: str) -> None:
        self.cli, self.folder, self.name = cli, folder, name
        folder.mkdir(exist_ok=True)
        assert self.run("settings", "set", "station_name", name).code == 0

    def run(self, *argv: str) -> Any:
        return self.cli(*argv, data=self.folder)

    @property
    def fingerprint(self) -> str:
        return str(self.run("keys", "show").out.splitlines()[0])

    def trust(self, other: Station) -> None:
        assert self.run("keys", "trust", other.fingerprint, "--name", other.name).code == 0

    def send(self, path: Path, *codes: str) -> Path:
        assert self.run("bundle", "export", *codes, "-o", str(path)).code == 0
        return path

    def receive(self, bundle: Path, *flags: str) -> Any:
        return self.run("bundle", "import", str(bundle), *flags, "--json")

    def edit(self, code: str, **fields: str) -> None:
        settings = [f"{k}={v}" for k, v in fields.items()]
        assert (
            self.run("lots", "edit", code, *[a for s in settings for a in ("--set", s)]).code == 0
        )

    def add_warehouse_event(self, code: str, place: str, day: str, offset: str) -> None:
        """Record an hour at a warehouse on `day` (local time at `offset`, e.g. "+08:00")."""
        event = self.folder / "event.json"
        event.write_text(
            json.dumps(
                {
                    "stage": "warehouse",
                    "started": f"{day}T08:00{offset}",
                    "ended": f"{day}T09:00{offset}",
                    "place": place,
                }
            )
        )
        assert self.run("custody", "add", code, "--json", str(event)).code == 0

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.folder / "microlot.sqlite") as conn:
            return sorted(conn.execute(f'SELECT * FROM "{table}"'), key=repr)

    def value(self, sql: str, *params: object) -> Any:
        with sqlite3.connect(self.folder / "microlot.sqlite") as conn:
            return conn.execute(sql, params).fetchone()[0]

    def execute(self, sql: str, *params: object) -> None:
        """Change the database behind the app's back, as a broken tool or a forger would."""
        with sqlite3.connect(self.folder / "microlot.sqlite") as conn:
            conn.execute(sql, params)

    def evidence(self) -> dict[str, bytes]:
        root = self.folder / "evidence"
        return {
            p.name: p.read_bytes() for p in root.rglob("*") if p.is_file() and "." not in p.name
        }

    def file_bytes(self) -> bytes:
        return (self.folder / "microlot.sqlite").read_bytes()
