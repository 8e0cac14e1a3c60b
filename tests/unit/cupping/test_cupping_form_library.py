"""The form library: built-in templates from resources/forms plus a lab's own files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.domain.cupping import score_sheet
from microlot_desk.services.common.form_library import (
    BUILTIN_FORMS_DIR,
    TemplateFileError,
    UnknownFormError,
    load_form_library,
    load_template_file,
)

BUILTIN_IDS = {
    "sca-2004",
    "cva-affective",
    "cva-descriptive",
    "green-grading",
    "cup-of-excellence",
    "fine-robusta",
}


def lab_form(version: object = 1, **changes: Any) -> dict[str, Any]:
    """A lab's own form: three attributes scored 1-5 in halves, a house formula."""
    form: dict[str, Any] = {
        "format": 1,
        "id": "lab-quick-screen",
        "name": "Quick screening form",
        "version": version,
        "cups": 3,
        "sections": [
            {"key": "aroma", "label": "Aroma", "kind": "score", "min": 1, "max": 5, "step": 0.5},
            {"key": "cleanliness", "label": "Clean", "kind": "cups", "points_per_cup": "1"},
            {
                "key": "body",
                "label": "Body",
                "kind": "score",
                "min": "1",
                "max": "5",
                "step": "0.5",
            },
        ],
        "cup_fields": [{"key": "off_cups", "label": "Off cups", "marks": "flag"}],
        "formula": {
            "type": "linear",
            "sum_of": ["aroma", "cleanliness", "body"],
            "multiplier": "7.5",
            "offset": "25",
            "penalties": {"off_cups": "2.5"},
            "round_to": "0.5",
            "rounding": "floor",
        },
        "bands": [{"code": "buy", "min": 80}, {"code": "pass"}],
    }
    form.update(changes)
    return form


def write(directory: Path, name: str, content: object) -> Path:
    path = directory / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def test_built_in_forms_load() -> None:
    library = load_form_library()
    assert set(library.ids()) == BUILTIN_IDS
    assert all(entry.builtin for entry in library.entries)
    assert BUILTIN_FORMS_DIR.name == "forms" and BUILTIN_FORMS_DIR.parent.name == "resources"


def test_lab_template_in_a_directory_is_loaded_and_scores(tmp_path: Path) -> None:
    write(tmp_path, "quick.json", lab_form())
    write(tmp_path, "notes.txt", "not a template")
    library = load_form_library(tmp_path)
    assert set(library.ids()) == BUILTIN_IDS | {"lab-quick-screen"}
    form = library.get("lab-quick-screen")
    values = {"aroma": "4.5", "cleanliness": 3, "body": "3.5", "off_cups": 1}
    result = score_sheet(form, values)
    # 7.5 x (4.5 + 3 + 3.5) + 25 - 2.5 = 105; floor to a half is 105.0
    assert result.final == Decimal("105.0")
    values["aroma"] = "1"  # 7.5 x 7.5 + 25 - 2.5 = 78.75, floored to 78.5
    result = score_sheet(form, values)
    assert (result.final, result.band) == (Decimal("78.5"), "pass")
    entry = next(e for e in library.entries if e.template.id == "lab-quick-screen")
    assert (entry.file, entry.builtin) == (tmp_path / "quick.json", False)


def test_versions_are_kept_apart(tmp_path: Path) -> None:
    write(tmp_path, "quick-v1.json", lab_form(1))
    write(tmp_path, "quick-v2.json", lab_form(2, name="Quick screening form, revised"))
    library = load_form_library(tmp_path)
    assert library.get("lab-quick-screen").version == 2
    assert library.get("lab-quick-screen", 1).name == "Quick screening form"
    with pytest.raises(UnknownFormError):
        library.get("lab-quick-screen", 3)
    with pytest.raises(UnknownFormError):
        library.get("sca-2005")


@pytest.mark.parametrize(
    ("content", "reason", "path"),
    [
        ("{", "syntax", ""),
        ('{"format": 1, "format": 1}', "duplicate_key", ""),
        ('{"x": NaN}', "not_a_number", ""),
        ("[]", "not_an_object", ""),
        (lab_form(colour="red"), "unknown_key", "colour"),
        (lab_form(formula={"type": "linear", "sum_of": ["aroma", "flavor"]}), "unknown_section",
         "formula.sum_of[1]"),
        (lab_form(id="sca-2004"), "duplicate_id", "id"),
    ],
)  # fmt: skip
def test_a_malformed_lab_template_names_the_file_and_the_reason(
    tmp_path: Path, content: object, reason: str, path: str
) -> None:
    bad = write(tmp_path, "bad.json", content)
    with pytest.raises(TemplateFileError) as caught:
        load_form_library(tmp_path)
    assert (caught.value.file, caught.value.reason, caught.value.path) == (bad, reason, path)


def test_two_lab_files_with_one_id_and_version(tmp_path: Path) -> None:
    write(tmp_path, "a.json", lab_form())
    second = write(tmp_path, "b.json", lab_form())
    with pytest.raises(TemplateFileError) as caught:
        load_form_library(tmp_path)
    assert (caught.value.file, caught.value.reason) == (second, "duplicate_id")


def test_bad_lab_files_can_be_skipped_and_reported(tmp_path: Path) -> None:
    write(tmp_path, "good.json", lab_form())
    bad = write(tmp_path, "bad.json", lab_form(version="two"))
    library = load_form_library(tmp_path, skip_bad_lab_files=True)
    assert "lab-quick-screen" in library.ids()
    assert [(e.file, e.reason, e.path) for e in library.rejected] == [
        (bad, "wrong_type", "version")
    ]


def test_oversized_template_is_refused(tmp_path: Path) -> None:
    big = write(tmp_path, "big.json", lab_form(description="x" * (1024 * 1024)))
    with pytest.raises(TemplateFileError) as caught:
        load_template_file(big)
    assert (caught.value.file, caught.value.reason) == (big, "too_large")


def test_missing_lab_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TemplateFileError) as caught:
        load_form_library(tmp_path / "absent")
    assert (caught.value.file, caught.value.reason) == (tmp_path / "absent", "unreadable")
