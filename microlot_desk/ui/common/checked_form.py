"""A form whose refused fields show their reason right beneath them (the short dialogs of the
custody, lineage and evidence screens). Nothing is written when a service refuses input; the
dialog stays open with every reason beside the field it names."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from microlot_desk.errors import FieldError
from microlot_desk.ui.common.texts import field_error_text, field_label

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class CheckedForm:
    """Rows of (label, widget, reason beneath) in a QFormLayout, keyed by the service's field
    names; reasons for fields without a row go to `general`."""

    def __init__(self, form: QFormLayout, general: QLabel) -> None:
        self.form = form
        self.general = general
        self.errors: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    def add(self, name: str, label: str, widget: QWidget, parent: QWidget) -> QLabel:
        holder = QWidget(parent)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = error_label(holder)
        column.addWidget(error)
        caption = QLabel(label, parent)
        caption.setBuddy(widget)
        self.form.addRow(caption, holder)
        self.errors[name] = error
        self.widgets[name] = widget
        return error

    def alias(self, name: str, shown_under: str) -> None:
        """Reasons about `name` are shown under the row of `shown_under`."""
        self.errors[name] = self.errors[shown_under]

    def clear(self) -> None:
        for label in {id(v): v for v in self.errors.values()}.values():
            show_error(label, "")
        show_error(self.general, "")

    def show(self, errors: Iterable[FieldError], fallback: str = "") -> None:
        """Each reason beneath its field; the rest (and `fallback`) in the general line."""
        self.clear()
        placed: dict[int, list[str]] = {}
        labels: dict[int, QLabel] = {}
        general: list[str] = [fallback] if fallback else []
        for error in errors:
            target = self.errors.get(error.field)
            if target is None:
                general.append(f"{field_label(error.field)}: {field_error_text(error)}")
                continue
            placed.setdefault(id(target), []).append(field_error_text(error))
            labels[id(target)] = target
        for key, texts in placed.items():
            show_error(labels[key], "\n".join(texts))
        show_error(self.general, "\n".join(general))
        # The reasons take room the dialog did not have: let it grow, rather than squeeze the
        # rows until a field and its reason overlap.
        dialog = self.general.window()
        if isinstance(dialog, QDialog):
            dialog.adjustSize()
        first = next((w for n, w in self.widgets.items() if not self.errors[n].isHidden()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
