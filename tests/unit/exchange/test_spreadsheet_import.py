"""`import csv|xlsx FILE`: lots from a roaster's or an exporter's table. This app's own export
reads back into another station; a table with bad rows names each (row, column, reason) and
adds only the good ones, in one transaction; a dry run writes nothing; a column mapping given
once is remembered for the same headers; a file that is no table is refused with the reason."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from stations import Station

Cli = Callable[..., Any]
COMPARED = ("code", "name", "country", "process", "green_kg", "moisture_pct", "producer")


def lots_of(station: Station) -> dict[str, dict[str, Any]]:
    listed = json.loads(station.run("lots", "list", "--json").out)
    found = {}
    for summary in listed:
        shown = json.loads(station.run("lots", "show", summary["code"], "--json").out)
        found[shown["code"]] = shown
    return found


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_this_apps_own_export_reads_back_into_another_station(
    cli: Cli, stations: tuple[Station, Station], tmp_path: Path, kind: str
) -> None:
    a, _ = stations
    table = tmp_path / f"lots.{kind}"
    assert a.run("export", kind, "-o", str(table)).code == 0
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    done = c.run("import", kind, str(table), "--json")
    assert done.code == 0, done
    report = json.loads(done.out)
    assert report["refused"] == [] and len(report["imported"]) == 16
    assert report["mapping"]["Green (kg)"] == "green_kg"
    assert report["mapping"]["Panel score"] == ""  # not a lot field: left out
    theirs, ours = lots_of(a), lots_of(c)
    assert sorted(theirs) == sorted(ours)
    for code, lot in theirs.items():
        assert {k: lot.get(k) for k in COMPARED} == {k: ours[code].get(k) for k in COMPARED}


def test_bad_rows_are_named_and_only_the_good_ones_are_added(cli: Cli, tmp_path: Path) -> None:
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    table = write_csv(
        tmp_path / "offer.csv",
        [
            ["Code", "Name", "Country", "Green (kg)", "Notes"],
            ["CO-2026-901", "Finca Uno", "CO", "690", "fine"],
            ["CO-2026-902", "Finca Dos", "XX", "-5", ""],
            ["CO-2026-901", "Finca Tres", "CO", "100", ""],  # the code of row 2 again
            ["", "", "", "", ""],  # empty: skipped, not refused
            ["ET-2026-903", "Kochere", "ET", "1200", '=HYPERLINK("http://x")'],
        ],
    )
    done = c.run("import", "csv", str(table), "--json")
    assert done.code == 3
    report = json.loads(done.out)
    assert report["imported"] == ["CO-2026-901", "ET-2026-903"]
    refused = {(r["row"], r["column"]) for r in report["refused"]}
    assert refused == {(3, "Country"), (3, "Green (kg)"), (4, "Code")}
    assert all(r["reason"] for r in report["refused"])
    text = c.run("import", "csv", str(table), "--dry-run").out
    assert "row 3, Country:" in text and "row 4, Code:" in text
    notes = json.loads(c.run("lots", "show", "ET-2026-903", "--json").out)["notes"]
    assert notes == '=HYPERLINK("http://x")'  # text, as typed; never run


def test_a_dry_run_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    table = write_csv(tmp_path / "offer.csv", [["Code", "Name"], ["CO-2026-901", "Finca Uno"]])
    before = c.file_bytes()
    preview = c.run("import", "csv", str(table), "--dry-run", "--json")
    assert preview.code == 0 and json.loads(preview.out)["imported"] == ["CO-2026-901"]
    assert c.file_bytes() == before
    assert json.loads(c.run("lots", "list", "--json").out) == []


def test_a_mapping_given_once_is_remembered_for_the_same_headers(cli: Cli, tmp_path: Path) -> None:
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Lote", "Nombre", "Kilos", "Comentario"])
    sheet.append(["CO-2026-901", "Finca Uno", 690, "muestra"])
    sheet.append(["CO-2026-902", "Finca Dos", 10.5, ""])
    table = tmp_path / "oferta.xlsx"
    book.save(table)
    guessed = json.loads(c.run("import", "xlsx", str(table), "--dry-run", "--json").out)
    assert set(guessed["mapping"].values()) == {""}  # nothing it could guess
    mapping = '{"Lote": "code", "Nombre": "name", "Kilos": "green_kg", "Comentario": ""}'
    assert c.run("import", "xlsx", str(table), "--map", mapping).code == 0
    shown = json.loads(c.run("lots", "show", "CO-2026-902", "--json").out)
    assert shown["green_kg"] == "10.5"
    book2 = Workbook()
    sheet2 = book2.active
    assert sheet2 is not None
    sheet2.append(["Lote", "Nombre", "Kilos", "Comentario"])
    sheet2.append(["CO-2026-903", "Finca Tres", 50, ""])
    book2.save(table)
    again = json.loads(c.run("import", "xlsx", str(table), "--json").out)
    assert again["imported"] == ["CO-2026-903"] and again["mapping"]["Kilos"] == "green_kg"


@pytest.mark.parametrize(
    ("name", "data", "kind", "reason"),
    [
        ("latin1.csv", "Code;Name\nCO-1;Caf\xe9\n".encode("latin-1"), "csv", "not UTF-8"),
        ("empty.csv", b"", "csv", "no header row"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "xlsx", "not a readable XLSX"),
    ],
)
def test_a_file_that_is_no_table_is_refused_with_the_reason(
    cli: Cli, tmp_path: Path, name: str, data: bytes, kind: str, reason: str
) -> None:
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    path = tmp_path / name
    path.write_bytes(data)
    before = c.file_bytes()
    shown = c.run("import", kind, str(path))
    assert shown.code == 1 and reason in shown.err, shown
    assert c.file_bytes() == before


def test_a_mapping_to_a_field_that_does_not_exist_is_refused(cli: Cli, tmp_path: Path) -> None:
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    table = write_csv(tmp_path / "offer.csv", [["Code", "Name"], ["CO-2026-901", "Finca Uno"]])
    shown = c.run("import", "csv", str(table), "--map", '{"Name": "nickname"}')
    assert shown.code == 1 and "'nickname' is not a lot field" in shown.err


def test_a_remembered_mapping_follows_headers_spelt_another_way(cli: Cli, tmp_path: Path) -> None:
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    first = write_csv(tmp_path / "m1.csv", [["Lote", "Nombre"], ["CO-2026-901", "Finca Uno"]])
    mapping = '{"Lote": "code", "Nombre": "name"}'
    assert c.run("import", "csv", str(first), "--map", mapping).code == 0
    second = write_csv(tmp_path / "m2.csv", [["lote", "NOMBRE "], ["CO-2026-902", "Finca Dos"]])
    done = c.run("import", "csv", str(second), "--json")
    assert done.code == 0, done
    assert json.loads(done.out)["imported"] == ["CO-2026-902"]


def test_two_columns_of_one_name_are_refused(cli: Cli, tmp_path: Path) -> None:
    c = Station(cli, tmp_path / "c", "Roastery Oslo")
    table = write_csv(tmp_path / "dup.csv", [["Code", "Name", "name"], ["CO-2026-901", "A", "B"]])
    shown = c.run("import", "csv", str(table))
    assert shown.code == 1 and "two columns are both called 'Name'" in shown.err
