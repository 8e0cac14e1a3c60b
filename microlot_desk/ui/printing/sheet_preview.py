"""Preview of a printed document inside the app (QtPdf), with Print… and Save as….

Qt cannot send a PDF to a printer, so printing renders each page with QPdfDocument.render() at
the printer's resolution onto a QPrinter chosen in the print dialog. The sheet's data is gathered
(photo thumbnails may be decoded) and the PDF built off the GUI thread (`open_sheet_preview`).
A provenance sheet saved or printed first writes down the custody chain head it shows
(PrintService.record_sheet), which `db check` holds the chain to later.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.errors import KnownError
from microlot_desk.provenance_labels import with_provenance
from microlot_desk.services.printing.print_service import (
    Paper,
    PrintOptions,
    PrintService,
    SheetData,
    SheetResult,
    render_sheet,
    save_pdf,
)
from microlot_desk.sheet_labels import SHEET_LABELS
from microlot_desk.ui.common.error_dialogs import known_or_crash
from microlot_desk.ui.common.locale_formats import text_formats
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.common.workers import run_in_background

PRINTED_TO = "printer"  # where a sheet sent to a printer went, in the anchor log
MAX_PRINT_DPI = 600  # a page image at 600 dpi is ~140 MB; more would gain nothing on paper


def translated_labels() -> dict[str, str]:
    """The printed words through Qt's translator (context "sheet"): the sheet's own and those of
    its provenance sections (custody stages, hallmark evidence, red flags)."""
    return {key: tr(text, "sheet") for key, text in with_provenance(SHEET_LABELS).items()}


def default_paper() -> Paper:
    return (
        "letter"
        if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
        else "a4"
    )


def print_options(paper: Paper | None = None) -> PrintOptions:
    """Labels, paper and number format for the user's language and locale. The PDF's language
    is whatever the translation says it is (translators translate "en" in context
    "sheet-language" into their own code), so an untranslated UI prints "en"."""
    return PrintOptions(
        labels=translated_labels(),
        paper=paper or default_paper(),
        language=tr("en", "sheet-language"),
        formats=text_formats(),
    )


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the printer's page range of `document` onto it; return how many pages."""
    count = document.pageCount()
    first = max(printer.fromPage(), 1) if printer.fromPage() else 1
    last = min(printer.toPage(), count) if printer.toPage() else count
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(tr("The printer could not be started.", "SheetPreview"))
    try:
        paper = printer.pageLayout().fullRectPixels(printer.resolution())
        for number, index in enumerate(range(first - 1, last)):
            if number:
                printer.newPage()
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, pixels)
            target = _fit(QRectF(0, 0, paper.width(), paper.height()), image)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return last - first + 1


def _fit(area: QRectF, image: QImage) -> QRectF:
    """The largest rectangle of the image's shape in `area`, at its top left (1:1 when the
    paper is the PDF's own size)."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    return QRectF(area.left(), area.top(), image.width() * scale, image.height() * scale)


class SheetPreviewDialog(QDialog):
    saved = Signal(str)
    printed = Signal(int)

    def __init__(
        self,
        pdf: bytes,
        suggested_name: str,
        parent: QWidget | None = None,
        *,
        record: Callable[[str], None] | None = None,
    ) -> None:
        """`record`, for a provenance sheet, writes down the custody head it shows when it
        leaves the app: called with the file name before a save, with "printer" before a print
        (PrintService.record_sheet)."""
        super().__init__(parent)
        self._record = record
        self.setWindowTitle(tr("Preview — {name}", "SheetPreview").format(name=suggested_name))
        self.resize(820, 980)
        self.pdf = pdf
        self._suggested = suggested_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setObjectName("sheetView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(tr("&Print…", "SheetPreview"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton(tr("&Save as…", "SheetPreview"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button.clicked.connect(self.save_as)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the PDF carries its own margins
        if self.document.pageCount():
            size = self.document.pagePointSize(0)
            printer.setPageSize(QPageSize(size, QPageSize.Unit.Point))
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self._recorded(PRINTED_TO)
            pages = print_document(self.document, printer)
        except KnownError as error:
            QMessageBox.warning(self, tr("Print", "SheetPreview"), error_text(error))
            return
        except OSError as error:
            QMessageBox.warning(self, tr("Print", "SheetPreview"), str(error))
            return
        emit(self.printed, pages)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save as", "SheetPreview"), self._suggested, tr("PDF (*.pdf)", "SheetPreview")
        )
        if not path:
            return
        try:
            self._recorded(Path(path).name)
            save_pdf(Path(path), self.pdf)
        except (KnownError, OSError) as error:
            text = error_text(error) if isinstance(error, KnownError) else str(error)
            QMessageBox.warning(self, tr("Save as", "SheetPreview"), text)
            return
        emit(self.saved, path)

    def _recorded(self, where: str) -> None:
        if self._record is not None:
            self._record(where)


def open_sheet_preview(
    parent: QWidget,
    service: PrintService,
    lot_id: str,
    options: PrintOptions | None = None,
) -> None:
    """Build the lot's sheet in the background and open the preview when it is ready."""
    chosen = options or print_options()
    try:
        lot = service.lot(lot_id)
    except KnownError as error:
        QMessageBox.warning(parent, tr("Provenance sheet", "SheetPreview"), error_text(error))
        return

    def show(built: tuple[SheetData, SheetResult]) -> None:
        data, result = built
        dialog = SheetPreviewDialog(
            result.pdf,
            f"{lot.code}.pdf",
            parent,
            record=lambda where: service.record_sheet(data, where),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setObjectName("sheetPreview")
        dialog.open()

    def failed(text: str) -> None:
        QMessageBox.warning(parent, tr("Provenance sheet", "SheetPreview"), text)

    # Gathering the sheet's data reads (and may first decode) the photos' thumbnails: in the
    # worker too, with the build.
    run_in_background(
        lambda: _built(service.sheet_data(lot, chosen)),
        on_error=known_or_crash(failed),
        on_done=show,
    )


def _built(data: SheetData) -> tuple[SheetData, SheetResult]:
    """The sheet and what it was built from (its chain head is recorded when it is kept)."""
    return data, render_sheet(data)
