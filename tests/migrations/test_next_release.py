"""What happens when the next release adds a migration, proved with a copy of today's package
that has one extra migration appended (run in a child process, the copy first on sys.path):

- a v1 file is backed up (VACUUM INTO) before it is migrated, and the backup is the v1 file;
- today's app then refuses the upgraded file as too new, without touching a byte;
- the pre-migration backup restores with today's app, so there is always a way back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from ticking_clock import TickingClock

from microlot_desk.errors import SchemaTooNew
from microlot_desk.storage.backups import list_backups
from microlot_desk.storage.database import open_database
from microlot_desk.storage.migrations import SCHEMA_VERSION
from microlot_desk.storage.restore import restore_backup

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "fixtures" / "schema_v1.sqlite"

PROBE_MIGRATION = '''"""The next release's migration (written by test_next_release.py)."""


def apply(db):
    db.execute("CREATE TABLE next_release_probe (id TEXT PRIMARY KEY)")
'''

# Listed the way a developer adds a migration: after the others, and counted in SCHEMA_VERSION.
LIST_PROBE = """

from microlot_desk.storage.migrations import m9999_next_release_probe  # noqa: E402

MIGRATIONS = (*MIGRATIONS, m9999_next_release_probe)
SCHEMA_VERSION = len(MIGRATIONS)
"""

OPEN_WITH_NEXT_RELEASE = """
import json, sys
from pathlib import Path
import microlot_desk
from microlot_desk.clock import utc_now
from microlot_desk.storage.database import open_database
database = open_database(Path(sys.argv[1]), clock=utc_now)
print(json.dumps({
    "package": microlot_desk.__file__,
    "migrated_from": database.migrated_from,
    "user_version": database.db.execute("PRAGMA user_version").fetchone()[0],
}))
database.close()
"""


@pytest.fixture(scope="module")
def next_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `microlot_desk` as the next release would ship it."""
    base = tmp_path_factory.mktemp("next-release")
    shutil.copytree(
        ROOT / "microlot_desk", base / "microlot_desk", ignore=shutil.ignore_patterns("__pycache__")
    )
    migrations = base / "microlot_desk" / "storage" / "migrations"
    (migrations / "m9999_next_release_probe.py").write_text(PROBE_MIGRATION, encoding="utf-8")
    listing = migrations / "__init__.py"
    listing.write_text(listing.read_text(encoding="utf-8") + LIST_PROBE, encoding="utf-8")
    return base


def open_with_next_release(next_release: Path, database: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(next_release))
    result = subprocess.run(
        [sys.executable, "-c", OPEN_WITH_NEXT_RELEASE, str(database)],
        env=env,
        cwd=next_release,  # not the project root, whose microlot_desk would come first
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    assert str(report["package"]).startswith(str(next_release)), "the copy was not the one used"
    return report


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    return {str(r[0]) for r in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "microlot.sqlite"
    path.parent.mkdir()
    shutil.copyfile(V1, path)
    return path


def test_a_v1_file_is_backed_up_before_the_next_release_migrates_it(
    next_release: Path, v1_copy: Path, tmp_path: Path
) -> None:
    pristine = tmp_path / "pristine.sqlite"
    shutil.copyfile(V1, pristine)
    lots_before = rows(pristine, "SELECT * FROM lots ORDER BY id")

    report = open_with_next_release(next_release, v1_copy)

    assert report["migrated_from"] == 1
    assert report["user_version"] == SCHEMA_VERSION + 1
    assert "next_release_probe" in tables(v1_copy)

    backups = list_backups(v1_copy)
    assert [b.reason for b in backups] == ["pre-migration-v1"]
    backup = backups[0].path
    assert rows(backup, "PRAGMA user_version") == [(1,)]
    assert "next_release_probe" not in tables(backup)
    assert rows(backup, "SELECT * FROM lots ORDER BY id") == lots_before
    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    assert rows(v1_copy, "SELECT * FROM lots ORDER BY id") == lots_before


def test_opening_an_up_to_date_file_takes_no_backup(next_release: Path, v1_copy: Path) -> None:
    open_with_next_release(next_release, v1_copy)
    again = open_with_next_release(next_release, v1_copy)
    assert again["migrated_from"] is None
    assert len(list_backups(v1_copy)) == 1


def test_todays_app_refuses_the_next_releases_file_untouched(
    next_release: Path, v1_copy: Path
) -> None:
    open_with_next_release(next_release, v1_copy)
    before = hashlib.sha256(v1_copy.read_bytes()).hexdigest()
    mtime = v1_copy.stat().st_mtime_ns

    with pytest.raises(SchemaTooNew) as caught:
        open_database(v1_copy, clock=TickingClock())

    assert caught.value.params["found"] == SCHEMA_VERSION + 1
    assert hashlib.sha256(v1_copy.read_bytes()).hexdigest() == before
    assert v1_copy.stat().st_mtime_ns == mtime


def test_the_pre_migration_backup_restores_with_todays_app(
    next_release: Path, v1_copy: Path
) -> None:
    open_with_next_release(next_release, v1_copy)
    backup = list_backups(v1_copy)[0].path

    kept = restore_backup(v1_copy, backup, clock=TickingClock())

    assert kept is not None and "next_release_probe" in tables(kept)
    database = open_database(v1_copy, clock=TickingClock())
    try:
        assert database.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert database.db.execute("SELECT count(*) FROM lots").fetchone()[0] == 4
    finally:
        database.close()
