"""Fixtures for the non-GUI tests: a real database file in tmp_path, services over it, a clock
that moves on every call, a snapshot of everything stored, and a second process holding the lock."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from stations import Station
from ticking_clock import TickingClock

from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database

HERE = Path(__file__).resolve().parent


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "microlot.sqlite"


@pytest.fixture
def database(db_path: Path, clock: TickingClock) -> Iterator[OpenDatabase]:
    opened = open_database(db_path, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def lots(database: OpenDatabase, clock: TickingClock) -> LotService:
    return LotService(database, clock=clock)


Snapshot = Callable[[OpenDatabase], list[str]]


@pytest.fixture
def snapshot() -> Snapshot:
    """Every row of every table as SQL text: two equal snapshots mean nothing was written."""

    def take(database: OpenDatabase) -> list[str]:
        return list(database.conn.iterdump())

    return take


class LockHolder:
    """Another process with the database open for writing, as a second app instance would be."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "hold_database.py"), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if line.strip() != "holding":
            self.release()
            raise AssertionError(f"lock holder did not start: {line!r} {self.process.stderr}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Path], LockHolder]]:
    holders: list[LockHolder] = []

    def start(path: Path) -> LockHolder:
        holder = LockHolder(path)
        holders.append(holder)
        return holder

    yield start
    for holder in holders:
        holder.release()


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clock: TickingClock,
) -> Callable[..., CliResult]:
    """Run `microlot-desk --data-dir DATA ARGS...` through cli.main in this process, with
    `stdin` as its standard input; returns the exit code and what it printed."""
    from microlot_desk import cli as cli_module

    def run(*argv: str, stdin: bytes | None = None, data: Path | None = None) -> CliResult:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        code = cli_module.main(["--data-dir", str(data or data_dir), *argv], clock=clock)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def count_lots(db_path: Path, clock: TickingClock) -> Callable[[], int]:
    """How many lots the database file holds, read through a fresh connection."""

    def count() -> int:
        if not db_path.exists():
            return 0
        database = open_database(db_path, clock=clock)
        try:
            return LotService(database).total()
        finally:
            database.close()

    return count


@pytest.fixture
def stations(cli: Callable[..., CliResult], tmp_path: Path) -> tuple[Station, Station]:
    """A (an export station with the demo lots) and B (a roaster's laptop, empty), trusting
    each other."""
    a = Station(cli, tmp_path / "a", "Kochere washing station")
    b = Station(cli, tmp_path / "b", "Roastery Lisboa")
    assert a.run("demo").code == 0
    a.trust(b)
    b.trust(a)
    return a, b
