"""Opening the one SQLite file the app keeps everything in, so that nothing typed is ever lost.

Order matters: the version and damage checks read the file through a read-only connection before
anything can write to it (even switching to WAL rewrites the header), so a file from a newer app
or a damaged file is left byte-identical.

The full check (`integrity_check` and `foreign_key_check`) reads every page, which at 100,000
lots costs seconds; it runs at open only after an unclean shutdown, when the last full check is
more than a week old (or was never made, see check_schedule), or before a migration. Every other
open reads the header and the schema, which stay cheap however large the file grows.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from microlot_desk.atomic_files import remove_leftovers
from microlot_desk.clock import Clock
from microlot_desk.errors import (
    DatabaseDamaged,
    DatabaseUnavailable,
    NotOurDatabase,
    ReadOnlyDatabase,
    SchemaTooNew,
)
from microlot_desk.storage.backups import latest_backup, take_backup
from microlot_desk.storage.check_schedule import full_check_due, record_full_check
from microlot_desk.storage.disk_faults import fault_of, faults_told
from microlot_desk.storage.migrations import SCHEMA_VERSION, app_migrations
from microlot_desk.storage.write_lock import WriteLock

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 5000
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class OpenDatabase:
    """An open database file: the connection, whether we may write, and our lock on it.

    Reads go straight through `conn`; `db`, the sqlite-utils wrapper used for table writes and
    migrations, is made on first use, which keeps sqlite-utils' imports out of start-up."""

    conn: sqlite3.Connection
    path: Path
    read_only: bool
    clock: Clock
    lock: WriteLock | None = None
    checked_fully: bool = False
    migrated_from: int | None = None
    _closed: bool = field(default=False, repr=False)
    _db: Database | None = field(default=None, repr=False)
    _depth: int = field(default=0, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Run a read and return its rows as dicts keyed by column name."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One user action, one transaction. BEGIN IMMEDIATE takes the write lock up front, so a
        read-then-write never fails half-way with "database is locked".

        A write() inside another joins it as a savepoint: a use case built from other use cases
        (loading the demo, splitting a lot) stays one transaction, and an inner failure that the
        caller catches undoes only the inner part."""
        if self.read_only:
            raise ReadOnlyDatabase(path=str(self.path))
        if self._depth:
            yield from self._nested()
            return
        conn = self.conn
        # SQLite's own full disk or read-only file is told as such, not as damage.
        with faults_told(self.path.parent, sqlite_only=True):
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.db
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0

    def _nested(self) -> Iterator[Database]:
        name = f"nested_{self._depth}"
        self.conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.db
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        finally:
            self._depth -= 1
        self.conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.conn.close()
        if self.lock is not None:
            _clean_marker(self.path).unlink(missing_ok=True)
            self.lock.release()


def _remove_what_a_killed_write_left(folder: Path) -> None:
    """After an unclean stop, with the write lock held: the temporary files of writes cut off
    half-way, in the file's own folder, its backups and its evidence store (nothing else in a
    folder the person chose). A clean stop leaves none, so a normal start lists no folder."""
    remove_leftovers(folder)
    remove_leftovers(folder / "backups")
    remove_leftovers(folder / "evidence", depth=1)


def _clean_marker(path: Path) -> Path:
    """Present while a writer has the file open; left behind by a crash or a power cut."""
    return path.with_name(path.name + ".in-use")


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    try:
        if read_only:
            conn = sqlite3.connect(
                path.resolve().as_uri() + "?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(path=str(path), detail=str(exc)) from exc
    return conn


def damaged_file(path: Path, detail: str) -> DatabaseDamaged:
    """The refusal of a damaged file, naming the newest backup to restore."""
    backup = latest_backup(path)
    return DatabaseDamaged(path=str(path), detail=detail, backup=str(backup) if backup else "")


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """SQLite found a damaged page or no database at all (not a lock, a full disk or a bug)."""
    return getattr(error, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


@contextlib.contextmanager
def damage_reported(path: Path) -> Iterator[None]:
    """A read that meets a page damaged since the file's last full check raises the damaged-
    file refusal (naming the backup), which the layers above know, instead of SQLite's error."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            raise damaged_file(path, str(error)) from error
        raise


def _refuse_damage_unless_fault(path: Path, error: sqlite3.DatabaseError) -> NoReturn:
    """A failed read of the file: SQLite's own error again when the disk is full or the folder
    read-only (faults_told names it), else the damaged-file refusal with the backup."""
    if fault_of(error, path.parent) is not None:
        raise error
    raise damaged_file(path, str(error)) from error


