"""Printing from the Cupping screen and the File menu, as a user does it: "Print report…" and
"Print labels…" beside an open session's title open the preview with that session's PDF (blind
codes only until it is revealed), and File > Print blank cupping form… previews the chosen form."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TypeVar

import pytest
from cupping_driving import (
    Table,
    cupping,  # noqa: F401  (fixture)
    lot_service,  # noqa: F401  (fixture)
    set_table,
    show_in_host,
)
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.cupping.cupping_page import CuppingPage
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.printing.print_choices import FormChoiceDialog, LabelChoiceDialog
from microlot_desk.ui.printing.sheet_preview import SheetPreviewDialog

T = TypeVar("T", bound=QWidget)
LEFT = Qt.MouseButton.LeftButton
QUALITY = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")
LETTER = (612.0, 792.0)


@pytest.fixture
def table(lot_service: LotService, cupping: CuppingService) -> Table:  # noqa: F811
    made = set_table(lot_service, cupping, samples=3, cuppers=2, blind=True)
    for sample in made.sample_ids:  # the first cupper scores every sample
        for key in QUALITY:
            cupping.sheets.set_field(sample, made.cupper_ids[0], key, "8")
        for key in ("uniformity", "clean_cup", "sweetness"):
            cupping.sheets.set_field(sample, made.cupper_ids[0], key, 5)
    return made


@pytest.fixture
def page(
    qtbot: QtBot,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
) -> Iterator[CuppingPage]:
    undo_stack = QUndoStack()
    screen = CuppingPage(cupping, lot_service, undo_stack)
    host = show_in_host(qtbot, screen, undo_stack)
    yield screen
    for preview in screen.findChildren(SheetPreviewDialog):
        preview.close()
    host.close()
    QApplication.processEvents()


def child(parent: QWidget, kind: type[T], name: str) -> T | None:
    """The child of this type and name, if there is one. (findChildren, not findChild:
    PySide6 6.12.0's findChild drops a reference to None each time it finds nothing, and
    polling it until a preview opens would wear None out as emit() does True.)"""
    found = [widget for widget in parent.findChildren(kind) if widget.objectName() == name]
    return found[0] if found else None


def wait_for_preview(qtbot: QtBot, parent: QWidget, name: str) -> SheetPreviewDialog:
    """The preview opens once the PDF is built in the background; wait until it has loaded."""

    def found() -> SheetPreviewDialog | None:
        return child(parent, SheetPreviewDialog, name)

    qtbot.waitUntil(lambda: found() is not None, timeout=15_000)
    dialog = found()
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    return dialog


def pdf_words(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() or "" for page in reader.pages).split()


def page_size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)


def click_ok(qtbot: QtBot, dialog: QWidget) -> None:
    box = dialog.findChildren(QDialogButtonBox)[0]
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, LEFT)


def test_print_report_previews_the_blind_session_by_its_codes_only(
    qtbot: QtBot, page: CuppingPage, table: Table
) -> None:
    page.open_session(table.session_id)
    assert page.print_report_button.isVisible() and page.print_report_button.isEnabled()
    qtbot.mouseClick(page.print_report_button, LEFT)
    preview = wait_for_preview(qtbot, page, "sessionReportPreview")
    text = "".join(pdf_words(preview.pdf))
    assert "Cuppingsessionreport" in text and "Pre-shipmentround" in text
    for code in table.codes:
        assert f"Sample{code}" in text
    for code in table.lot_codes:
        assert code not in text
    assert "AnaGómez" in text and "TadesseBekele" in text
    assert preview.windowTitle().endswith(f"session-2026-11-27-{table.session_id[:8]}.pdf")
    assert "Cupping session report" in preview.document.getAllText(0).text()


def test_print_report_names_the_lots_once_revealed(
    qtbot: QtBot,
    page: CuppingPage,
    table: Table,
    cupping: CuppingService,  # noqa: F811
) -> None:
    cupping.reveal(table.session_id, "Ana Leader")
    page.open_session(table.session_id)
    qtbot.mouseClick(page.print_report_button, LEFT)
    text = "".join(pdf_words(wait_for_preview(qtbot, page, "sessionReportPreview").pdf))
    for code in table.lot_codes:
        assert code in text
    assert "RevealedbyAnaLeader" in text


def test_print_labels_asks_the_sheet_and_count_then_previews_one_per_bowl(
    qtbot: QtBot, page: CuppingPage, table: Table
) -> None:
    page.open_session(table.session_id)
    qtbot.mouseClick(page.print_labels_button, LEFT)
    choice = child(page, LabelChoiceDialog, "labelChoice")
    assert choice is not None and choice.isVisible()
    assert "5 per sample" in choice.per_bowl.text()
    qtbot.mouseClick(choice.per_bowl, LEFT)
    choice.sheet.setCurrentIndex(choice.sheet.findData("letter-3x10"))
    click_ok(qtbot, choice)
    preview = wait_for_preview(qtbot, page, "sessionLabelsPreview")
    assert sorted(pdf_words(preview.pdf)) == sorted(code for code in table.codes for _ in range(5))
    assert page_size(preview.pdf) == LETTER


def test_cancelled_labels_open_no_preview(qtbot: QtBot, page: CuppingPage, table: Table) -> None:
    page.open_session(table.session_id)
    qtbot.mouseClick(page.print_labels_button, LEFT)
    choice = child(page, LabelChoiceDialog, "labelChoice")
    assert choice is not None
    qtbot.keyClick(choice, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not choice.isVisible())
    qtbot.wait(300)
    assert page.findChildren(SheetPreviewDialog) == []


def test_nothing_to_print_while_a_new_session_is_being_set_up(page: CuppingPage) -> None:
    page.new_session()
    assert not page.print_report_button.isEnabled()
    assert not page.print_labels_button.isEnabled()


def test_file_menu_prints_a_blank_form_of_the_chosen_template(
    qtbot: QtBot, window: MainWindow
) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.blank_form_action in file_menu.actions()
    assert window.blank_form_action.text() == "Print &blank cupping form…"
    window.blank_form_action.trigger()
    choice = child(window, FormChoiceDialog, "formChoice")
    assert choice is not None and choice.isVisible()
    names = [choice.forms.item(row).text() for row in range(choice.forms.count())]
    assert "SCA CVA affective assessment (SCA-104)" in names
    row = names.index("SCA CVA affective assessment (SCA-104)")
    item = choice.forms.item(row)
    qtbot.mouseClick(choice.forms.viewport(), LEFT, pos=choice.forms.visualItemRect(item).center())
    assert choice.form_id == "cva-affective"
    click_ok(qtbot, choice)
    preview = wait_for_preview(qtbot, window, "blankFormPreview")
    try:
        text = " ".join(pdf_words(preview.pdf))
        assert "SCA CVA affective assessment (SCA-104)" in text
        assert "Mouthfeel" in text and "cva-affective-blank.pdf" in preview.windowTitle()
    finally:
        preview.close()
        QApplication.processEvents()
