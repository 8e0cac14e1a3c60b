"""The fields of a cupping sheet at the table, each with the same small contract (SheetField):
show a stored value, hand back what is on screen, and say when the person changed it (the total
is recomputed), left it (it is committed) or pressed Enter (the next section takes the focus).

Scores are typed as the person writes numbers ("8,75" or "8.75"); Up/Down and +/- step by the
form's increment. Nothing here writes: the entry screen commits.
"""

from __future__ import annotations

from abc import abstractmethod
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from microlot_desk.domain.cupping import Section
from microlot_desk.domain.cupping.decimals import is_on_step, parse_value
from microlot_desk.ui.common.cupping_texts import (
    canonical_number,
    form_label,
    preview_number,
    show_number,
)
from microlot_desk.ui.common.signal_emit import emit

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
ROW_HEIGHT = 42  # a fingertip: the table-side screen is used on touch laptops


class SheetField(QWidget):
    """Base of every field: `key` is the form's key (a section, cup field or descriptor group;
    for notes the section the note belongs to, "" for the whole sheet)."""

    edited = Signal()  # what is on screen changed: recompute the total, write nothing
    finished = Signal()  # the person is done with the value: commit it if it changed
    advance = Signal()  # Enter: commit, then the next section

    is_note = False

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._stored: object = None

    # Abstract: Shiboken's metaclass rules out ABCMeta, but mypy still refuses to instantiate a
    # class that leaves an @abstractmethod undefined.
    @abstractmethod
    def value(self) -> object:
        """What the service is given for this field (None clears it)."""

    def preview(self) -> object:
        """What the live total scores with (may be half-typed)."""
        return self.value()

    def load(self, stored: object) -> None:
        """Show a stored value and remember it as what the database holds."""
        self._stored = stored
        self._display(stored)

    @abstractmethod
    def _display(self, stored: object) -> None:
        """Put a stored value on screen."""

    @property
    def stored(self) -> object:
        return self._stored

    def dirty(self) -> bool:
        """True when the screen differs from what was stored."""
        return not same_value(self.value(), self._stored)

    def focus_widget(self) -> QWidget:
        return self

    def set_editable(self, editable: bool) -> None:
        self.setEnabled(editable)


def same_value(shown: object, stored: object) -> bool:
    """Compare a value from the screen with a stored one: 8.50 equals "8.5", [] equals None."""
    if shown in (None, "", []) and stored in (None, "", []):
        return True
    a, b = parse_value(shown), parse_value(stored)
    if a is not None and b is not None:
        return a == b
    if isinstance(shown, list | tuple) and isinstance(stored, list | tuple):
        return list(shown) == list(stored)
    return shown == stored


class WindowUndoFilter(QObject):
    """A line edit keeps Ctrl+Z / Ctrl+Shift+Z only while it has typing of its own to undo;
    otherwise the keys reach the window's Undo and Redo (the saved changes)."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) and not self._edit.isUndoAvailable():
                event.ignore()
                return True
            if event.matches(QKeySequence.StandardKey.Redo) and not self._edit.isRedoAvailable():
                event.ignore()
                return True
        return False


class _Line(QLineEdit):
    """A line edit that hands Enter, the step keys and focus-out to its field."""

    def __init__(self, owner: SheetField, stepper: ScoreField | None = None) -> None:
        super().__init__(owner)
        self._owner = owner
        self._stepper = stepper
        self.setMinimumHeight(ROW_HEIGHT)
        WindowUndoFilter(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in ENTER_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            emit(self._owner.advance)
            return
        if self._stepper is not None:
            direction = _step_direction(event)
            if direction:
                self._stepper.step(direction)
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            emit(self._owner.finished)


def _step_direction(event: QKeyEvent) -> int:
    if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return 0  # Ctrl+Up/Down move between cuppers
    if event.key() == Qt.Key.Key_Up or event.text() == "+":
        return 1
    if event.key() == Qt.Key.Key_Down or event.text() == "-":
        return -1
    return 0


class ScoreField(SheetField):
    """A number on the form's grid: a score, an intensity, a count or a measure."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(section.key, parent)
        self.section = section
        self.edit = _Line(self, self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit.setAccessibleName(form_label(section.label))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda _text: emit(self.edited))

    def value(self) -> object:
        return canonical_number(self.edit.text())

    def preview(self) -> object:
        return preview_number(self.edit.text())

    def _display(self, stored: object) -> None:
        number = parse_value(stored)
        if number is None:  # nothing stored, or text that does not read back: shown as it is
            self.edit.setText("" if stored is None else str(stored))
        else:
            self.edit.setText(self._shown(number))

    def _shown(self, value: Decimal | None) -> str:
        """A value with as many decimals as the form's step has (8.50 on a 0.25 grid)."""
        if value is None:
            return ""
        number_range = self.section.range
        places = 0
        if number_range is not None:
            places = max(0, -int(number_range.step.normalize().as_tuple().exponent))
        if value == value.to_integral_value() and places == 0:
            return show_number(value.quantize(Decimal(1)))
        return show_number(value.quantize(Decimal(1).scaleb(-places)) if places else value)

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)

    def step(self, direction: int) -> None:
        """Move the shown value one step of the form up or down, within the range."""
        number_range = self.section.range
        if number_range is None or self.edit.isReadOnly():
            return
        current = parse_value(self.preview())
        low, high, step = number_range.minimum, number_range.maximum, number_range.step
        if current is None:
            value = self._start_value()
        else:
            value = current + step * direction
            if not is_on_step(current, low, step):  # snap onto the grid, in the direction
                value = low + ((current - low) // step + (1 if direction > 0 else 0)) * step
        value = max(low, value if high is None else min(high, value))
        self.edit.setText(self._shown(value))
        emit(self.edited)

    def _start_value(self) -> Decimal:
        number_range = self.section.range
        assert number_range is not None
        if self.section.warn_below is not None:
            return self.section.warn_below
        if number_range.maximum is None:
            return number_range.minimum
        middle = (number_range.minimum + number_range.maximum) / 2
        steps = (middle - number_range.minimum) // number_range.step
        return number_range.minimum + steps * number_range.step


class ChoiceField(SheetField):
    """One term from the section's list (a colour)."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(section.key, parent)
        self.combo = _EnterCombo(self)
        self.combo.setMinimumHeight(ROW_HEIGHT)
        self.combo.addItem("—", None)
        for choice in section.choices:
            self.combo.addItem(form_label(choice.replace("_", " ")), choice)
        self.combo.setAccessibleName(form_label(section.label))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(self._chosen)

    def _chosen(self, _index: int) -> None:
        emit(self.edited)
        emit(self.finished)

    def value(self) -> object:
        return self.combo.currentData()

    def _display(self, stored: object) -> None:
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(max(0, self.combo.findData(stored)))

    def focus_widget(self) -> QWidget:
        return self.combo


class _EnterCombo(QComboBox):
    def __init__(self, owner: SheetField) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS:
            emit(self._owner.advance)
            return
        super().keyPressEvent(event)


class NoteField(SheetField):
    """Free text beside a section or the whole sheet; committed when left."""

    is_note = True

    def __init__(self, key: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.edit = _Line(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaxLength(4000)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> object:
        return self.edit.text().strip()

    def _display(self, stored: object) -> None:
        self.edit.setText(str(stored or ""))
        self.edit.setCursorPosition(0)

    def dirty(self) -> bool:
        return str(self.value()) != str(self.stored or "")

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)

    def append(self, text: str) -> None:
        current = self.edit.text().strip()
        self.edit.setText(f"{current}; {text}" if current else text)
