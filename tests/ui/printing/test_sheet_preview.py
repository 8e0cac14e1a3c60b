"""The sheet preview as a user meets it: the lot's sheet appears in the dialog (QPdfView renders
asynchronously, so the test waits for real pixels), Print… paints every page onto a printer,
Save as… writes the same PDF to the chosen file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from microlot_desk.provenance_labels import with_provenance
from microlot_desk.services.demo.demo_data import demo_lot_id
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintService
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.ui.printing import sheet_preview
from microlot_desk.ui.printing.sheet_preview import (
    SheetPreviewDialog,
    open_sheet_preview,
    print_document,
    print_options,
)


@pytest.fixture
def service(demo_database: OpenDatabase) -> PrintService:
    return PrintService(LotService(demo_database))


@pytest.fixture
def sheet_pdf(service: PrintService) -> bytes:
    return service.build_sheet(demo_lot_id("ET-2026-003"), print_options("a4")).pdf


def dark_pixels(image: QImage) -> int:
    small = image.scaled(120, 160)
    return sum(
        1
        for x in range(small.width())
        for y in range(small.height())
        if small.pixelColor(x, y).lightness() < 128
    )


def shown_preview(qtbot: QtBot, pdf: bytes) -> SheetPreviewDialog:
    dialog = SheetPreviewDialog(pdf, "ET-2026-003.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    return dialog


def test_preview_shows_the_sheet_once_rendered(qtbot: QtBot, sheet_pdf: bytes) -> None:
    dialog = shown_preview(qtbot, sheet_pdf)
    assert dialog.document.pageCount() == len(PdfReader(io.BytesIO(sheet_pdf)).pages)
    assert "ET-2026-003" in dialog.windowTitle()
    viewport = dialog.view.viewport()
    # rendering happens in the background: wait until the page's text is painted
    qtbot.waitUntil(lambda: dark_pixels(viewport.grab().toImage()) > 40, timeout=10_000)


def test_print_paints_every_page_at_the_printer_resolution(
    qtbot: QtBot, sheet_pdf: bytes, tmp_path: Path
) -> None:
    dialog = shown_preview(qtbot, sheet_pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    printer.setFullPage(True)
    pages = print_document(dialog.document, printer)
    assert pages == dialog.document.pageCount()
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == pages
    # each printed page carries the rendered sheet as a picture
    resources = printed.pages[0]["/Resources"]
    assert resources.get("/XObject"), "nothing was painted on the printed page"


def test_print_button_opens_the_print_dialog_and_prints_when_accepted(
    qtbot: QtBot, sheet_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = shown_preview(qtbot, sheet_pdf)
    target = tmp_path / "via-dialog.pdf"

    def accept(self: QPrintDialog) -> int:
        printer = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(100)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    with qtbot.waitSignal(dialog.printed) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [dialog.document.pageCount()]
    assert len(PdfReader(str(target)).pages) == dialog.document.pageCount()


def test_save_as_writes_the_same_pdf(
    qtbot: QtBot, sheet_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = shown_preview(qtbot, sheet_pdf)
    target = tmp_path / "chosen name.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kw: (str(target), "PDF"))
    )
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == sheet_pdf


@pytest.mark.parametrize("code", ["CN-2026-002", "CO-2026-014"])
def test_open_sheet_preview_builds_in_the_background_then_opens(
    qtbot: QtBot, service: PrintService, code: str
) -> None:
    """CO-2026-014 has photos: their thumbnails are read (and made) in the worker too."""
    parent = QWidget()
    qtbot.addWidget(parent)
    open_sheet_preview(parent, service, demo_lot_id(code))

    def opened() -> SheetPreviewDialog | None:
        found = parent.findChild(SheetPreviewDialog, "sheetPreview")
        return found if isinstance(found, SheetPreviewDialog) else None

    qtbot.waitUntil(lambda: opened() is not None, timeout=10_000)
    dialog = opened()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    first_page = dialog.document.getAllText(0).text()
    assert ("李明华" if code == "CN-2026-002" else "La Esperanza Gesha") in first_page
    dialog.close()
    QApplication.processEvents()


def test_printed_words_come_through_the_translator() -> None:
    options = print_options("letter")
    assert options.paper == "letter" and options.language == "en"
    assert options.labels["sheet.title"] == "Provenance sheet"
    # The sheet's own words and those of its provenance sections (custody, evidence, red flags).
    assert set(options.labels) == set(with_provenance(sheet_preview.SHEET_LABELS))
    assert options.labels["flag.blend_signal"].startswith("blend signal at")


def test_a_sheet_saved_or_printed_from_the_preview_writes_down_its_chain_head(
    qtbot: QtBot,
    service: PrintService,
    demo_database: OpenDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What `db check` holds the chain to later (issue 10): the head the saved sheet shows."""
    lot_id = demo_lot_id("CO-2026-014")
    parent = QWidget()
    qtbot.addWidget(parent)
    open_sheet_preview(parent, service, lot_id)
    qtbot.waitUntil(lambda: parent.findChild(SheetPreviewDialog, "sheetPreview") is not None)
    dialog = parent.findChild(SheetPreviewDialog, "sheetPreview")
    assert isinstance(dialog, SheetPreviewDialog)
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    target = tmp_path / "for the roaster.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kw: (str(target), "PDF"))
    )
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QPrinter, "outputFileName", lambda self: "")
    monkeypatch.setattr(sheet_preview, "print_document", lambda document, printer: 2)
    with qtbot.waitSignal(dialog.printed):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    dialog.close()

    log = demo_database.path.with_name("custody-anchors.jsonl")
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").split("\n") if line]
    head = service.anchors.head_of(lot_id)
    assert head is not None and head.count == 9
    assert [(a["code"], a["count"], a["head"], a["file"]) for a in lines] == [
        ("CO-2026-014", 9, head.head_hash, "for the roaster.pdf"),
        ("CO-2026-014", 9, head.head_hash, "printer"),
    ]
    saved = " ".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert head.head_hash in saved.replace("\n", "")
