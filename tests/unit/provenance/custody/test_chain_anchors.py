"""Custody chains held to what left the database (issue 10): a printed sheet shows the chain
head and writes it down beside the database, a backup keeps the heads it saw, and `db check`
finds a chain shortened, deleted or rewritten and rehashed after either, which no check inside
the file alone can see. Every attack here is made with SQLite behind the app's back."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from custody_builders import washed_history
from pypdf import PdfReader

from microlot_desk.clock import Clock
from microlot_desk.domain.custody import GENESIS_HASH
from microlot_desk.domain.custody_chain import sealed
from microlot_desk.domain.lots import Lot
from microlot_desk.services.workspace.workspace import Workspace, open_workspace
from microlot_desk.storage.custody_repository import CustodyRepository

GUARDS_GONE = [
    "the guard that keeps custody events from being changed or deleted"
    f" ({name}) was removed from the database file with another tool"
    for name in ("custody_events_no_update", "custody_events_no_delete")
]


def tamper(path: Path, *statements: str, parameters: tuple[object, ...] = ()) -> None:
    """Drop the append-only guards, then run the statements, as someone with sqlite3 would."""
    conn = sqlite3.connect(path)
    try:
        for name in ("custody_events_no_update", "custody_events_no_delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in statements:
            conn.execute(statement, parameters if "?" in statement else ())
        conn.commit()
    finally:
        conn.close()


def rehash_with_more_green(path: Path, lot_id: str, clock: Clock) -> str:
    """Change event 5's weight and recompute every hash after it, and the head: a rewrite the
    chain check inside the file cannot tell from the truth. Returns the new head."""
    reader = open_workspace(path, clock=clock, read_only=True)
    try:
        events = CustodyRepository(reader.database).events_of(lot_id)
    finally:
        reader.close()
    previous, rewritten = GENESIS_HASH, []
    for event in events:
        weight = event.kg_out + 40 if event.seq == 5 and event.kg_out is not None else event.kg_out
        event = sealed(dataclasses.replace(event, prev_hash=previous, kg_out=weight))
        rewritten.append(event)
        previous = event.content_hash
    conn = sqlite3.connect(path)
    try:
        for name in ("custody_events_no_update", "custody_events_no_delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        for event in rewritten:
            conn.execute(
                "UPDATE custody_events SET prev_hash = ?, content_hash = ?, kg_out = ?"
                " WHERE id = ?",
                [
                    event.prev_hash,
                    event.content_hash,
                    None if event.kg_out is None else format(event.kg_out, "f"),
                    event.id,
                ],
            )
        conn.execute("UPDATE custody_heads SET head_hash = ? WHERE lot_id = ?", [previous, lot_id])
        conn.commit()
    finally:
        conn.close()
    return previous


@pytest.fixture
def recorded(workspace: Workspace, lot: Lot) -> str:
    """The lot with six custody events; returns the head hash."""
    events = workspace.custody.add_events(lot.id, washed_history())
    return events[-1].content_hash


@pytest.fixture
def printed(
    workspace: Workspace, lot: Lot, recorded: str, cli: Callable[..., object], tmp_path: Path
) -> Path:
    """The lot's sheet exported through the CLI; returns the PDF."""
    workspace.close()
    result = cli("export", "sheet", lot.code, "-o", str(tmp_path / "sheets"))
    assert result.code == 0, result  # type: ignore[attr-defined]
    return tmp_path / "sheets" / f"{lot.code}.pdf"


def anchor_lines(data_dir: Path) -> list[dict[str, object]]:
    text = (data_dir / "custody-anchors.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line]


def test_a_printed_sheet_shows_its_chain_head_and_writes_it_down(
    lot: Lot, recorded: str, printed: Path, data_dir: Path, cli: Callable[..., object]
) -> None:
    text = " ".join(page.extract_text() for page in PdfReader(printed).pages)
    assert f"Hash chain: 6 events, head SHA-256 {recorded}" in " ".join(text.split())
    [line] = anchor_lines(data_dir)
    assert (line["lot"], line["code"], line["count"], line["head"], line["by"], line["file"]) == (
        lot.id,
        lot.code,
        6,
        recorded,
        "sheet",
        f"{lot.code}.pdf",
    )
    check = cli("db", "check")
    assert (check.code, check.out.strip()) == (0, "ok")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("attack", "statements", "says"),
    [
        (
            "the last event removed and the head moved back to event 5",
            (
                "DELETE FROM custody_events WHERE seq = 6",
                "UPDATE custody_heads SET count = 5, head_hash ="
                " (SELECT content_hash FROM custody_events WHERE seq = 5)",
            ),
            "shows 6 events, but the chain now ends at event 5: events were removed since",
        ),
        (
            "every event and the head deleted",
            ("DELETE FROM custody_events", "DELETE FROM custody_heads"),
            "shows 6 events, but the lot has no custody event now: its chain was deleted",
        ),
    ],
)
def test_db_check_finds_a_chain_cut_after_its_sheet_was_printed(
    lot: Lot,
    printed: Path,
    data_dir: Path,
    cli: Callable[..., object],
    attack: str,
    statements: tuple[str, ...],
    says: str,
) -> None:
    tamper(data_dir / "microlot.sqlite", *statements)
    check = cli("db", "check")
    assert check.code == 1, attack  # type: ignore[attr-defined]
    [seen_at] = [line["at"] for line in anchor_lines(data_dir)]
    when = f"{str(seen_at)[:10]} {str(seen_at)[11:16]} UTC"
    assert check.out.splitlines() == [  # type: ignore[attr-defined]
        *GUARDS_GONE,
        f"custody of {lot.code}: the sheet printed {when} ({lot.code}.pdf) {says}",
    ]


