"""Descriptors at the table: the form's check-all-that-apply boxes, typed with a completer over
the form's lexicon (a flavour-wheel term list), ticked terms shown as chips a tap unticks, and
any word that is not a term handed on as free text for the section's note."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.cupping import DescriptorGroup
from microlot_desk.domain.text_folding import fold
from microlot_desk.ui.common.cupping_texts import CONTEXT, form_label
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.cupping.sheet_fields import (
    ENTER_KEYS,
    ROW_HEIGHT,
    SheetField,
    WindowUndoFilter,
)


class DescriptorField(SheetField):
    """Check-all-that-apply boxes, typed: the completer offers the form's terms as you type;
    Enter ticks the term, Backspace in the empty box unticks the last one, a click on a ticked
    term unticks it. Text that is not a term is handed on as a free-text note (`free_text`)."""

    free_text = Signal(str)

    def __init__(self, group: DescriptorGroup, parent: QWidget | None = None) -> None:
        super().__init__(group.key, parent)
        self.group = group
        self._labels: dict[str, str] = {}
        for choice in group.choices:
            self._labels[choice.key] = form_label(choice.label)
            for child in choice.children:
                self._labels[child.key] = form_label(child.label)
        self._by_text = {fold(label): key for key, label in self._labels.items()}
        self._by_text.update({fold(key): key for key in self._labels})
        self._chosen: list[str] = []

        self.edit = _DescriptorLine(self)
        self.edit.setPlaceholderText(
            tr("Type a term (up to {n}); Enter ticks it", CONTEXT).format(n=group.max_selected)
        )
        completer = QCompleter(QStringListModel(list(self._labels.values()), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.edit.setCompleter(completer)
        self.completer = completer
        self.chips = QHBoxLayout()
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.chips.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addLayout(self.chips)
        self.setFocusProxy(self.edit)

    def value(self) -> object:
        return list(self._chosen)

    def _display(self, stored: object) -> None:
        self._chosen = [str(item) for item in stored] if isinstance(stored, list) else []
        self.edit.clear()
        self._rebuild_chips()

    def focus_widget(self) -> QWidget:
        return self.edit

    def term_for(self, text: str) -> str | None:
        return self._by_text.get(fold(text.strip()))

    def enter_pressed(self) -> None:
        text = self.edit.text().strip()
        if not text:
            emit(self.advance)
            return
        self.edit.clear()
        key = self.term_for(text)
        if key is None:
            emit(self.free_text, text)
            return
        if key not in self._chosen:
            self._chosen.append(key)
            self._changed()

    def remove_last(self) -> None:
        if self._chosen:
            self._chosen.pop()
            self._changed()

    def remove(self, key: str) -> None:
        if key in self._chosen:
            self._chosen.remove(key)
            self._changed()

    def _changed(self) -> None:
        self._rebuild_chips()
        emit(self.edited)
        emit(self.finished)

    def _rebuild_chips(self) -> None:
        while self.chips.count() > 1:
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for position, key in enumerate(self._chosen):
            chip = QToolButton(self)
            chip.setObjectName(f"chip_{key}")
            chip.setText(f"{self._labels.get(key, key)}  ×")
            chip.setMinimumHeight(32)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setToolTip(tr("Untick", CONTEXT))
            chip.clicked.connect(lambda _checked=False, k=key: self.remove(k))
            self.chips.insertWidget(position, chip)


class _DescriptorLine(QLineEdit):
    def __init__(self, owner: DescriptorField) -> None:
        super().__init__(owner)
        self._owner = owner
        self.setMinimumHeight(ROW_HEIGHT)
        WindowUndoFilter(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS:
            self._owner.enter_pressed()
            return
        if event.key() == Qt.Key.Key_Backspace and not self.text():
            self._owner.remove_last()
            return
        super().keyPressEvent(event)
