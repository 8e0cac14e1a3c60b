"""`forms list|check`: a lab's own form is listed beside the built-in ones, and a malformed
file is named with the reason instead of vanishing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

BUILT_IN = Path(__file__).resolve().parents[3] / "resources" / "forms"


def _lab_form(data_dir: Path) -> Path:
    folder = data_dir / "forms"
    folder.mkdir()
    template = json.loads((BUILT_IN / "sca-2004.json").read_text(encoding="utf-8"))
    template["id"], template["name"] = "lab-2004", "Our lab's 2004 form"
    path = folder / "lab-2004.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    return path


def test_a_lab_form_is_listed_with_the_built_in_ones(
    cli: Callable[..., Any], data_dir: Path
) -> None:
    _lab_form(data_dir)
    listed = cli("forms", "list", "--json")
    assert listed.code == 0
    forms = json.loads(listed.out)["forms"]
    ids = {form["id"]: form["builtin"] for form in forms}
    assert ids["sca-2004"] is True and ids["cva-affective"] is True
    assert ids["lab-2004"] is False


def test_a_malformed_lab_file_is_named_with_its_reason(
    cli: Callable[..., Any], data_dir: Path
) -> None:
    _lab_form(data_dir)
    (data_dir / "forms" / "broken.json").write_text('{"format": 1, "id": "x",}', "utf-8")
    listed = cli("forms", "list", "--json")
    assert listed.code == 1
    report = json.loads(listed.out)
    assert [form["id"] for form in report["forms"] if not form["builtin"]] == ["lab-2004"]
    assert [Path(p["file"]).name for p in report["refused"]] == ["broken.json"]
    assert report["refused"][0]["reason"] == "syntax"


def test_check_says_ok_or_why_not(cli: Callable[..., Any], data_dir: Path) -> None:
    good = _lab_form(data_dir)
    assert cli("forms", "check", str(good)).out.startswith("ok: lab-2004 v1")
    bad = data_dir / "bad.json"
    bad.write_text('{"format": 1, "id": "bad"}', "utf-8")
    checked = cli("forms", "check", str(bad))
    assert checked.code == 1
    assert "bad.json" in checked.err and 'the member "name" is missing' in checked.err
