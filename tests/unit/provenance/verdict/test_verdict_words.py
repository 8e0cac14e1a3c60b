"""The verdict says its evidence in words, in the CLI and on the sheet: no vocabulary code
(pre_shipment, farm_gate), no "cupper(s)"."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture
def demo(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


def test_the_assessment_words_the_score_and_the_price(demo: Cli) -> None:
    said = demo("lots", "assess", "GT-2026-004").out
    assert "(pre-shipment sample, 2026-03-30, 1 cupper, third party: yes)" in said
    assert "FOB price 8.9 USD/kg" in said
    assert "cupper(s)" not in said
    evidence = " ".join(line.split(":", 1)[1] for line in said.splitlines()[2:] if ":" in line)
    assert CODE.findall(evidence.replace("sca-2004", "")) == []


def test_a_missing_field_is_named_in_words(demo: Cli) -> None:
    said = demo("lots", "assess", "KE-2026-011").out
    assert "missing: plot" in said and "no price recorded" in said


def test_the_sheet_words_the_score_the_same_way(demo: Cli, tmp_path: Path) -> None:
    assert demo("export", "sheet", "GT-2026-004", "-o", str(tmp_path)).code == 0
    pdf = tmp_path / "GT-2026-004.pdf"
    extracted = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(extracted.split())
    assert "87.25 (Pre-shipment sample, 2026-03-30; third party: yes)" in text
    assert "pre_shipment" not in text
