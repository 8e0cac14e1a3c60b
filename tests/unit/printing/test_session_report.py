"""The cupping session report, read back the way a person's tools read it (pdftotext, pdffonts,
pdftoppm, pypdf): the session, each sample's panel result and every cupper's sheet; nothing that
names a lot while a blind session is not revealed, metadata included; every font embedded; A4
and Letter inside their margins; and a file that is either the whole report or not there."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pdf_probe import pdffonts, pdftotext, squeeze
from pypdf import PdfReader
from session_samples import (
    CUPPERS,
    EXCLUSION_REASON,
    LOT_NAMES,
    MARKUP_NOTE,
    Session,
    build,
    expected_final,
)
from test_export_pages import SIZES, assert_inside_margins

from microlot_desk.errors import NotFound
from microlot_desk.export.printing.session_report import REQUIRED_LABELS
from microlot_desk.export.printing.sheet_data import Paper
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintOptions
from microlot_desk.services.workspace import session_print
from microlot_desk.services.workspace.session_print import (
    SessionPrintService,
    render_report,
    session_printing,
)
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.sheet_labels import SHEET_LABELS
from microlot_desk.storage.database import OpenDatabase

GENERATED = datetime(2026, 11, 28, 8, 15, tzinfo=UTC)


@pytest.fixture
def cupping(database: OpenDatabase) -> CuppingService:
    return CuppingService(database)


@pytest.fixture
def printing(database: OpenDatabase, lots: LotService) -> SessionPrintService:
    return session_printing(Workspace(database, lots), clock=lambda: GENERATED)


@pytest.fixture
def blind(lots: LotService, cupping: CuppingService) -> Session:
    return build(lots, cupping, blind=True)


def out_dir(tmp_path: Path) -> Path:
    """A folder of its own (tmp_path also holds the test's database)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def report(printing: SessionPrintService, session_id: str, paper: Paper = "a4") -> bytes:
    return render_report(printing.report_data(session_id, PrintOptions(SHEET_LABELS, paper))).pdf


def test_revealed_report_shows_the_session_every_panel_and_every_sheet(
    printing: SessionPrintService, cupping: CuppingService, blind: Session
) -> None:
    cupping.reveal(blind.id, "Ana Leader")
    text = pdftotext(report(printing, blind.id))
    flat = squeeze(text)
    for expected in (
        "Cupping session report",
        "Pre-shipment <round> & co",
        "Pasto lab, 北京",
        "SCA cupping form (2004) (sca-2004, version 1)",
        "Yes, revealed",
        "Revealed by Ana Leader, 2026-11-27",
        "Water temperature (°C): 96 (standard 92.2 to 94.4)",
        "Grinder swapped mid-session",
        MARKUP_NOTE,
        "茉莉花 ጣፋጭ bergamot",
        EXCLUSION_REASON,
        "over 2 points from the mean",
        "Incomplete:",
        "cups 2 (-2.00)",  # the taint cup and its penalty
        "Fragrance/Aroma 8.00 · Dry 4",
        "Generated 2026-11-28 08:15 UTC",
    ):
        assert squeeze(expected) in flat, expected
    for code, name in zip(blind.lot_codes, LOT_NAMES, strict=True):
        assert squeeze(f"{code} — {name}") in flat
    for name, _ in CUPPERS:
        assert squeeze(name) in flat
    for sample_id in blind.sample_ids:
        assert format(expected_final(cupping, sample_id), ".2f") in text
    pages = text.count("\f")
    assert f"Page {pages} of {pages}" in text


def test_unrevealed_blind_report_names_samples_by_their_codes_only(
    printing: SessionPrintService, blind: Session
) -> None:
    pdf = report(printing, blind.id)
    text = pdftotext(pdf)
    flat = squeeze(text)
    for code in blind.blind_codes:
        assert f"Sample {code}" in text
    assert squeeze("Yes, not revealed") in flat
    assert squeeze("hidden until the session is revealed") in flat
    assert squeeze("ታደሰ በቀለ") in flat  # cuppers are not hidden
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    shown = flat + "".join(str(value) for value in metadata.values())
    for code, lot_id, name in zip(blind.lot_codes, blind.lot_ids, LOT_NAMES, strict=True):
        for secret in (code, lot_id, *name.split()):
            assert squeeze(secret) not in shown, secret
            assert secret.encode() not in pdf, secret
    assert blind.blind_codes[0] in str(metadata.get("/Keywords"))


def test_an_open_session_says_the_lots_were_known(
    printing: SessionPrintService, lots: LotService, cupping: CuppingService
) -> None:
    made = build(lots, cupping, blind=False)
    text = squeeze(pdftotext(report(printing, made.id)))
    assert squeeze("No: the lots were known at the table") in text
    assert made.lot_codes[2] in text and "Reveallog" not in text


def test_a_session_with_nothing_entered_yet_still_prints(
    printing: SessionPrintService, lots: LotService, cupping: CuppingService
) -> None:
    lot = lots.add_lot({"name": "Empty table", "country": "CO"})
    session = cupping.create_session({"held_on": "2026-11-27", "form_id": "cva-affective"})
    cupping.add_sample(session.session.id, lot.id, {"sample_type": "offer"})
    text = squeeze(pdftotext(report(printing, session.session.id)))
    assert squeeze("No complete sheet counts yet.") in text
    assert squeeze("No cupper has entered anything for this sample.") in text
    assert "Cuppingsession—2026-11-27" not in text  # the title is in the metadata only
    assert text.count("Cuppingsession") >= 2  # the label and the untitled session's heading


def test_every_font_is_embedded_and_no_helvetica(
    printing: SessionPrintService, cupping: CuppingService, blind: Session
) -> None:
    cupping.reveal(blind.id, "Ana Leader")
    fonts = pdffonts(report(printing, blind.id))
    assert fonts and all(font.embedded for font in fonts), fonts
    names = " ".join(font.name for font in fonts)
    assert "Helvetica" not in names
    assert "NotoSansEthiopic" in names and "DroidSansFallback" in names


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_both_papers_have_their_size_and_stay_inside_the_margins(
    printing: SessionPrintService, cupping: CuppingService, blind: Session, paper: Paper
) -> None:
    cupping.reveal(blind.id, "Ana Leader")
    pdf = report(printing, blind.id, paper)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(SIZES[paper], abs=0.01)
    pages = assert_inside_margins(pdf, paper)
    assert pages >= 2
    assert f"Page 1 of {pages}" in pdftotext(pdf)


def test_export_writes_the_whole_report_atomically(
    printing: SessionPrintService, blind: Session, tmp_path: Path
) -> None:
    target = out_dir(tmp_path) / "report.pdf"
    written = printing.export_report(blind.id, target, PrintOptions(SHEET_LABELS))
    assert written.path == target and target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["report.pdf"]


def test_a_failure_while_writing_keeps_the_older_file(
    printing: SessionPrintService, blind: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = out_dir(tmp_path) / "report.pdf"
    target.write_bytes(b"the report printed yesterday")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        printing.export_report(blind.id, target, PrintOptions(SHEET_LABELS))
    assert target.read_bytes() == b"the report printed yesterday"
    assert [p.name for p in target.parent.iterdir()] == ["report.pdf"]


def test_an_unknown_session_writes_nothing(printing: SessionPrintService, tmp_path: Path) -> None:
    out = out_dir(tmp_path)
    with pytest.raises(NotFound):
        printing.export_report("no-such-session", out / "r.pdf", PrintOptions(SHEET_LABELS))
    assert list(out.iterdir()) == []


def test_every_report_word_has_english_text_and_none_is_unused() -> None:
    assert set(REQUIRED_LABELS) <= set(SHEET_LABELS)
    report_keys = {key for key in SHEET_LABELS if key.startswith("report.")}
    assert report_keys <= set(REQUIRED_LABELS)


def test_the_file_name_never_carries_a_lot(printing: SessionPrintService, blind: Session) -> None:
    data = printing.report_data(blind.id, PrintOptions(SHEET_LABELS))
    name = session_print.report_file_name(data)
    assert name == f"session-2026-11-27-{blind.id[:8]}.pdf"
