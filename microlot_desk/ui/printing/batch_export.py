"""Exporting the provenance sheets of many lots: a dialog with a folder, a paper size, a progress
bar and Cancel. The batch runs on a Python thread (never the GUI thread), which drives two worker
processes (services.printing.batch_export); its progress comes back to the dialog through queued
signals.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk import messages
from microlot_desk.clock import Clock
from microlot_desk.services.printing.batch_export import BatchFailure, BatchResult, export_batch
from microlot_desk.services.printing.print_service import PrintOptions
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.printing.sheet_preview import default_paper, print_options

LotRef = tuple[str, str]
"""(lot id, lot code) of a lot to export."""


class _BatchRunner(QObject):
    """Lives in the GUI thread; its signals are emitted from the batch thread (queued)."""

    progressed = Signal(int, int, str)
    completed = Signal(object)
    failed = Signal(str)

    def __init__(
        self, database: Path, ids: list[str], folder: Path, options: PrintOptions, clock: Clock
    ):
        super().__init__()
        self.cancel = threading.Event()
        self._args = (database, ids, folder, options)
        self._clock = clock
        self.worker = threading.Thread(target=self._run, name="batch-export", daemon=True)

    def _progress(self, done: int, total: int, code: str) -> None:
        # Through emit(): a bare `self.progressed.emit` handed to the batch would wear out True.
        emit(self.progressed, done, total, code)

    def _run(self) -> None:
        database, ids, folder, options = self._args
        try:
            result = export_batch(
                database,
                ids,
                folder,
                options,
                clock=self._clock,
                progress=self._progress,
                cancel=self.cancel,
            )
        except Exception as error:  # reported in the dialog, never lost in the thread
            emit(self.failed, f"{type(error).__name__}: {error}")
            return
        emit(self.completed, result)


class BatchExportDialog(QDialog):
    exported = Signal(object)  # the BatchResult, once the batch has ended

    def __init__(
        self,
        database_path: Path,
        lots: Sequence[LotRef],
        parent: QWidget | None = None,
        folder: Path | None = None,
        *,
        clock: Clock,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setWindowTitle(tr("Export provenance sheets", "BatchExport"))
        self._database = database_path
        self._lots = list(lots)
        self._runner: _BatchRunner | None = None
        self._close_when_done = False

        self.summary = QLabel(
            tr("{n} lots: one PDF per lot, named by its code.", "BatchExport").format(
                n=len(self._lots)
            ),
            self,
        )
        self.folder = QLineEdit(str(folder or Path.home()), self)
        self.folder.setObjectName("exportFolder")
        browse = QPushButton(tr("Browse…", "BatchExport"), self)
        browse.clicked.connect(self._choose_folder)
        self.paper = QComboBox(self)
        self.paper.addItem(tr("A4", "BatchExport"), "a4")
        self.paper.addItem(tr("US Letter", "BatchExport"), "letter")
        self.paper.setCurrentIndex(self.paper.findData(default_paper()))
        self.progress = QProgressBar(self)
        self.progress.setRange(0, max(len(self._lots), 1))
        self.progress.setValue(0)
        self.status = QLabel("", self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.start_button = QPushButton(tr("&Export", "BatchExport"), self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.start_button.setEnabled(bool(self._lots))
        self.cancel_button = QPushButton(tr("Cancel", "BatchExport"), self)
        self.cancel_button.clicked.connect(self.cancel)

        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("Folder", "BatchExport"), where)
        form.addRow(tr("Paper", "BatchExport"), self.paper)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(560, 220)

    @property
    def running(self) -> bool:
        return self._runner is not None

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, tr("Folder", "BatchExport"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def start(self) -> None:
        if self.running or not self._lots:
            return
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip():
            self.status.setText(tr("Choose a folder first.", "BatchExport"))
            return
        options = print_options(self.paper.currentData())
        ids = [lot_id for lot_id, _ in self._lots]
        runner = _BatchRunner(self._database, ids, folder, options, self._clock)
        runner.progressed.connect(self._progressed)
        runner.completed.connect(self._completed)
        runner.failed.connect(self._failed)
        self._runner = runner
        self.progress.setValue(0)
        self.status.setText(tr("Starting…", "BatchExport"))
        self.start_button.setEnabled(False)
        for widget in (self.folder, self.paper):
            widget.setEnabled(False)
        runner.worker.start()

    def cancel(self) -> None:
        """While running: stop after the sheets being built (they are written whole).
        Otherwise: close."""
        if self._runner is None:
            super().reject()
            return
        self._runner.cancel.set()
        self.cancel_button.setEnabled(False)
        self.status.setText(tr("Cancelling…", "BatchExport"))

    def _progressed(self, done: int, total: int, code: str) -> None:
        self.progress.setValue(done)
        if not self._runner or not self._runner.cancel.is_set():
            self.status.setText(
                tr("{done} of {total} done ({code})", "BatchExport").format(
                    done=done, total=total, code=code
                )
            )

    def _finish(self) -> None:
        self._runner = None
        self.start_button.setEnabled(bool(self._lots))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(tr("Close", "BatchExport"))
        for widget in (self.folder, self.paper):
            widget.setEnabled(True)
        if self._close_when_done:
            self.reject()

    def _completed(self, result: BatchResult) -> None:
        lines = [
            tr("{n} sheets written to {folder}.", "BatchExport").format(
                n=len(result.written), folder=self.folder.text()
            )
        ]
        if result.cancelled:
            lines.append(tr("Cancelled: the other lots were not exported.", "BatchExport"))
        lines += [self._failure_text(failure) for failure in result.failed]
        warned = sum(1 for written in result.written if written.warnings)
        if warned:
            lines.append(
                tr(
                    "{n} sheets print some characters as [?]: no bundled font has them.",
                    "BatchExport",
                ).format(n=warned)
            )
        self.status.setText("\n".join(lines))
        self._finish()
        emit(self.exported, result)

    def _failed(self, text: str) -> None:
        self.status.setText(tr("The export stopped: {error}", "BatchExport").format(error=text))
        self._finish()

    def reject(self) -> None:
        """Escape, Close or the window's close button: a running batch is cancelled first and
        the dialog closes once it has ended."""
        if self._runner is not None:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._runner is not None:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)

    def _failure_text(self, failure: BatchFailure) -> str:
        template = messages.ERRORS.get(failure.code, "{detail}")
        reason = tr(template, "messages").format_map(messages.Lenient(failure.params))
        return f"{dict(self._lots).get(failure.lot_id, failure.lot_id)}: {reason}"