def test_db_check_finds_a_chain_rewritten_and_rehashed_after_its_sheet(
    workspace: Workspace,
    lot: Lot,
    recorded: str,
    cli: Callable[..., object],
    tmp_path: Path,
    data_dir: Path,
) -> None:
    workspace.close()
    assert cli("export", "sheet", lot.code, "-o", str(tmp_path)).code == 0  # type: ignore[attr-defined]
    rehash_with_more_green(data_dir / "microlot.sqlite", lot.id, workspace.lots.clock)
    listed = cli("custody", "list", lot.code)
    assert "chain intact: 6 events" in listed.out  # type: ignore[attr-defined]
    check = cli("db", "check")
    assert check.code == 1  # type: ignore[attr-defined]
    assert check.out.splitlines()[-1].startswith(  # type: ignore[attr-defined]
        f"custody of {lot.code}: the chain was rewritten after the sheet printed"
    )
    assert check.out.splitlines()[
        -1
    ].endswith(  # type: ignore[attr-defined]
        f"its event 6 no longer has the head hash the sheet shows ({recorded[:16]}…)"
    )


def test_db_check_holds_the_chain_to_the_newest_backup(
    workspace: Workspace, lot: Lot, recorded: str, cli: Callable[..., object], data_dir: Path
) -> None:
    """No sheet printed: the backup is the anchor. A backup taken after the rewrite agrees
    with it, as the docs say (only a copy from before can show it)."""
    workspace.close()
    backup = cli("db", "backup").out.strip()  # type: ignore[attr-defined]
    rehash_with_more_green(data_dir / "microlot.sqlite", lot.id, workspace.lots.clock)
    check = cli("db", "check")
    assert check.code == 1  # type: ignore[attr-defined]
    last = check.out.splitlines()[-1]  # type: ignore[attr-defined]
    assert last.startswith(f"custody of {lot.code}: the chain was rewritten after the backup of ")
    assert f"({backup}): its event 6 no longer has the hash the backup holds" in last
    cli("db", "backup")
    assert cli("db", "check").out.splitlines() == GUARDS_GONE  # type: ignore[attr-defined]


def test_dropping_the_guards_alone_is_found(
    workspace: Workspace, recorded: str, cli: Callable[..., object], data_dir: Path
) -> None:
    workspace.close()
    tamper(data_dir / "microlot.sqlite")
    check = cli("db", "check")
    assert (check.code, check.out.splitlines()) == (1, GUARDS_GONE)  # type: ignore[attr-defined]


def test_a_damaged_anchor_log_spoils_only_its_own_lines(
    lot: Lot, printed: Path, data_dir: Path, cli: Callable[..., object]
) -> None:
    log = data_dir / "custody-anchors.jsonl"
    good = log.read_bytes()
    junk = b'{"lot": "cut off by a full dis' + b"x" * 20_000 + b"\n\x00\xff not json\n"
    log.write_bytes(junk + good + b'{"lot": "' + lot.id.encode() + b'", "count": "many"}\n')
    tamper(data_dir / "microlot.sqlite", "DELETE FROM custody_events WHERE seq = 6")
    check = cli("db", "check")
    assert check.code == 1  # type: ignore[attr-defined]
    assert "shows 6 events, but the chain now ends at event 5" in check.out  # type: ignore[attr-defined]


def test_a_link_in_place_of_the_anchor_log_is_never_followed(
    workspace: Workspace,
    lot: Lot,
    recorded: str,
    cli: Callable[..., object],
    data_dir: Path,
    tmp_path: Path,
) -> None:
    workspace.close()
    elsewhere = tmp_path / "someone-elses.txt"
    elsewhere.write_text("keep me\n", encoding="utf-8")
    (data_dir / "custody-anchors.jsonl").symlink_to(elsewhere)
    exported = cli("export", "sheet", lot.code, "-o", str(tmp_path / "sheets"))
    assert exported.code == 1  # type: ignore[attr-defined]
    assert "custody anchor log" in exported.err and "it is a link" in exported.err  # type: ignore[attr-defined]
    assert "Traceback" not in exported.err  # type: ignore[attr-defined]
    assert not (tmp_path / "sheets" / f"{lot.code}.pdf").exists()  # no sheet without its anchor
    assert elsewhere.read_text(encoding="utf-8") == "keep me\n"
    check = cli("db", "check")
    assert check.code == 1  # type: ignore[attr-defined]
    assert "custody anchor log" in check.out and "newest backup only" in check.out  # type: ignore[attr-defined]


def test_reading_the_log_skips_an_endless_line(tmp_path: Path) -> None:
    """A planted log of one line with no newline is not read into memory whole."""
    from microlot_desk.storage.custody_anchors import AnchorLog

    log = tmp_path / "custody-anchors.jsonl"
    with log.open("wb") as stream:
        for _ in range(64):
            stream.write(b"a" * 1_000_000)
    assert list(AnchorLog(log).read()) == []
