"""One editor widget per kind of lot field, all with the same small contract: show a text,
hand back what the person entered, and say when they are done with the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from microlot_desk.domain.countries import all_countries
from microlot_desk.domain.text_folding import fold
from microlot_desk.ui.common.locale_formats import text_formats
from microlot_desk.ui.common.signal_emit import emit

# The keys of the window's Edit > Undo and Edit > Redo (each has several bindings).
_HISTORY_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class _WindowUndoWhenFieldHasNone(QObject):
    """A text field claims Ctrl+Z / Ctrl+Shift+Z for its own typing even when it has nothing to
    undo, so the Edit menu's Undo (of saved changes) never fired while the cursor sat in any
    field. With this filter the field keeps the keys only while it has typing of its own to undo
    or redo; otherwise they reach the window's Undo and Redo."""

    def __init__(self, watched: QWidget, has_own: Callable[[QKeySequence.StandardKey], bool]):
        super().__init__(watched)
        self._has_own = has_own
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            for key in _HISTORY_KEYS:
                if event.matches(key) and not self._has_own(key):
                    event.ignore()
                    return True  # not overridden: the shortcut goes to the window
        return False


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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self.finished)
        # Enter confirms the field and moves on, like Tab: quicker than reaching for the mouse.
        self.edit.returnPressed.connect(lambda: self.edit.focusNextChild())
        _WindowUndoWhenFieldHasNone(self.edit, lambda key: _line_has_own(self.edit, key))

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(str(value or ""))
        self.edit.setCursorPosition(0)

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)

    def focus_widget(self) -> QWidget:
        return self.edit


def _line_has_own(edit: QLineEdit, key: QKeySequence.StandardKey) -> bool:
    if key == QKeySequence.StandardKey.Undo:
        return edit.isUndoAvailable()
    return edit.isRedoAvailable()


class ChoiceField(FieldWidget):
    """A fixed list; `choices` are (stored key, shown label)."""

    def __init__(self, choices: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(10)
        for key, label in choices:
            self.combo.addItem(label, key)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(lambda _index: emit(self.finished))

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
        # Not as wide as the longest name ("South Georgia and the South Sandwich Islands"): that
        # pushed the whole editor wider than its pane.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(16)
        self.combo.addItem("", "")
        self._by_name: dict[str, str] = {}
        # English names are still understood when typed; the list shows the reader's language.
        for code, name in all_countries():
            self._by_name[fold(name)] = code
        for code, name in all_countries(text_formats().locale):
            self.combo.addItem(f"{code} — {name}", code)
            self._by_name[fold(name)] = code
        completer = self.combo.completer()
        assert completer is not None  # an editable combo always has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(lambda _index: emit(self.finished))
        line = self.combo.lineEdit()
        assert line is not None  # an editable combo always has one
        line.editingFinished.connect(self.finished)
        line.returnPressed.connect(lambda: self.combo.focusNextChild())
        # The combo box, not its line edit, has the focus and receives the shortcut keys.
        _WindowUndoWhenFieldHasNone(self.combo, lambda key: _line_has_own(line, key))

    def value(self) -> str:
        text = self.combo.currentText().strip()
        index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.combo.itemData(index))
        # A name typed out ("ecuador", "Perú"), or the unique start of one ("bolivia").
        folded = fold(text)
        if folded in self._by_name:
            return self._by_name[folded]
        if len(folded) > 2:
            starts = {code for name, code in self._by_name.items() if name.startswith(folded)}
            if len(starts) == 1:
                return starts.pop()
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

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines

    def _height(self) -> int:
        text = self.fontMetrics().lineSpacing() * self._lines
        return text + 2 * (self.frameWidth() + int(self.document().documentMargin())) + 2

    # The same height wanted and needed: otherwise the form jumped by hundreds of pixels when an
    # error line appeared (Qt lays a form with wrapping labels out by its preferred sizes).
    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        emit(self.left)


class TextField(FieldWidget):
    """Several lines (story, notes): saved when the person leaves the box."""

    def __init__(self, placeholder: str = "", lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = _FocusOutTextEdit(lines, self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)
        document = self.edit.document()
        _WindowUndoWhenFieldHasNone(
            self.edit,
            lambda key: (
                document.isUndoAvailable()
                if key == QKeySequence.StandardKey.Undo
                else document.isRedoAvailable()
            ),
        )
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
        # Two columns: four options in one row made the editor wider than its pane.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for number, (key, label) in enumerate(options):
            box = QCheckBox(label, self)
            box.clicked.connect(lambda _checked: emit(self.finished))
            layout.addWidget(box, number // 2, number % 2)
            self.boxes[key] = box
        layout.setColumnStretch(2, 1)

    def value(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for key, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(key in chosen)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self)
