"""Every broken or hostile table and sheet of tests/fixtures/hostile/documents (made by
make_hostile_documents.py) is refused by `import xlsx` and `verify sheet` with a sentence
naming the file, never a traceback, and nothing is written."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from stations import Station

HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"
DOCUMENTS = HOSTILE / "documents"
Cli = Callable[..., Any]


def test_the_documents_are_what_their_script_makes(tmp_path: Path) -> None:
    script = HOSTILE / "make_hostile_documents.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, timeout=120)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in DOCUMENTS.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (DOCUMENTS / name).read_bytes(), name


@pytest.mark.parametrize("table", sorted(DOCUMENTS.glob("*.xlsx")), ids=lambda p: p.stem)
def test_a_hostile_table_is_refused_in_words(cli: Cli, tmp_path: Path, table: Path) -> None:
    station = Station(cli, tmp_path / "s", "Roastery Oslo")
    before = station.file_bytes()
    shown = station.run("import", "xlsx", str(table))
    if table.stem == "entity_expansion":  # expanded within bounds: a header and no rows
        assert shown.code == 0 and "0 row(s)" in shown.out
    else:
        assert shown.code == 1, shown
        assert shown.err.startswith(f"microlot-desk: {table}: "), shown.err
    assert "Traceback" not in shown.err
    assert station.file_bytes() == before


@pytest.mark.parametrize("sheet", sorted(DOCUMENTS.glob("*.pdf")), ids=lambda p: p.stem)
def test_a_hostile_sheet_is_refused_in_words(cli: Cli, tmp_path: Path, sheet: Path) -> None:
    station = Station(cli, tmp_path / "s", "Roastery Oslo")
    shown = station.run("verify", "sheet", str(sheet))
    assert shown.code == 1, shown
    assert shown.err.startswith(f"microlot-desk: {sheet}: "), shown.err
    assert shown.err.count("\n") == 1  # one sentence, nothing logged around it
