"""The panel leader's short confirmations: leave a sheet out (or take it back) with a reason, and
reveal a blind session's lots. Each asks who is doing it, because both are logged for good.

The dialog hands the answers to `attempt`, which does the work and returns None, or the
reasons it was refused by field ("reason", "by", or "" for the whole); a refused dialog stays
open with the reason under the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.ui.common.cupping_texts import CONTEXT
from microlot_desk.ui.common.texts import error_text, field_error_text, field_label, tr

Attempt = Callable[[str, str], Mapping[str, str] | None]
ERROR_STYLE = "color: #b00020;"


class ConfirmDialog(QDialog):
    def __init__(
        self,
        title: str,
        message: str,
        attempt: Attempt,
        *,
        by: str = "",
        ask_reason: bool = True,
        action: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("confirmDialog")
        self._attempt = attempt
        self.message = QLabel(message, self)
        self.message.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.by = QLineEdit(by, self)
        self.by.setObjectName("by")
        self.errors = {name: self._error_label() for name in ("reason", "by", "")}
        form = QFormLayout()
        if ask_reason:
            form.addRow(tr("Reason", CONTEXT), self.reason)
            form.addRow("", self.errors["reason"])
        else:
            self.reason.hide()
        form.addRow(tr("Your name", CONTEXT), self.by)
        form.addRow("", self.errors["by"])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if action:
            ok.setText(action)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)
        (self.reason if ask_reason else self.by).setFocus()
        self.setMinimumWidth(460)

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    def _try(self) -> None:
        for label in self.errors.values():
            label.hide()
        refused = self._attempt(self.reason.text(), self.by.text())
        if not refused:
            self.accept()
            return
        for name, text in refused.items():
            label = self.errors.get(name, self.errors[""])
            label.setText(text)
            label.show()


def refusal_by_field(error: KnownError) -> dict[str, str]:
    """A service's refusal as texts by the dialog's fields."""
    if isinstance(error, ValidationFailed):
        found: dict[str, str] = {}
        for field_error in error.errors:
            name = field_error.field if field_error.field in ("reason", "by") else ""
            found[name] = f"{field_label(field_error.field)} {field_error_text(field_error)}"
        return found
    return {"": error_text(error)}
