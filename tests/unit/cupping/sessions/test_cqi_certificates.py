"""`import cqi` on files shaped like the public CQI certificate data (tests/fixtures/
make_cqi_files.py): the certificate's stated total is the recorded final wherever the printed
cells agree with it within two-decimal rounding, only real disagreements are flagged, the
all-zero row is refused, a second import changes nothing, the robusta file lands on the Fine
Robusta form, and the header's spelling does not matter."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fixtures.make_cqi_files import ARABICA_ATTRIBUTES, ROW_47, Made, arabica, robusta

from microlot_desk.domain.verdict import HallmarkName
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.verdict_service import VerdictService
from microlot_desk.storage.database import OpenDatabase

Cli = Callable[..., Any]
D = Decimal


@pytest.fixture(scope="module")
def public_arabica() -> Made:
    return arabica()


@pytest.fixture(scope="module")
def public_robusta() -> Made:
    return robusta()


def stored_results(database: OpenDatabase) -> dict[int, tuple[Decimal, Decimal | None]]:
    """Each imported row's recorded final and stated total, by its row in the file."""
    rows = database.conn.execute(
        "SELECT source_row, final, stated_final FROM imported_results"
    ).fetchall()
    return {row[0]: (D(row[1]), D(row[2]) if row[2] else None) for row in rows}


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_the_stated_total_is_recorded_where_the_cells_agree_within_rounding(
    cupping: CuppingService, database: OpenDatabase, public_arabica: Made
) -> None:
    assert len(public_arabica.drifting) > public_arabica.rows // 3  # the public file's property
    report = cupping.import_cqi(public_arabica.data, "arabica.csv", skip_bad_rows=True)
    assert report.imported == public_arabica.rows - 1
    stored = stored_results(database)
    for row in public_arabica.drifting:
        final, stated = stored[row]
        assert final == stated, row
    assert {m.row for m in report.mismatches} == public_arabica.mismatched
    for mismatch in report.mismatches:  # both numbers kept, the cells' sum recorded
        assert stored[mismatch.row] == (mismatch.computed, mismatch.stated)
        assert abs(mismatch.stated - mismatch.computed) > D("0.05")


def test_row_47_keeps_86_and_passes_the_score_hallmark(
    cupping: CuppingService, lots: LotService, public_arabica: Made
) -> None:
    report = cupping.import_cqi(public_arabica.data, "arabica.csv", skip_bad_rows=True)
    lot = lots.get_by_code(report.lot_codes[ROW_47 - 1])
    assert lot.country == "UG"
    (entry,) = cupping.lot_history(lot.id)
    assert entry.final == D("86.00")
    assert sum((D(v) for v in entry_cells(public_arabica, ROW_47)), D(0)) == D("85.99")
    verdict = VerdictService(lots).assess(lot.id)
    score = next(h for h in verdict.hallmarks if h.name is HallmarkName.SCORE)
    assert score.status == "met"


def file_rows(made: Made) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(made.data.decode())))


def entry_cells(made: Made, row: int) -> list[str]:
    return [file_rows(made)[row - 1][name] for name in ARABICA_ATTRIBUTES]


def test_the_all_zero_row_is_refused_with_its_reason(
    cupping: CuppingService, database: OpenDatabase, public_arabica: Made
) -> None:
    report = cupping.import_cqi(public_arabica.data, "arabica.csv", skip_bad_rows=True)
    (zero,) = public_arabica.zero_rows
    assert [(e.row, e.reason) for e in report.errors] == [(zero, "all_attributes_zero")]
    assert zero not in stored_results(database)


def test_the_stored_verdicts_are_the_ones_a_lot_is_judged_by(
    cupping: CuppingService, lots: LotService, database: OpenDatabase, public_arabica: Made
) -> None:
    """The import computes verdicts in one pass; each must equal a lot's own assessment."""
    report = cupping.import_cqi(public_arabica.data, "arabica.csv", skip_bad_rows=True)
    verdicts = VerdictService(lots)
    for code in report.lot_codes[::97]:
        lot = lots.get_by_code(code)
        stored = database.conn.execute(
            "SELECT verdict, verdict_met FROM lot_list WHERE lot_id = ?", [lot.id]
        ).fetchone()
        judged = verdicts.assess(lot.id)
        assert tuple(stored) == (judged.overall.value, judged.met_count), code


def test_a_second_import_of_the_same_file_changes_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path, public_arabica: Made
) -> None:
    path = tmp_path / "arabica.csv"
    path.write_bytes(public_arabica.data)
    first = cli("import", "cqi", str(path), "--skip-bad-rows", "--json")
    assert first.code == 3, first  # the public file's all-zero row is left out
    before = counts(data_dir / "microlot.sqlite")
    with sqlite3.connect(data_dir / "microlot.sqlite") as conn:
        dump = list(conn.iterdump())
    second = cli("import", "cqi", str(path), "--skip-bad-rows", "--json")
    assert second.code == 3, second
    report = json.loads(second.out)
    assert report["imported"] == 0 and report["mismatches"] == []
    assert len(report["unchanged"]) == public_arabica.rows - 1
    assert counts(data_dir / "microlot.sqlite") == before
    with sqlite3.connect(data_dir / "microlot.sqlite") as conn:
        assert list(conn.iterdump()) == dump
    assert before["lots"] == public_arabica.rows - 1


