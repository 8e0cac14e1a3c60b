"""A window-modal progress dialog for work that runs in a worker while holding the database's
one write transaction (recomputing every verdict, loading the demo).

Modal, so that no edit can be written through the same connection while the worker's
transaction is open; the window still repaints and the bar moves. Cancel (also Escape or the
close button) asks the work to stop and the dialog stays, saying so, until the work has
ended and its transaction is undone: it only ever closes itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.services.common.progress import Progress
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.common.workers import OnError, run_with_progress


class WorkProgressDialog(QDialog):
    ended = Signal()  # the work is over (done, failed or cancelled) and the dialog closed

    def __init__(
        self, title: str, text: str, parent: QWidget | None = None, bar_format: str = ""
    ) -> None:
        """`bar_format` is what the bar says, with %v (done) and %m (all), e.g. "%v of %m
        lots"; a percentage when empty."""
        super().__init__(parent)
        self.setObjectName("workProgress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the work says how much there is
        if bar_format:
            self.bar.setFormat(bar_format)
        self.cancel_button = QPushButton(tr("Cancel", "WorkProgress"), self)
        self.cancel_button.clicked.connect(self.request_cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(420, self.sizeHint().height())
        self._progress: Progress | None = None
        self._finished = False
        self._return_focus: QWidget | None = None

    def start(
        self,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: OnError,
    ) -> None:
        """Show the dialog and run `work` in a worker; `on_done` or `on_error` is called in the
        GUI thread once the dialog has closed."""

        def done(result: Any) -> None:
            self._end()
            on_done(result)

        def failed(error: Exception) -> None:
            self._end()
            on_error(error)

        self._return_focus = QApplication.focusWidget()
        self.open()
        self._progress = run_with_progress(work, self._advanced, failed, done)

    @property
    def cancel_requested(self) -> bool:
        return self._progress is not None and self._progress.cancel.is_set()

    def request_cancel(self) -> None:
        if self._progress is None or self._finished:
            return
        self._progress.cancel.set()
        self.cancel_button.setEnabled(False)
        self.text.setText(tr("Cancelling: undoing what was done so far…", "WorkProgress"))

    def _advanced(self, done: int, total: int) -> None:
        if self._finished:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _end(self) -> None:
        self._finished = True
        self.done(QDialog.DialogCode.Accepted)
        # Back to where the person was (the field they moved to), in a window active again.
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()
        back = self._return_focus
        if back is not None and shiboken6.isValid(back):
            back.setFocus(Qt.FocusReason.OtherFocusReason)
        emit(self.ended)
        self.deleteLater()

    def reject(self) -> None:
        """Escape: cancel the work, do not leave it running behind a closed dialog."""
        if self._finished:
            super().reject()
        else:
            self.request_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            super().closeEvent(event)
            return
        self.request_cancel()
        event.ignore()
