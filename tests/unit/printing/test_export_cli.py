"""`microlot-desk export sheet|labels|blank-form` as a user types them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_probe import pypdf_text

CliRun = Callable[..., object]


@pytest.fixture
def demo_cli(cli: CliRun) -> CliRun:
    assert cli("demo").code == 0  # type: ignore[attr-defined]
    return cli


def test_sheet_writes_one_pdf_per_code(demo_cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "sheets"
    result = demo_cli(
        "export", "sheet", "CO-2026-014", "CN-2026-002", "-o", str(out), "--paper", "letter"
    )
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert sorted(p.name for p in out.iterdir()) == ["CN-2026-002.pdf", "CO-2026-014.pdf"]
    assert result.out.split() == [str(out / "CO-2026-014.pdf"), str(out / "CN-2026-002.pdf")]  # type: ignore[attr-defined]
    assert "李明华" in pypdf_text((out / "CN-2026-002.pdf").read_bytes())


def test_sheets_on_two_worker_processes_are_listed_in_the_order_given(
    demo_cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microlot_desk.services.printing import batch_export

    monkeypatch.setattr(batch_export, "PROCESSES_FROM", 1)  # even three lots go to processes
    out = tmp_path / "sheets"
    codes = ["ET-2026-003", "CO-2026-014", "CN-2026-002"]
    result = demo_cli("export", "sheet", *codes, "-o", str(out), "--workers", "2")
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert result.out.split() == [str(out / f"{code}.pdf") for code in codes]  # type: ignore[attr-defined]
    assert "ኮንጋ የቡና አምራቾች ማህበር" in pypdf_text((out / "ET-2026-003.pdf").read_bytes())


@pytest.mark.parametrize("workers", ["0", "17", "two"])
def test_workers_outside_1_to_16_is_a_usage_error(
    demo_cli: CliRun, tmp_path: Path, workers: str
) -> None:
    out = tmp_path / "sheets"
    with pytest.raises(SystemExit) as raised:
        demo_cli("export", "sheet", "CO-2026-014", "-o", str(out), "--workers", workers)
    assert raised.value.code == 2
    assert not out.exists()


def test_unknown_code_is_named_and_nothing_is_written(demo_cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "sheets"
    result = demo_cli("export", "sheet", "CO-2026-014", "ZZ-0000-000", "-o", str(out))
    assert result.code == 1  # type: ignore[attr-defined]
    assert "ZZ-0000-000" in result.err  # type: ignore[attr-defined]
    assert not out.exists()


def test_a_language_without_translation_is_refused_listing_the_available(
    demo_cli: CliRun, tmp_path: Path
) -> None:
    out = tmp_path / "sheets"
    result = demo_cli("export", "sheet", "CO-2026-014", "-o", str(out), "--lang", "es")
    assert result.code == 1  # type: ignore[attr-defined]
    assert "'es'" in result.err and "Available: en" in result.err  # type: ignore[attr-defined]
    assert not out.exists()


def test_wrong_paper_is_a_usage_error(demo_cli: CliRun, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        demo_cli("export", "sheet", "CO-2026-014", "-o", str(tmp_path), "--paper", "a3")
    assert raised.value.code == 2


def test_blank_form_for_every_template_and_an_unknown_one(cli: CliRun, tmp_path: Path) -> None:
    for form in (
        "sca-2004",
        "cva-affective",
        "cva-descriptive",
        "cup-of-excellence",
        "fine-robusta",
        "green-grading",
    ):
        target = tmp_path / f"{form}.pdf"
        result = cli("export", "blank-form", form, "-o", str(target))
        assert result.code == 0 and target.read_bytes().startswith(b"%PDF")  # type: ignore[attr-defined]
    result = cli("export", "blank-form", "nope", "-o", str(tmp_path / "nope.pdf"))
    assert result.code == 1 and "sca-2004" in result.err  # type: ignore[attr-defined]
    assert not (tmp_path / "nope.pdf").exists()


def test_labels_with_copies_and_skip(demo_cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "labels.pdf"
    result = demo_cli(
        "export",
        "labels",
        "ET-2026-003",
        "PA-2026-007",
        "-o",
        str(target),
        "--sheet",
        "letter-3x10",
        "--copies",
        "3",
        "--skip",
        "2",
    )
    assert result.code == 0, result  # type: ignore[attr-defined]
    text = pypdf_text(target.read_bytes())
    assert text.count("ET-2026-003") == 3 and text.count("PA-2026-007") == 3
    assert "አበበ" not in text and "ኮንጋ የቡና አምራቾች ማህበር" in text
    too_far = demo_cli("export", "labels", "ET-2026-003", "-o", str(target), "--skip", "25")
    assert too_far.code == 2  # type: ignore[attr-defined]


def test_a_sheet_names_the_station_and_key_that_printed_it(
    demo_cli: CliRun, tmp_path: Path, data_dir: Path
) -> None:
    from pdf_probe import squeeze

    from microlot_desk.domain.fingerprints import fingerprint
    from microlot_desk.storage.station_key import key_path, load_key, public_bytes

    demo_cli("settings", "set", "station_name", "Beneficio Kochere")
    out = tmp_path / "sheets"
    assert demo_cli("export", "sheet", "CO-2026-014", "-o", str(out)).code == 0  # type: ignore[attr-defined]
    mine = fingerprint(public_bytes(load_key(key_path(data_dir))))
    text = squeeze(pypdf_text((out / "CO-2026-014.pdf").read_bytes()))
    assert squeeze(f"at Beneficio Kochere, station key {mine}") in text