def test_a_row_already_imported_under_its_lot_number_and_date_is_unchanged(
    cupping: CuppingService, public_arabica: Made
) -> None:
    """The same certificate line with a corrected cell is the same graded lot, not a new one."""
    lines = public_arabica.data.decode().splitlines()
    rows = file_rows(public_arabica)
    first = cupping.import_cqi("\n".join(lines[:21]).encode(), "first.csv")
    assert first.imported == 20
    row = next(n for n in range(1, 21) if "/" in rows[n - 1]["Lot.Number"])
    corrected = lines[row].replace(",beneficio central,", ",beneficio nuevo,")
    assert corrected != lines[row]
    again = cupping.import_cqi(f"{lines[0]}\n{corrected}\n".encode(), "corrected.csv")
    assert (again.imported, again.unchanged) == (0, (1,))


def test_the_robusta_file_lands_on_the_fine_robusta_form(
    cupping: CuppingService, lots: LotService, public_robusta: Made
) -> None:
    report = cupping.import_cqi(public_robusta.data, "robusta.csv", skip_bad_rows=True)
    assert (report.imported, report.errors, report.form_id) == (
        public_robusta.rows,
        (),
        "fine-robusta",
    )
    assert {o.session.form_id for o in cupping.sessions()} == {"fine-robusta"}
    (entry,) = cupping.lot_history(lots.get_by_code(report.lot_codes[0]).id)
    assert entry.form_id == "fine-robusta"
    assert {m.key for m in entry.section_means} >= {"salt_acid", "bitter_sweet", "body"}
    cells = file_rows(public_robusta)[0]
    means = {m.key: m.mean for m in entry.section_means}
    assert (means["salt_acid"], means["body"]) == (D(cells["Salt...Acid"]), D(cells["Mouthfeel"]))


def respelled(data: bytes, spell: Callable[[str], str]) -> bytes:
    header, rest = data.split(b"\n", 1)
    names = header.decode().split(",")
    return ",".join(spell(name) for name in names).encode() + b"\n" + rest


@pytest.mark.parametrize(
    "spell",
    [
        lambda name: name.replace(".", " "),  # the certificate's "Clean Cup", "Cupper Points"
        lambda name: name.replace(".", "_").lower(),  # a script's clean_cup, cupper_points
    ],
    ids=["spaces", "snake_case"],
)
def test_header_spellings_are_the_same_columns(
    cupping: CuppingService,
    database: OpenDatabase,
    public_arabica: Made,
    spell: Callable[[str], str],
) -> None:
    small = b"\n".join(public_arabica.data.split(b"\n")[:60]) + b"\n"
    report = cupping.import_cqi(respelled(small, spell), "respelled.csv")
    assert (report.imported, report.errors, report.form_id) == (59, (), "sca-2004")
    assert stored_results(database)[ROW_47][0] == D("86.00")
    again = cupping.import_cqi(small, "dotted.csv")  # the same rows under the R spelling
    assert (again.imported, len(again.unchanged)) == (0, 59)


def test_json_is_printed_for_a_refused_file_too(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "no-scores.csv"
    path.write_bytes(b"Country.of.Origin,Farm.Name\nColombia,La Loma\n")
    result = cli("import", "cqi", str(path), "--json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["imported"] == 0 and report["refused"]["reason"] == "csv_missing_columns"
    assert "Aroma" in report["refused"]["message"]
    assert "nothing was imported" in result.err
    missing = cli("import", "cqi", str(tmp_path / "absent.csv"), "--json")
    assert missing.code == 1 and json.loads(missing.out)["refused"]["reason"]


def test_the_text_report_names_the_all_zero_row(
    cli: Cli, tmp_path: Path, public_arabica: Made
) -> None:
    path = tmp_path / "arabica.csv"
    path.write_bytes(public_arabica.data)
    result = cli("import", "cqi", str(path), "--skip-bad-rows")
    (zero,) = public_arabica.zero_rows
    assert f"skipped row {zero}: every attribute is 0" in result.out
    again = cli("import", "cqi", str(path), "--skip-bad-rows")
    assert f"unchanged {public_arabica.rows - 1} rows (imported before)" in again.out


def test_a_file_on_standard_input_is_named_as_such(cli: Cli, public_robusta: Made) -> None:
    refused = cli("import", "cqi", "-", "--json", stdin=b"Aroma,Flavor\n8,8\n")
    assert refused.code == 1
    assert json.loads(refused.out)["refused"]["message"].startswith("standard input lacks")
    head = b"\n".join(public_robusta.data.split(b"\n")[:3]) + b"\n"
    result = cli("import", "cqi", "-", stdin=head)
    assert result.code == 0
    assert result.out.startswith("imported 2 rows from standard input (form fine-robusta)")
