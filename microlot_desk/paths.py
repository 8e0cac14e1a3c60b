"""Where files live. Everything hangs off one data folder, chosen once at start and passed down
(no globals), so --data-dir and the tests can point the whole app elsewhere."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "microlot_desk"
DATABASE_NAME = "microlot.sqlite"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def evidence(self) -> Path:
        """Photos and documents, each stored once under its SHA-256 (evidence/ab/abcdef…)."""
        return self.data_dir / "evidence"

    @property
    def forms(self) -> Path:
        """A lab's own cupping-form templates (JSON), beside the built-in ones."""
        return self.data_dir / "forms"


def default_data_dir() -> Path:
    override = os.environ.get("MICROLOT_DESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def app_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    return AppPaths(Path(data_dir).expanduser() if data_dir else default_data_dir())


def resources_dir() -> Path:
    """The resources/ folder shipped beside the package (fonts, icons, forms, translations)."""
    return Path(__file__).resolve().parent.parent / "resources"
