"""One editor widget per kind of lot field, all with the same small contract: show a text,
hand back what the person entered, and say when they are done with the field."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QSignalBlocker, Qt, Signal, SignalInstance
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from microlot_desk.domain.countries import all_countries


class EditorField(Protocol):
    """What the lot editor needs of every field widget."""

    finished: SignalInstance  # the person left the field or confirmed it

    def value(self) -> Any: ...
    def set_value(self, value: Any) -> None: ...
    def set_editable(self, editable: bool) -> None: ...
    def focus_widget(self) -> QWidget: ...


class FieldWidget(QWidget):
    finished = Signal()

    def set_editable(self, editable: bool) -> None:
        self.setEnabled(editable)


class LineField(FieldWidget):
    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self.finished)
        # Enter confirms the field and moves on, like Tab: quicker than reaching for the mouse.
        self.edit.returnPressed.connect(lambda: self.edit.focusNextChild())

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(str(value or ""))
        self.edit.setCursorPosition(0)

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)

    def focus_widget(self) -> QWidget:
        return self.edit


class ChoiceField(FieldWidget):
    """A fixed list; `choices` are (stored key, shown label)."""

    def __init__(self, choices: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        for key, label in choices:
            self.combo.addItem(label, key)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(lambda _index: self.finished.emit())

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.combo):
            index = self.combo.findData(value or "")
            self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class CountryField(FieldWidget):
    """Type a code or a name; the completer finds 'Colombia' from 'col' and stores 'CO'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("", "")
        for code, name in all_countries():
            self.combo.addItem(f"{code} — {name}", code)
        completer = self.combo.completer()
        assert completer is not None  # an editable combo always has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(lambda _index: self.finished.emit())
        line = self.combo.lineEdit()
        assert line is not None  # an editable combo always has one
        line.editingFinished.connect(self.finished)
        line.returnPressed.connect(lambda: self.combo.focusNextChild())

    def value(self) -> str:
        text = self.combo.currentText().strip()
        index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.combo.itemData(index))
        # A bare code such as "co" or whatever was typed: the parser decides if it is valid.
        return text.split("—")[0].strip()

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.combo):
            index = self.combo.findData(value or "")
            self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class _FocusOutTextEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class TextField(FieldWidget):
    """Several lines (story, notes): saved when the person leaves the box."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _FocusOutTextEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(70)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.left.connect(self.finished)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText(str(value or ""))

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)

    def focus_widget(self) -> QWidget:
        return self.edit


class ChecksField(FieldWidget):
    """Several yes/no options (isolation criteria); each click is saved."""

    def __init__(self, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for key, label in options:
            box = QCheckBox(label, self)
            box.clicked.connect(lambda _checked: self.finished.emit())
            layout.addWidget(box)
            self.boxes[key] = box
        layout.addStretch(1)

    def value(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for key, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(key in chosen)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self)
