"""`import cqi`: lots and scored samples from a CQI-style CSV in one transaction; every stated
total further from the cells' sum than two-decimal rounding allows (0.05) reported with its
row; unreadable rows reported by row and column and skipped; an unusable file writes nothing.
CSV cells are untrusted. (Certificate totals, idempotence and header styles at the scale of
the public file: test_cqi_certificates.py.)"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.domain.cupping import cqi_csv
from microlot_desk.domain.cupping.sessions import Affiliation, SampleType
from microlot_desk.services.common.cupping_errors import CsvRefused
from microlot_desk.services.cupping.cqi_import import CqiReport, Mismatch
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase

D = Decimal
Cli = Callable[..., Any]
FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "cqi_panel_results.csv"
ATTRIBUTES = ["Aroma", "Flavor", "Aftertaste", "Acidity", "Body", "Balance"]
CUPS = ["Uniformity", "Clean.Cup", "Sweetness"]
GOOD = {
    **dict.fromkeys(ATTRIBUTES, "8.00"),
    **dict.fromkeys(CUPS, "10.00"),
    "Cupper.Points": "8.00",
    "Total.Cup.Points": "86.00",
    "Country.of.Origin": "Colombia",
    "Farm.Name": "La Esperanza",
}
HEADER = [*GOOD, "Owner"]


def csv_bytes(*rows: dict[str, str], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode("utf-8")


def errors_of(report: CqiReport) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.reason) for e in report.errors]


def test_the_fixture_reports_exactly_its_wrong_totals_and_its_unreadable_row(
    cupping: CuppingService,
) -> None:
    report = cupping.import_cqi(FIXTURE.read_bytes(), str(FIXTURE), skip_bad_rows=True)
    assert report.imported == 6
    assert report.mismatches == (Mismatch(row=2, stated=D("89.83"), computed=D("88.83")),)
    # rows 1 (0.01 off), 6 (0.02) and 5 (0.03) are within rounding; row 4 has Flavor "eight"
    assert errors_of(report) == [(4, "Flavor", "not_a_number")]


def test_the_cli_prints_issue_3s_json(cli: Cli) -> None:
    result = cli("import", "cqi", str(FIXTURE), "--skip-bad-rows", "--json")
    assert result.code == 3, result  # imported, with a row left out
    assert json.loads(result.out) == {
        "imported": 6,
        "form": "sca-2004",
        "unchanged": [],
        "mismatches": [{"row": 2, "stated": 89.83, "computed": 88.83}],
        "errors": [{"row": 4, "column": "Flavor", "reason": "not_a_number"}],
    }


def test_the_cli_text_report(cli: Cli) -> None:
    result = cli("import", "cqi", str(FIXTURE), "--skip-bad-rows")
    assert result.code == 3
    lines = result.out.splitlines()
    assert lines[0].startswith(
        f"imported 6 rows from {FIXTURE} (form sca-2004): CO-2015-001, ET-2015-001"
    )
    assert lines[1:] == [
        "row 2: stated total 89.83, computed 88.83 (the cells disagree beyond rounding;"
        " the computed total is recorded)",
        "skipped row 4, column Flavor: 'eight' is not a number",
    ]


def test_imported_rows_become_lots_samples_and_third_party_results(
    cupping: CuppingService, lots: LotService
) -> None:
    report = cupping.import_cqi(
        FIXTURE.read_bytes(), "cqi.csv", SampleType.APPROVAL, skip_bad_rows=True
    )
    colombia = lots.get_by_code(report.lot_codes[0])
    assert (colombia.name, colombia.farm, colombia.region, colombia.country) == (
        "Finca La Esperanza",
        "Finca La Esperanza",
        "Nariño",
        "CO",
    )
    assert (colombia.producer_name, colombia.process, colombia.varieties_text) == (
        "José Ñáñez Muñoz",
        "washed",
        "Caturra",
    )
    assert "Lot number: CO-77/2015" in colombia.notes
    ethiopia = lots.get_by_code(report.lot_codes[1])
    assert ethiopia.varieties == () and "Variety: Other" in ethiopia.notes
    ivory = lots.get_by_code(report.lot_codes[5])
    assert ivory.country == "" and "Country of origin: Cote d?Ivoire" in ivory.notes

    (entry,) = cupping.lot_history(colombia.id)
    assert (entry.source, entry.final, entry.held_on, entry.sample_type) == (
        "cqi",
        D("90.58"),  # the certificate's total: its rounded cells add up to 90.59
        date(2015, 4, 4),
        SampleType.APPROVAL,
    )
    assert entry.third_party and entry.form_id == "sca-2004"
    assert {m.key: m.mean for m in entry.section_means}["fragrance_aroma"] == D("8.67")
    board = cupping.open_session(entry.session_id)
    imported = board.panel(entry.sample_id).imported
    assert imported is not None
    assert (imported.stated_final, imported.affiliation) == (
        D("90.58"),
        Affiliation.INDEPENDENT_LAB,
    )
    assert imported.extras == {
        "moisture_pct": D(12),
        "category_one_defects": D(0),
        "quakers": D(0),
        "category_two_defects": D(2),
    }


def test_one_session_per_grading_date(cupping: CuppingService) -> None:
    report = cupping.import_cqi(FIXTURE.read_bytes(), "cqi.csv", skip_bad_rows=True)
    dates = sorted(o.session.held_on.isoformat() for o in cupping.sessions())
    # row 6 has no grading date: it goes under the day of the import
    assert dates == ["2015-04-04", "2015-05-12", "2015-06-01", "2026-11-27"]
    assert len(report.session_ids) == 4


def test_all_rows_go_in_one_transaction(cupping: CuppingService, database: OpenDatabase) -> None:
    seen: list[str] = []
    database.db.conn.set_trace_callback(seen.append)
    try:
        cupping.import_cqi(FIXTURE.read_bytes(), "cqi.csv", skip_bad_rows=True)
    finally:
        database.db.conn.set_trace_callback(None)
    assert seen.count("BEGIN IMMEDIATE") == 1 and seen.count("COMMIT") == 1


def test_a_failure_half_way_leaves_the_database_as_it_was(
    cupping: CuppingService, database: OpenDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = list(database.db.conn.iterdump())

    def failing(self: CuppingRepository, *args: Any) -> None:
        raise OSError("disk full")  # after the lots and samples were written

    monkeypatch.setattr(CuppingRepository, "insert_imported_many", failing)
    with pytest.raises(OSError):
        cupping.import_cqi(FIXTURE.read_bytes(), "cqi.csv", skip_bad_rows=True)
    assert list(database.db.conn.iterdump()) == before


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "csv_no_header"),
        (csv_bytes(GOOD, header=[h for h in HEADER if h != "Flavor"]), "csv_missing_columns"),
        (csv_bytes(GOOD, header=[*HEADER, "Aroma"]), "csv_duplicate_columns"),
        (b",".join([b"c"] * 500) + b"\n", "csv_too_many_columns"),
    ],
)
def test_an_unusable_file_is_refused_and_nothing_written(
    cupping: CuppingService, database: OpenDatabase, data: bytes, code: str
) -> None:
    before = list(database.db.conn.iterdump())
    with pytest.raises(CsvRefused) as caught:
        cupping.import_cqi(data, "bad.csv")
    assert caught.value.code == code
    assert list(database.db.conn.iterdump()) == before


def test_size_and_row_caps(cupping: CuppingService, monkeypatch: pytest.MonkeyPatch) -> None:
    data = csv_bytes(GOOD, GOOD, GOOD)
    monkeypatch.setattr(cqi_csv, "MAX_BYTES", len(data) - 1)
    with pytest.raises(CsvRefused, match="too_large"):
        cupping.import_cqi(data, "big.csv")
    monkeypatch.setattr(cqi_csv, "MAX_BYTES", 10**6)
    monkeypatch.setattr(cqi_csv, "MAX_ROWS", 2)
    with pytest.raises(CsvRefused, match="too_many_rows"):
        cupping.import_cqi(data, "long.csv")


def test_the_cli_refuses_an_unusable_file_with_exit_1(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = cli("import", "cqi", str(path), "--json")
    assert result.code == 1
    assert "has no header row; nothing was imported" in result.err


def test_untrusted_cells(cupping: CuppingService, lots: LotService) -> None:
    rows = [
        GOOD,  # 1
        {**GOOD, "Farm.Name": "Bad byte here"},  # 2: a byte that is not UTF-8, in a used column
        {**GOOD, "Farm.Name": "El Tres", "Owner": "Bad byte here"},  # 3: in an ignored column
        {**GOOD, "Farm.Name": "x" * 5000},  # 4: longer than any cell may be
        {**GOOD, "Farm.Name": "Finca\x00Nul"},  # 5: a control character in a name
        {**GOOD, "Aroma": "11", "Total.Cup.Points": "abc"},  # 6: out of range, not a number
        {**GOOD, "Body": "", "Cupper.Points": "NA"},  # 7: attributes missing
        {**GOOD, "Farm.Name": "Two\nlines", "Total.Cup.Points": "NA"},  # 8: a name on two lines
        {**GOOD, "Grading.Date": "someday"},  # 9
        {**GOOD, "Aroma": "8.005e0"},  # 10
    ]
    data = csv_bytes(*rows, header=[*HEADER, "Grading.Date"])
    data = data.replace(b"Bad byte here", b"Bad \xff byte")
    report = cupping.import_cqi(b"\xef\xbb\xbf" + data, "untrusted.csv", skip_bad_rows=True)
    assert errors_of(report) == [
        (2, "Farm.Name", "not_utf8"),
        (4, "Farm.Name", "too_long"),
        (5, "Farm.Name", "control_characters"),
        (6, "Aroma", "out_of_range"),
        (6, "Total.Cup.Points", "not_a_number"),
        (7, "Body", "missing"),
        (7, "Cupper.Points", "missing"),
        (8, "Farm.Name", "control_characters"),
        (9, "Grading.Date", "bad_date"),
        (10, "Aroma", "not_a_number"),
    ]
    assert report.imported == 2 and report.mismatches == ()
    assert [lots.get_by_code(code).farm for code in report.lot_codes] == [
        GOOD["Farm.Name"],
        "El Tres",
    ]


def test_a_row_the_csv_reader_cannot_parse_is_skipped_and_the_rest_imported(
    cupping: CuppingService,
) -> None:
    huge = csv_bytes(GOOD, {**GOOD, "Farm.Name": "y" * 200_000}, {**GOOD, "Farm.Name": "Alto"})
    report = cupping.import_cqi(huge, "huge.csv", skip_bad_rows=True)
    assert errors_of(report) == [(2, "", "unreadable_row")]
    assert report.imported == 2


def test_a_blank_line_is_neither_data_nor_an_error(cupping: CuppingService) -> None:
    other = csv_bytes({**GOOD, "Farm.Name": "Alto"}).split(b"\r\n", 1)[1]
    data = csv_bytes(GOOD) + b"\r\n,,,\r\n" + other
    report = cupping.import_cqi(data, "gaps.csv", skip_bad_rows=True)
    assert (report.imported, report.errors) == (2, ())


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ({"Harvest.Year": "2014/2015"}, "CO-2014-001"),
        ({"Grading.Date": "May 3rd, 2013"}, "CO-2013-001"),
        ({"Grading.Date": "2012-01-31"}, "CO-2012-001"),
        ({}, "CO-2026-001"),
    ],
)
def test_lot_codes_carry_the_harvest_year(
    cupping: CuppingService, cells: dict[str, str], code: str
) -> None:
    data = csv_bytes({**GOOD, **cells}, header=[*HEADER, "Harvest.Year", "Grading.Date"])
    assert cupping.import_cqi(data, "years.csv").lot_codes == (code,)
