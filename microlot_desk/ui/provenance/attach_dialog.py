"""Attaching a photo or a document to the lot, its producer, one of its plots or one of its
custody events. The file is read, decoded, hashed and stored off the GUI thread; then one short
service call records what the worker stored (one transaction, nothing decoded or hashed
again). A refused file shows why beneath the file field, and no attachment is recorded."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.evidence import Attachment, EvidenceKind, TargetType
from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.services.provenance.evidence_files import EvidenceFiles, PreparedFile
from microlot_desk.services.provenance.evidence_service import EvidenceRefused, EvidenceService
from microlot_desk.ui.common.checked_form import CheckedForm, error_label
from microlot_desk.ui.common.error_dialogs import report_bug
from microlot_desk.ui.common.texts import error_text
from microlot_desk.ui.common.workers import run_in_background
from microlot_desk.ui.provenance.provenance_texts import KINDS, kind_label, refusal_text, t

FILE_FILTER = "Photos and documents (*.jpg *.jpeg *.png *.webp *.pdf);;All files (*)"
Target = tuple[TargetType, str, str]  # type, id, in words


def _prepare(
    files: EvidenceFiles, path: Path, kind: EvidenceKind, max_bytes: int
) -> PreparedFile | str | KnownError:
    """The worker's part: a prepared file, a refusal, or why the file could not be read."""
    try:
        return files.prepare(path, kind, max_bytes=max_bytes)
    except KnownError as error:
        return error
    except OSError as error:
        return error.strerror or str(error)


class AttachDialog(QDialog):
    def __init__(
        self,
        evidence: EvidenceService,
        files: EvidenceFiles,
        targets: list[Target],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachDialog")
        self.setWindowTitle(t("Attach a photo or a document"))
        self._evidence = evidence
        self._files = files
        self.attached: Attachment | None = None
        self.busy = False
        self.cancelled = False

        self.path = QLineEdit(self)
        self.path.setObjectName("file")
        self.path.setPlaceholderText(t("JPEG, PNG or WebP photo, or a PDF"))
        browse = QPushButton(t("Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self.browse)
        file_row = QWidget(self)
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for kind in KINDS:
            self.kind.addItem(kind_label(kind), kind)
        self.target = QComboBox(self)
        self.target.setObjectName("target")
        for target_type, target_id, words in targets:
            self.target.addItem(words, (target_type.value, target_id))
        self.caption = QLineEdit(self)
        self.caption.setObjectName("caption")

        general = error_label(self)
        general.setObjectName("generalError")
        layout_form = QFormLayout()
        self.form = CheckedForm(layout_form, general)
        self.form.add("file", t("File"), file_row, self)
        self.form.add("kind", t("Kind"), self.kind, self)
        self.form.add("target", t("Attached to"), self.target, self)
        self.form.add("caption", t("Caption"), self.caption, self)
        self.form.alias("name", "file")

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: reading, checking and storing the file
        self.progress.setFormat(t("Reading and storing the file…"))
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(t("Attach"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(layout_form)
        layout.addWidget(general)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, t("Attach a photo or a document"), "", t(FILE_FILTER)
        )
        if chosen:
            self.path.setText(chosen)
            if chosen.lower().endswith(".pdf") and self.kind.currentData() == "photo":
                self.kind.setCurrentIndex(self.kind.findData("document"))

    def start(self) -> None:
        """Prepare the file in the background; record the attachment when it is ready."""
        if self.busy:
            return
        text = self.path.text().strip()
        if not text:
            self.form.clear()
            self._refuse("file", t("Choose a file to attach."))
            return
        kind = EvidenceKind(self.kind.currentData())
        self._set_busy(True)
        self.form.clear()
        path = Path(text).expanduser()
        max_bytes = self._evidence.max_bytes()  # read here: the worker has no database
        run_in_background(
            lambda: _prepare(self._files, path, kind, max_bytes),
            on_error=self._failed,
            on_done=self._finish,
        )

    def _failed(self, error: Exception) -> None:
        """Not a refusal nor an unreadable file: a bug, for the crash dialog."""
        if shiboken6.isValid(self) and not self.cancelled:
            self._set_busy(False)
        report_bug(error)

    def _finish(self, outcome: object) -> None:
        if not shiboken6.isValid(self) or self.cancelled:
            return  # the dialog was closed while the file was read: record nothing
        self._set_busy(False)
        if isinstance(outcome, EvidenceRefused):
            self._refuse("file", refusal_text(outcome.params))
        elif isinstance(outcome, KnownError):
            self._refuse("file", error_text(outcome))
        elif isinstance(outcome, str):
            self._refuse("file", t("The file cannot be read: {why}").format(why=outcome))
        elif isinstance(outcome, PreparedFile):
            self._attach(outcome)

    def _attach(self, prepared: PreparedFile) -> None:
        target_type, target_id = self.target.currentData()
        try:
            self.attached = self._evidence.attach_stored(
                TargetType(target_type),
                target_id,
                prepared.stored,
                kind=EvidenceKind(self.kind.currentData()),
                name=prepared.name,
                caption=self.caption.text(),
            )
        except ValidationFailed as refused:
            self.form.show(refused.errors, t("Not attached: fix the fields marked in red."))
            return
        except EvidenceRefused as error:
            self._refuse("file", refusal_text(error.params))
            return
        except KnownError as error:
            self.form.show((), error_text(error))
            return
        self.accept()

    def reject(self) -> None:
        self.cancelled = True
        super().reject()

    def _refuse(self, field: str, text: str) -> None:
        label = self.form.errors[field]
        label.setText(text)
        label.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for button in self.buttons.buttons():
            if self.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole:
                button.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
