"""Names that lie and lists nobody types: a right-to-left override or a line break in a lot,
farm or evidence file name is refused with the field and the reason, every real script is kept,
and a list a person gives (varieties, cuppers) is bounded with a message naming the limit.
Through the real command; nothing is saved when a value is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.domain.field_parsing import MAX_LIST_ITEMS

Cli = Callable[..., Any]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def add(cli: Cli, lot: dict[str, Any]) -> Any:
    return cli("lots", "add", "--json", "-", stdin=json.dumps(lot).encode())


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", "Finca \u202egpj.exe", "bidi control"),
        ("farm", "El Mirador\u2066", "bidi control"),
        ("producer", "Ana\u200fRíos", "bidi control"),
        ("name", "Finca\nEl Mirador", "line break"),
        ("region", "Huila\u2028Acevedo", "line break"),
        ("farm", "La Loma\x07", "control character"),
    ],
)
def test_a_name_that_could_show_differently_is_refused_naming_the_field(
    cli: Cli, count_lots: Callable[[], int], field: str, value: str, reason: str
) -> None:
    lot = {"name": "Finca El Mirador", "country": "CO", field: value}
    refused = add(cli, lot)
    assert refused.code == 1
    assert f"({field})" in refused.err and reason in refused.err
    assert "Traceback" not in refused.err
    assert count_lots() == 0


@pytest.mark.parametrize(
    "name",
    [
        "ቡና አምራቾች ማህበር",  # Ethiopic
        "李明华 小批次",  # Chinese
        "مزرعة الحيمة",  # Arabic
        "کشاورز\u200cزاده",  # Persian with the zero-width non-joiner it needs
        "क्\u200dष कॉफ़ी",  # Devanagari with a zero-width joiner
        "José Ñáñez Muñoz",
    ],
)
def test_every_real_script_is_kept_exactly(cli: Cli, name: str) -> None:
    added = add(cli, {"name": name, "farm": name, "country": "ET"})
    assert added.code == 0, added
    shown = json.loads(cli("lots", "show", added.out.strip(), "--json").out)
    assert (shown["name"], shown["farm"]) == (name, name)


def test_a_note_keeps_its_line_breaks_but_not_a_bidi_override(cli: Cli) -> None:
    kept = add(cli, {"name": "Finca", "country": "CO", "notes": "line one\nline two\ttab"})
    assert kept.code == 0, kept
    refused = add(cli, {"name": "Finca", "country": "CO", "notes": "paid \u202e0001 USD"})
    assert refused.code == 1 and "(notes)" in refused.err


def test_varieties_are_bounded_with_the_limit_in_the_message(
    cli: Cli, count_lots: Callable[[], int]
) -> None:
    too_many = [f"Variety {n}" for n in range(MAX_LIST_ITEMS + 1)]
    refused = add(cli, {"name": "Finca", "country": "CO", "varieties": too_many})
    assert refused.code == 1
    assert "(varieties)" in refused.err
    assert f"lists {MAX_LIST_ITEMS + 1} entries; at most {MAX_LIST_ITEMS} are accepted" in (
        refused.err
    )
    assert count_lots() == 0
    enough = [f"Variety {n}" for n in range(MAX_LIST_ITEMS)]
    assert add(cli, {"name": "Finca", "country": "CO", "varieties": enough}).code == 0


def test_an_evidence_file_whose_name_reverses_its_extension_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    code = add(cli, {"name": "Finca", "country": "CO"}).out.strip()
    hostile = tmp_path / "drying beds \u202egnp.exe"
    hostile.write_bytes(PNG)
    refused = cli("evidence", "add", code, str(hostile), "--kind", "photo")
    assert refused.code == 1
    assert "bidi control" in refused.err and "Traceback" not in refused.err
    listed = cli("evidence", "list", code)
    assert "gnp.exe" not in listed.out
