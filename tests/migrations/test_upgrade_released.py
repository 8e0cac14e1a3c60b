"""Every frozen database of schema 2 and later (tests/fixtures/make_schema_fixtures.py) opens
with today's app, whatever the current version is, and every record comes through: each row
stored as it was, and the lots, sessions, sheets, custody and evidence readable and searchable
through the services as a user would find them. The fixtures are copied to tmp_path first."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from ticking_clock import TickingClock

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase, integrity_report, open_database
from microlot_desk.storage.migrations import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASED = sorted(
    (path for path in FIXTURES.glob("schema_v*.sqlite") if path.stem != "schema_v1"),
    key=lambda path: int(path.stem.removeprefix("schema_v")),
)
# Derived data a migration may rebuild (the search index); every other table is records.
DERIVED = ("lot_search", "lot_search_text", "lot_list")
SESSION_TITLE = "Blind pre-shipment round (fixture)"


def version_of(fixture: Path) -> int:
    return int(fixture.stem.removeprefix("schema_v"))


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def record_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name"
    )
    return [name for (name,) in rows if not name.startswith(DERIVED)]


def rows_of(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    listed = ", ".join(columns)
    return sorted(conn.execute(f"SELECT {listed} FROM {table}"), key=repr)


def columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


@pytest.fixture(params=RELEASED, ids=lambda path: path.stem)
def fixture(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)


@pytest.fixture
def pristine(fixture: Path, tmp_path: Path) -> Path:
    """A copy of the fixture as released, to compare with. (Even a read-only connection to a
    WAL file leaves -shm and -wal files beside it: the frozen fixtures are never opened.)"""
    copy = tmp_path / "pristine" / fixture.name
    copy.parent.mkdir()
    shutil.copyfile(fixture, copy)
    return copy


@pytest.fixture
def upgraded(fixture: Path, tmp_path: Path) -> Iterator[OpenDatabase]:
    before = hashlib.sha256(fixture.read_bytes()).hexdigest()
    copy = tmp_path / "data" / "microlot.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(fixture, copy)
    database = open_database(copy, clock=TickingClock())
    assert hashlib.sha256(fixture.read_bytes()).hexdigest() == before, "fixture changed"
    yield database
    database.close()


def test_a_fixture_exists_for_every_released_schema_from_2_to_5() -> None:
    assert [version_of(path) for path in RELEASED][:4] == [2, 3, 4, 5]


def test_the_upgrade_reaches_the_current_version(upgraded: OpenDatabase, fixture: Path) -> None:
    assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    expected = version_of(fixture) if version_of(fixture) < SCHEMA_VERSION else None
    assert upgraded.migrated_from == expected
    assert integrity_report(upgraded) == ["ok"]


def test_every_stored_row_comes_through_unchanged(upgraded: OpenDatabase, pristine: Path) -> None:
    with closing(read_only(pristine)) as before, closing(read_only(upgraded.path)) as after:
        tables = record_tables(before)
        assert {"lots", "cupping_sheets", "sheet_values"} <= set(tables)
        assert set(tables) <= set(record_tables(after)), "a table of records disappeared"
        for table in tables:
            columns = columns_of(before, table)
            assert set(columns) <= set(columns_of(after, table)), f"{table} lost a column"
            old = rows_of(before, table, columns)
            assert rows_of(after, table, columns) == old, f"{table} rows changed"
        assert rows_of(before, "lots", ["code"]), "the fixture holds lots"


def test_lots_read_and_search_as_before(upgraded: OpenDatabase) -> None:
    lots = LotService(upgraded)
    with closing(read_only(upgraded.path)) as conn:
        stored = conn.execute("SELECT count(*) FROM lots WHERE deleted_at IS NULL").fetchone()[0]
    assert lots.total() == stored >= 20
    narino = lots.get_by_code("CO-2026-014")
    assert narino.country == "CO"
    assert narino.green_kg is not None and narino.green_kg > Decimal(0)
    assert narino.plots and narino.plots[0].name

    def found(text: str) -> list[str]:
        return [summary.code for summary in lots.page(LotQuery(search=text), 0, 50)]

    assert "CO-2026-014" in found("narino")  # accents folded, as the search index kept them
    assert found("CN-2026-002") == ["CN-2026-002"]
    # A lot from the certificate import, found by its producer's name in Amharic.
    assert found("አበበ")


def test_the_blind_session_keeps_its_sheets_exclusion_and_reveal(upgraded: OpenDatabase) -> None:
    cupping = CuppingService(upgraded)
    overview = next(o for o in cupping.sessions() if o.session.title == SESSION_TITLE)
    assert overview.session.blind and overview.revealed
    assert (overview.samples, overview.cuppers) == (2, 2)
    board = cupping.open_session(overview.session.id)
    scored = next(p for p in board.panels if any(line.final for line in p.lines))
    assert scored.sample.lot is not None and scored.sample.lot.code == "CO-2026-014"
    finals = sorted((line.final, line.exclusion is not None) for line in scored.lines)
    assert finals == [(Decimal("87.25"), False), (Decimal("87.25"), True)]
    left_out = next(line.exclusion for line in scored.lines if line.exclusion is not None)
    assert left_out.reason == "Cupped after the timer; left out"
    assert scored.summary is not None and scored.summary.final.count == 1
    half_done = next(p for p in board.panels if p is not scored)
    assert [line.final for line in half_done.lines] == [None]
    assert half_done.imported is None


def test_imported_certificate_results_come_through(upgraded: OpenDatabase) -> None:
    with closing(read_only(upgraded.path)) as conn:
        imported = conn.execute("SELECT sample_id, final FROM imported_results").fetchall()
    assert len(imported) >= 2
    cupping = CuppingService(upgraded)
    panels = [
        panel
        for overview in cupping.sessions()
        for panel in cupping.open_session(overview.session.id).panels
        if panel.imported is not None
    ]
    assert sorted(str(p.imported.final) for p in panels if p.imported) == sorted(
        str(final) for _, final in imported
    )


def test_custody_and_evidence_come_through_where_the_schema_had_them(
    upgraded: OpenDatabase, fixture: Path
) -> None:
    workspace = Workspace(upgraded, LotService(upgraded))
    lot = workspace.lots.get_by_code("CO-2026-014")
    if version_of(fixture) < 5:  # no custody or evidence before schema 5
        assert workspace.custody.events(lot.id) == ()
        return
    events = workspace.custody.events(lot.id)
    assert len(events) >= 3
    status = workspace.custody.chain_status(lot.id)
    assert status.intact and status.count == len(events)
    attachments = workspace.evidence.of_lot(lot.id)
    assert attachments and all(len(a.sha256) == 64 for a in attachments)


def test_no_test_has_opened_a_frozen_fixture_in_place() -> None:
    # SQLite leaves -shm and -wal files beside a WAL database it opened, even read-only.
    beside = [Path(f"{path}-{suffix}") for path in RELEASED for suffix in ("shm", "wal")]
    assert [path.name for path in beside if path.exists()] == []
