"""File > Verify a provenance sheet…: choose the PDF, or a scan or photo of the printed page,
and hear whether it matches the records this station holds (services.printing
.sheet_verification). The check reads the database in a worker behind a modal progress dialog,
so a long custody history tried event by event never freezes the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from microlot_desk.errors import KnownError
from microlot_desk.services.common.progress import Cancelled, Progress
from microlot_desk.services.printing.sheet_verification import verdict_sentence, verify_sheet
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.error_dialogs import report_bug
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.common.work_progress import WorkProgressDialog


class SheetCheck:
    """One check at a time, from the window that owns it."""

    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        self._workspace = workspace
        self._parent = parent
        self.work: WorkProgressDialog | None = None
        self.answer: QMessageBox | None = None

    def choose_and_check(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._parent,
            tr("Verify a provenance sheet", "SheetCheck"),
            "",
            tr(
                "Provenance sheets (*.pdf *.png *.jpg *.jpeg *.webp);;All files (*)",
                "SheetCheck",
            ),
        )
        if chosen:
            self.check(Path(chosen))

    def check(self, path: Path) -> None:
        if self.work is not None:
            return
        printing = self._workspace.printing

        def work(_progress: Progress) -> Any:
            return verify_sheet(printing, path)

        def done(verdict: Any) -> None:
            self.work = None
            icon = QMessageBox.Icon.Information if verdict.verified else QMessageBox.Icon.Warning
            self._say(icon, verdict_sentence(verdict))

        def failed(error: Exception) -> None:
            self.work = None
            if isinstance(error, KnownError):
                self._say(QMessageBox.Icon.Warning, error_text(error))
            elif not isinstance(error, Cancelled):
                report_bug(error)

        title = tr("Verifying a provenance sheet", "SheetCheck")
        self.work = WorkProgressDialog(title, title + "…", self._parent)
        self.work.start(work, done, failed)

    def _say(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, tr("Verify a provenance sheet", "SheetCheck"), text)
        box.setParent(self._parent, box.windowFlags())
        self.answer = box
        box.open()
