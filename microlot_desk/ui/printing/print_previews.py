"""Opening the preview of a cupping document: a session's report, its sample labels, a blank
paper form. Each reads what it needs on the GUI thread (one quick pass; the worker never shares
the database connection), builds the PDF in a worker, then shows it in the same preview as the
provenance sheet (SheetPreviewDialog), from where it prints or is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from microlot_desk.errors import KnownError
from microlot_desk.services.printing.print_service import PrintOptions
from microlot_desk.services.workspace.session_print import (
    SessionPrintService,
    default_label_sheet,
    label_sheets,
    render_blank_form,
    render_labels,
    render_report,
    report_file_name,
)
from microlot_desk.ui.common.cupping_texts import form_label
from microlot_desk.ui.common.error_dialogs import known_or_crash
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.common.workers import run_in_background
from microlot_desk.ui.printing.print_choices import FormChoiceDialog, LabelChoiceDialog
from microlot_desk.ui.printing.sheet_preview import SheetPreviewDialog, print_options

CONTEXT = "PrintChoices"
REPORT_PREVIEW = "sessionReportPreview"
LABELS_PREVIEW = "sessionLabelsPreview"
BLANK_FORM_PREVIEW = "blankFormPreview"


def preview_when_built(
    parent: QWidget, build: Callable[[], bytes], file_name: str, object_name: str, title: str
) -> None:
    """Run `build` in a worker; show its PDF in a preview (named `object_name`) when done,
    or say what went wrong under `title`."""

    def show(pdf: bytes) -> None:
        dialog = SheetPreviewDialog(pdf, file_name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setObjectName(object_name)
        dialog.open()

    def failed(text: str) -> None:
        QMessageBox.warning(parent, title, text)

    run_in_background(build, on_error=known_or_crash(failed), on_done=show)


def open_report_preview(
    parent: QWidget,
    printing: SessionPrintService,
    session_id: str,
    options: PrintOptions | None = None,
) -> None:
    """The session's report: panel results and every cupper's sheet."""
    title = tr("Session report", CONTEXT)
    try:
        data = printing.report_data(session_id, options or print_options(), form_words=form_label)
    except KnownError as error:
        QMessageBox.warning(parent, title, error_text(error))
        return
    preview_when_built(
        parent, lambda: render_report(data).pdf, report_file_name(data), REPORT_PREVIEW, title
    )


def open_labels_preview(
    parent: QWidget,
    printing: SessionPrintService,
    session_id: str,
    options: PrintOptions | None = None,
) -> LabelChoiceDialog | None:
    """Ask which label sheet and how many per sample, then preview the labels. Returns the
    dialog asking (open, not blocking), or None when the session cannot be read."""
    chosen = options or print_options()
    title = tr("Sample labels", CONTEXT)
    try:
        bowls = printing.cups_per_sample(session_id)
    except KnownError as error:
        QMessageBox.warning(parent, title, error_text(error))
        return None
    dialog = LabelChoiceDialog(label_sheets(), default_label_sheet(chosen.paper), bowls, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen_sheet(result: int) -> None:
        if result != QDialog.DialogCode.Accepted.value:
            return
        sheet, copies, skip = dialog.sheet_key, dialog.copies, dialog.skip.value()
        try:
            labels = printing.sample_labels(session_id, chosen, copies=copies)
            name = printing.labels_title(session_id)
        except KnownError as error:
            QMessageBox.warning(parent, title, error_text(error))
            return

        def build() -> bytes:
            result = render_labels(
                labels, chosen, sheet=sheet, skip=skip, title=name, app_version=printing.app_version
            )
            return result.pdf

        preview_when_built(parent, build, f"labels-{session_id[:8]}.pdf", LABELS_PREVIEW, title)

    dialog.finished.connect(chosen_sheet)
    dialog.open()
    return dialog


def open_blank_form_preview(
    parent: QWidget, printing: SessionPrintService, options: PrintOptions | None = None
) -> FormChoiceDialog:
    """Ask which cupping form, then preview it blank, for the day the laptop dies."""
    chosen = options or print_options()
    title = tr("Blank cupping form", CONTEXT)
    dialog = FormChoiceDialog(printing.forms(), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen_form(result: int) -> None:
        form_id = dialog.form_id
        if result != QDialog.DialogCode.Accepted.value or form_id is None:
            return
        try:
            template = printing.form_template(form_id)
        except KnownError as error:
            QMessageBox.warning(parent, title, error_text(error))
            return

        def build() -> bytes:
            return render_blank_form(template, chosen, printing.app_version).pdf

        preview_when_built(parent, build, f"{form_id}-blank.pdf", BLANK_FORM_PREVIEW, title)

    dialog.finished.connect(chosen_form)
    dialog.open()
    return dialog
