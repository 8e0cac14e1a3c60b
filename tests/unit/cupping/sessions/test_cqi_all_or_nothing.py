"""`import cqi` does what it says: by default a file with a row that cannot be imported writes
nothing, names every such row and exits 1; `--skip-bad-rows` imports the others, names the ones
left out and exits 3. A file saved as UTF-16 (Excel's "Unicode text": tab-separated) or with
semicolons and decimal commas imports like the comma-separated UTF-8 one. Rows are read and
written as the file is read: memory does not grow with the rows beyond the file itself, and
progress is told (and a cancel leaves nothing)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fixtures.make_cqi_files import arabica
from peak_memory import run_measured

from microlot_desk.services.common.progress import Cancelled, Progress
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.storage.database import OpenDatabase

Cli = Callable[..., Any]
FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "cqi_panel_results.csv"
CONSOLE_SCRIPT = Path(sys.executable).with_name("microlot-desk")


def written_rows(database: OpenDatabase) -> dict[str, int]:
    tables = ("lots", "cupping_sessions", "cupping_samples", "imported_results", "import_keys")
    return {t: database.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_a_bad_row_keeps_the_whole_file_out_and_every_bad_row_is_named(
    cli: Cli, count_lots: Callable[[], int]
) -> None:
    refused = cli("import", "cqi", str(FIXTURE))
    assert refused.code == 1
    assert refused.out.splitlines() == [
        "cannot import row 4, column Flavor: 'eight' is not a number"
    ]
    assert f"{FIXTURE}: the rows listed cannot be imported, so nothing was imported" in refused.err
    assert "--skip-bad-rows" in refused.err and "Traceback" not in refused.err
    assert count_lots() == 0


def test_the_json_of_a_file_kept_out_names_the_rows_and_the_reason(
    cli: Cli, count_lots: Callable[[], int]
) -> None:
    refused = cli("import", "cqi", str(FIXTURE), "--json")
    assert refused.code == 1
    report = json.loads(refused.out)
    assert report["imported"] == 0 and report["mismatches"] == []
    assert report["errors"] == [{"row": 4, "column": "Flavor", "reason": "not_a_number"}]
    assert report["refused"]["reason"] == "csv_bad_rows"
    assert "--skip-bad-rows" in report["refused"]["message"]
    assert count_lots() == 0


def test_skipping_bad_rows_imports_the_others_with_its_own_exit_status(
    cli: Cli, count_lots: Callable[[], int]
) -> None:
    skipped = cli("import", "cqi", str(FIXTURE), "--skip-bad-rows")
    assert skipped.code == 3
    assert "skipped row 4, column Flavor: 'eight' is not a number" in skipped.out
    assert count_lots() == 6
    again = cli("import", "cqi", str(FIXTURE))  # the good rows are in: only row 4 is left
    assert again.code == 1 and count_lots() == 6


def test_a_clean_file_imports_with_status_0(cli: Cli, tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    lines = FIXTURE.read_text(encoding="utf-8-sig").splitlines()
    clean.write_text("\n".join(line for n, line in enumerate(lines) if n != 4) + "\n")
    done = cli("import", "cqi", str(clean))
    assert done.code == 0, done
    assert done.out.startswith(f"imported 6 rows from {clean}")


def test_a_file_of_bad_rows_only_is_refused_even_when_skipping(cli: Cli, tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8-sig").splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{lines[0]}\n{lines[4]}\n", encoding="utf-8")
    assert cli("import", "cqi", str(bad), "--skip-bad-rows").code == 1


def test_help_says_what_the_option_and_the_statuses_are(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli("import", "cqi", "--help")
    shown = " ".join(capsys.readouterr().out.split())
    assert "--skip-bad-rows" in shown
    assert "exit status 3" in shown and "imports nothing (exit status 1)" in shown


def spreadsheet_saves(tmp_path: Path) -> dict[str, Path]:
    """The fixture as spreadsheets save it: UTF-16 with a BOM and tabs ("Unicode text"),
    UTF-16 big-endian without a BOM, and semicolons with decimal commas."""
    text = FIXTURE.read_text(encoding="utf-8-sig")
    rows = list(__import__("csv").reader(text.splitlines()))
    tabbed = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    semicolons = "\r\n".join(
        ";".join(
            cell.replace(".", ",") if cell.replace(".", "").isdigit() and "." in cell else cell
            for cell in row
        )
        for row in rows
    )
    saved = {
        "utf-16 tabs": tmp_path / "unicode.txt",
        "utf-16-be, no BOM": tmp_path / "be.csv",
        "semicolons": tmp_path / "semicolons.csv",
    }
    saved["utf-16 tabs"].write_bytes(tabbed.encode("utf-16"))
    saved["utf-16-be, no BOM"].write_bytes(text.encode("utf-16-be"))
    saved["semicolons"].write_bytes(semicolons.encode("utf-8"))
    return saved


@pytest.mark.parametrize("kind", ["utf-16 tabs", "utf-16-be, no BOM", "semicolons"])
def test_a_spreadsheets_own_save_imports_like_the_csv(
    cli: Cli, tmp_path: Path, data_dir: Path, kind: str
) -> None:
    expected = cli("import", "cqi", str(FIXTURE), "--skip-bad-rows", "--json", data=tmp_path / "d")
    path = spreadsheet_saves(tmp_path)[kind]
    result = cli("import", "cqi", str(path), "--skip-bad-rows", "--json")
    assert result.code == 3, result
    assert json.loads(result.out) == json.loads(expected.out)
    shown = cli("lots", "list")
    assert "José Ñáñez Muñoz" in shown.out or "Finca La Esperanza" in shown.out


def test_a_utf16_file_cut_short_is_named_as_such(cli: Cli, tmp_path: Path) -> None:
    data = FIXTURE.read_text(encoding="utf-8-sig").encode("utf-16")
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[:-1])
    refused = cli("import", "cqi", str(cut))
    assert refused.code == 1
    assert "is a UTF-16 file that breaks off at byte" in refused.err
    assert "Traceback" not in refused.err


def test_progress_is_told_and_a_cancel_leaves_nothing(
    cupping: CuppingService, database: OpenDatabase
) -> None:
    made = arabica(1501)
    heard: list[tuple[int, int]] = []
    before = written_rows(database)
    report = cupping.import_cqi(
        made.data, "a.csv", skip_bad_rows=True, progress=Progress(lambda d, t: heard.append((d, t)))
    )
    assert report.imported == 1500
    assert [done for done, _ in heard] == [500, 1000, 1500]
    assert all(total >= done for done, total in heard)

    other = arabica(1201, seed=7)
    cancel = Progress()

    def stop_at_first(done: int, total: int) -> None:
        cancel.cancel.set()

    cancel.report = stop_at_first
    after_first = written_rows(database)
    with pytest.raises(Cancelled):
        cupping.import_cqi(other.data, "b.csv", skip_bad_rows=True, progress=cancel)
    assert written_rows(database) == after_first != before


def peak_kb_of_import(path: Path, data_dir: Path) -> int:
    argv = [str(CONSOLE_SCRIPT), "--data-dir", str(data_dir), "import", "cqi", str(path)]
    argv.append("--skip-bad-rows")
    measured = run_measured(argv)
    assert measured.returncode == 3, measured.stderr  # the generated file's all-zero last row
    return measured.peak_kb


@pytest.mark.slow
def test_memory_does_not_grow_with_the_rows_beyond_the_file(tmp_path: Path) -> None:
    """The issue's 99,000-row file reached 700 MB (some 7 kB a row). Rows are let go a chunk
    at a time now: what grows is the file itself and a code per row for the report."""
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(arabica(2001).data)
    large.write_bytes(arabica(20001).data)
    small_kb = peak_kb_of_import(small, tmp_path / "a")
    large_kb = peak_kb_of_import(large, tmp_path / "b")
    per_row = (large_kb - small_kb) * 1024 / 18000
    print(f"peak {small_kb} kB at 2,000 rows, {large_kb} kB at 20,000: {per_row:.0f} B a row")
    assert per_row < 2048, f"{small_kb} kB -> {large_kb} kB: {per_row:.0f} bytes a row"
