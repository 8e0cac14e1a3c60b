"""`export csv|xlsx`: one row per lot with its latest panel score; text a spreadsheet would run
as a formula stays text, numbers are numbers, an unknown code writes nothing."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from microlot_desk.export.spreadsheets.cell_text import FORMULA_STARTS, neutral_text

Cli = Callable[..., Any]
HOSTILE = {
    "name": '=HYPERLINK("http://evil.example","click")',
    "farm": "@SUM(A1:A9)",
    "region": "+cmd|' /C calc'!A0",
    "notes": "-2+3 kg lost\tat drying",
    "story": "\r=1+1",
    "country": "CO",
    "green_kg": "420.50",
    "bag_count": 12,
}


@given(st.text())
def test_neutral_text_never_starts_a_formula_and_keeps_the_text(text: str) -> None:
    shown = neutral_text(text)
    assert not shown.startswith(FORMULA_STARTS)
    assert shown == text or shown == "'" + text


@pytest.fixture
def hostile_lot(cli: Cli, tmp_path: Path) -> str:
    cli("demo")
    source = tmp_path / "lot.json"
    source.write_text(json.dumps(HOSTILE))
    added = cli("lots", "add", "--json", str(source))
    assert added.code == 0, added
    return str(added.out.strip())


def test_csv_has_every_lot_and_no_cell_a_spreadsheet_would_run(
    cli: Cli, tmp_path: Path, hostile_lot: str
) -> None:
    target = tmp_path / "lots.csv"
    done = cli("export", "csv", "-o", str(target))
    assert (done.code, done.out) == (0, f"{target}\n")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    header, rows = table[0], table[1:]
    assert header[:3] == ["Code", "Name", "Producer"]
    listed = json.loads(cli("lots", "list", "--json", "--limit", "1000").out)
    assert sorted(r[0] for r in rows) == sorted(lot["code"] for lot in listed)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    mine = dict(zip(header, next(r for r in rows if r[0] == hostile_lot), strict=True))
    assert mine["Name"] == "'" + HOSTILE["name"]
    assert mine["Farm"] == "'" + HOSTILE["farm"]
    assert mine["Notes"] == "'" + HOSTILE["notes"]
    assert (mine["Green (kg)"], mine["Bags"]) == ("420.50", "12")


def test_xlsx_has_no_formula_and_numbers_as_numbers(
    cli: Cli, tmp_path: Path, hostile_lot: str
) -> None:
    target = tmp_path / "lots.xlsx"
    assert cli("export", "xlsx", hostile_lot, "GT-2026-004", "-o", str(target)).code == 0
    with zipfile.ZipFile(target) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula stored at all
    book = load_workbook(target)
    rows = list(book["Lots"].iter_rows())
    header = [c.value for c in rows[0]]
    assert [r[0].value for r in rows[1:]] == [hostile_lot, "GT-2026-004"]
    mine = dict(zip(header, rows[1], strict=True))
    assert mine["Name"].value == "'" + HOSTILE["name"] and mine["Name"].data_type == "s"
    assert mine["Region"].value == "'" + HOSTILE["region"]
    assert mine["Green (kg)"].data_type == "n"
    assert Decimal(str(mine["Green (kg)"].value)) == Decimal("420.5")
    assert mine["Bags"].value == 12
    assert all(c.data_type != "f" for row in rows for c in row)


def test_the_latest_panel_score_is_in_its_column(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    target = tmp_path / "lots.csv"
    cli("export", "csv", "-o", str(target))
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["Code"]: r for r in csv.DictReader(handle)}
    sessions = json.loads(cli("sessions", "list", "--json").out)
    session = json.loads(cli("sessions", "show", sessions[0]["id"], "--json").out)
    sample = session["samples"][0]
    scored = rows[sample["lot"]["code"]]
    assert Decimal(scored["Panel score"]) == Decimal(str(sample["panel"]["final"]))
    assert scored["Cupped on"] == session["held_on"]
    assert scored["Panel form"] and scored["Panel cuppers"] == str(len(session["cuppers"]))
    unscored = [r for code, r in rows.items() if code != sample["lot"]["code"]]
    assert all(r["Panel score"] == "" for r in unscored)


def test_an_unknown_code_is_named_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    target = tmp_path / "lots.xlsx"
    refused = cli("export", "xlsx", "GT-2026-004", "ZZ-0000-000", "-o", str(target))
    assert refused.code == 1 and "ZZ-0000-000" in refused.err
    assert not target.exists()
