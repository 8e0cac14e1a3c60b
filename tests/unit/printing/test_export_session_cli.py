"""`microlot-desk export session ID` and `export labels --session ID` as a user types them (run
in-process through cli.main): by id or a unique prefix, A4 or Letter, blind codes only while a
blind session is not revealed, and nothing written when the session cannot be found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_probe import pdftotext, pypdf_text, squeeze
from pypdf import PdfReader
from session_samples import Session, build

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase

CliRun = Callable[..., object]


@pytest.fixture
def blind(lots: LotService, database: OpenDatabase) -> Session:
    made = build(lots, CuppingService(database), blind=True)
    database.close()  # as the app would be: the CLI opens the file itself
    return made


def out_file(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    return folder / name


def test_export_session_by_prefix_on_letter(cli: CliRun, blind: Session, tmp_path: Path) -> None:
    target = out_file(tmp_path, "report.pdf")
    result = cli("export", "session", blind.id[:8], "-o", str(target), "--paper", "letter")
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert result.out.split() == [str(target)]  # type: ignore[attr-defined]
    pdf = target.read_bytes()
    box = PdfReader(target).pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612.0, 792.0)
    text = squeeze(pdftotext(pdf))
    assert all(f"Sample{code}" in text for code in blind.blind_codes)
    assert not any(code in text for code in blind.lot_codes)


def test_an_unknown_or_too_short_id_writes_nothing(
    cli: CliRun, blind: Session, tmp_path: Path
) -> None:
    target = out_file(tmp_path, "report.pdf")
    for wrong in ("ffffffff", blind.id[:3]):
        result = cli("export", "session", wrong, "-o", str(target))
        assert result.code == 1, result  # type: ignore[attr-defined]
        assert f"No session '{wrong}' was found." in result.err  # type: ignore[attr-defined]
    assert list(target.parent.iterdir()) == []


def test_a_language_without_translation_is_refused(
    cli: CliRun, blind: Session, tmp_path: Path
) -> None:
    target = out_file(tmp_path, "report.pdf")
    result = cli("export", "session", blind.id, "-o", str(target), "--lang", "es")
    assert result.code == 1 and "Available: en" in result.err  # type: ignore[attr-defined]
    assert not target.exists()


def test_session_labels_one_per_bowl(cli: CliRun, blind: Session, tmp_path: Path) -> None:
    target = out_file(tmp_path, "labels.pdf")
    result = cli("export", "labels", "--session", blind.id[:6], "-o", str(target), "--copies", "5")
    assert result.code == 0, result  # type: ignore[attr-defined]
    words = pypdf_text(target.read_bytes()).split()
    assert sorted(words) == sorted(code for code in blind.blind_codes for _ in range(5))


def test_labels_need_codes_or_a_session_but_not_both(
    cli: CliRun, blind: Session, tmp_path: Path
) -> None:
    target = out_file(tmp_path, "labels.pdf")
    both = cli("export", "labels", blind.lot_codes[0], "--session", blind.id, "-o", str(target))
    neither = cli("export", "labels", "-o", str(target))
    for result in (both, neither):
        assert result.code == 2  # type: ignore[attr-defined]
        assert "give either lot codes or --session ID" in result.err  # type: ignore[attr-defined]
    assert not target.exists()
    by_code = cli("export", "labels", blind.lot_codes[0], "-o", str(target))
    assert by_code.code == 0 and blind.lot_codes[0] in pypdf_text(target.read_bytes())  # type: ignore[attr-defined]
