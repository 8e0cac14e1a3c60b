"""Every hostile or broken location file in tests/fixtures/hostile/geo is refused through the
real command with one sentence (no traceback, no bare code) and nothing is saved."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.provenance_messages import INPUT_PROBLEMS

Cli = Callable[..., Any]
CORPUS = Path(__file__).resolve().parents[3] / "fixtures" / "hostile" / "geo"
FILES = sorted(CORPUS.iterdir())
BARE_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # too_many_positions, unsupported_type


def test_the_corpus_is_there() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_hostile_location_file_is_refused_in_words_and_nothing_is_saved(
    cli: Cli, path: Path
) -> None:
    lot = {"name": "Finca El Cedro", "country": "HN", "plot": "La Loma"}
    code = cli("lots", "add", "--json", "-", stdin=json.dumps(lot).encode()).out.strip()
    option = "--gpx" if path.suffix == ".gpx" else "--geojson"
    refused = cli("plots", "set-geometry", code, "La Loma", option, str(path))
    assert refused.code == 1, refused
    message = refused.err.strip()
    assert message.startswith("microlot-desk: ") and "Traceback" not in message
    assert not BARE_CODE.search(message.replace("microlot-desk", "")), message
    assert "Decimal(" not in message and "{" not in message.split(":", 1)[1][:3]
    shown = json.loads(cli("lots", "show", code, "--json").out)
    assert [p.get("geometry") for p in shown["plots"]] == [None]


def _raised_codes() -> set[str]:
    """Every code the location readers raise, read from their source."""
    domain = Path(__file__).resolve().parents[4] / "microlot_desk" / "domain"
    codes: set[str] = set()
    for name in ("geo_input.py", "gpx.py"):
        codes |= set(re.findall(r'GeoInputError\(\s*"([a-z_0-9]+)"', (domain / name).read_text()))
    strict = (domain / "strict_json.py").read_text()
    codes |= {f"json_{c}" for c in re.findall(r'JsonInputError\(\s*"([a-z_0-9]+)"', strict)}
    return codes


def test_every_refusal_a_location_reader_raises_has_a_sentence() -> None:
    codes = _raised_codes()
    assert {"not_geojson", "json_syntax", "gpx_no_track"} <= codes
    assert sorted(codes - set(INPUT_PROBLEMS)) == []
