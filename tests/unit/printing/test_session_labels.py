"""Labels for a cupping session's samples: in a blind session not yet revealed a label carries the
blind code and a QR code of nothing else; once revealed (or in an open session) the lot code, the
sample type and the lot's name, with the lot's QR code. One per sample, or one per cup bowl."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_probe import decode_qr, pdftotext, render, squeeze
from session_samples import LOT_NAMES, Session, build

from microlot_desk.export.printing.qr import lot_payload
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintOptions
from microlot_desk.services.workspace.session_print import (
    SessionPrintService,
    default_label_sheet,
    label_sheets,
    render_labels,
)
from microlot_desk.sheet_labels import SHEET_LABELS
from microlot_desk.storage.database import OpenDatabase

OPTIONS = PrintOptions(SHEET_LABELS)


@pytest.fixture
def cupping(database: OpenDatabase) -> CuppingService:
    return CuppingService(database)


@pytest.fixture
def printing(cupping: CuppingService) -> SessionPrintService:
    return SessionPrintService(cupping)


@pytest.fixture
def blind(lots: LotService, cupping: CuppingService) -> Session:
    return build(lots, cupping, blind=True)


def labels_pdf(printing: SessionPrintService, session_id: str, copies: int = 1) -> bytes:
    labels = printing.sample_labels(session_id, OPTIONS, copies=copies)
    title = printing.labels_title(session_id)
    return render_labels(labels, OPTIONS, title=title).pdf


def test_blind_labels_carry_only_the_blind_codes(
    printing: SessionPrintService, blind: Session
) -> None:
    pdf = labels_pdf(printing, blind.id)
    assert squeeze(pdftotext(pdf)) == "".join(blind.blind_codes)
    assert sorted(decode_qr(render(pdf, 300)[0])) == sorted(
        f"MLB1|{code}" for code in blind.blind_codes
    )
    for code, lot_id in zip(blind.lot_codes, blind.lot_ids, strict=True):
        assert code.encode() not in pdf and lot_id.encode() not in pdf  # metadata too


def test_revealed_labels_carry_the_lot_code_type_and_name_and_the_lots_qr(
    printing: SessionPrintService, cupping: CuppingService, blind: Session
) -> None:
    cupping.reveal(blind.id, "Ana Leader")
    pdf = labels_pdf(printing, blind.id)
    text = squeeze(pdftotext(pdf))
    for code, name in zip(blind.lot_codes, LOT_NAMES, strict=True):
        assert code in text and squeeze(name) in text
    assert text.count("Pre-shipmentsample") == 3
    assert sorted(decode_qr(render(pdf, 300)[0])) == sorted(
        lot_payload(code, lot_id)
        for code, lot_id in zip(blind.lot_codes, blind.lot_ids, strict=True)
    )


def test_one_label_per_cup_bowl(printing: SessionPrintService, blind: Session) -> None:
    assert printing.cups_per_sample(blind.id) == 5
    text = pdftotext(labels_pdf(printing, blind.id, copies=5))
    for code in blind.blind_codes:
        assert text.split().count(code) == 5


def test_export_writes_the_labels_file(
    printing: SessionPrintService, blind: Session, tmp_path: Path
) -> None:
    target = tmp_path / "labels.pdf"
    written, result = printing.export_labels(
        blind.id, target, sheet="letter-3x10", copies=2, skip=28, options=OPTIONS
    )
    assert written.path == target and result.pages == 2  # 2 labels on the first sheet, 4 next
    assert target.read_bytes() == result.pdf


def test_label_sheets_on_offer() -> None:
    assert label_sheets() == {"a4-3x8": 24, "letter-3x10": 30}
    assert default_label_sheet("letter") == "letter-3x10"
    assert default_label_sheet("a4") == "a4-3x8"