def _precheck(path: Path) -> int:
    """Read-only look at an existing file: is it SQLite, and is its schema one we know?"""
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header and header != _SQLITE_MAGIC:
        raise damaged_file(path, "not an SQLite database")
    if not header:
        return 0
    conn = _connect(path, read_only=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        _refuse_damage_unless_fault(path, exc)
    finally:
        conn.close()
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(path=str(path), found=version, supported=SCHEMA_VERSION)
    if version == 0:
        _refuse_if_foreign(path)
    return version


def _refuse_if_foreign(path: Path) -> None:
    """A version-0 file with tables and no record of our migrations is some other program's
    SQLite file: adding our tables to it would damage it, so it is refused untouched."""
    conn = _connect(path, read_only=True)
    try:
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        ours = (
            "_sqlite_migrations" in tables
            and conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'microlot_desk' LIMIT 1"
            ).fetchone()
        )
    except sqlite3.DatabaseError as exc:
        _refuse_damage_unless_fault(path, exc)
    finally:
        conn.close()
    if tables - {"_sqlite_migrations"} and not ours:
        raise NotOurDatabase(path=str(path), tables=", ".join(sorted(tables)[:5]))


def _check_integrity(conn: sqlite3.Connection, path: Path, *, full: bool) -> None:
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}(20)").fetchall()]
        if rows == ["ok"]:
            rows = [
                f"foreign key: {row[0]} row {row[1]} -> {row[2]}"
                for row in conn.execute("PRAGMA foreign_key_check").fetchall()
            ] or rows
    except sqlite3.DatabaseError as exc:
        if fault_of(exc, path.parent) is not None:
            raise
        rows = [str(exc)]
    if rows != ["ok"]:
        raise damaged_file(path, "; ".join(rows))


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """The cheap check of every open: the header and the whole schema read and parsed."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        _refuse_damage_unless_fault(path, exc)


def integrity_report(open_db: OpenDatabase) -> list[str]:
    """Full integrity and foreign-key check; ["ok"] when the file is sound. A sound result is
    remembered (when the file is writable), so the next opens need not repeat it for a while."""
    try:
        _check_integrity(open_db.conn, open_db.path, full=True)
    except DatabaseDamaged as damaged:
        return str(damaged.params["detail"]).split("; ")
    if not open_db.read_only:
        record_full_check(open_db.path, open_db.clock)
    return ["ok"]


def open_database(path: Path, *, clock: Clock, read_only: bool = False) -> OpenDatabase:
    """Open (creating if needed) the database at `path`, checked, locked and migrated. `clock`
    names backups and the lock note, and is the time the services over this database use.

    Raises SchemaTooNew, DatabaseDamaged, DatabaseLocked or DatabaseUnavailable; in every case the
    file is left as it was.
    """
    exists = path.exists() and path.stat().st_size > 0
    if read_only and not exists:
        raise DatabaseUnavailable(path=str(path), detail="no such file")
    with faults_told(path.parent):  # a full disk or read-only folder gets its own message
        found_version = _precheck(path) if exists else 0
        lock: WriteLock | None = None
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(path=str(path), detail=str(exc)) from exc
            lock = WriteLock(path, clock=clock)
            lock.acquire()
        try:
            return _open_checked(path, read_only, clock, lock, exists, found_version)
        except BaseException:
            if lock is not None:
                lock.release()
            raise


def _open_checked(
    path: Path,
    read_only: bool,
    clock: Clock,
    lock: WriteLock | None,
    exists: bool,
    found_version: int,
) -> OpenDatabase:
    conn = _connect(path, read_only=read_only)
    try:
        marker = _clean_marker(path)
        unclean = not read_only and marker.exists()
        if unclean:
            _remove_what_a_killed_write_left(path.parent)
        full = False
        if exists:
            _check_schema(conn, path)
            migrating = found_version < SCHEMA_VERSION
            full = unclean or migrating or full_check_due(path, clock)
            if full:
                _check_integrity(conn, path, full=True)
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            marker.touch()
        conn.execute("PRAGMA foreign_keys=ON")
        opened = OpenDatabase(conn, path, read_only, clock, lock, checked_fully=full)
        if found_version < SCHEMA_VERSION:
            if read_only:
                raise DatabaseUnavailable(path=str(path), detail="needs upgrade")
            if exists and found_version > 0:
                take_backup(conn, path, f"pre-migration-v{found_version}", clock=clock)
                opened.migrated_from = found_version
            _migrate(opened.db)
        if not read_only and (full or not exists):
            record_full_check(path, clock)  # a new file has nothing to check yet
        return opened
    except BaseException:
        conn.close()
        raise


def _migrate(db: Database) -> None:
    """Apply pending migrations, each in a transaction with its bookkeeping row, then record
    the count in user_version. (Should that last step be lost, the next open finds no pending
    migration and sets it again.)"""
    migrations = app_migrations()
    migrations.apply(db)
    applied = len(migrations.applied(db))
    db.execute(f"PRAGMA user_version={int(applied)}")
