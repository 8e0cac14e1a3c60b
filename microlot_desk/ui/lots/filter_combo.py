"""A filter menu that reads its choices from the data only when someone opens or focuses it.

Filling the country menu needs every country's name, and the names need a library whose import
alone costs a tenth of start-up; the menu shows "All countries" until it is used, so there is
nothing to gain by filling it earlier. After an edit the menu is marked stale and refilled on
next use, keeping the chosen value even when no lot has it any more (the list is still filtered
by it, and "All" over a filtered list would mislead).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

Choices = Callable[[], list[tuple[str, str]]]


class LazyFilterCombo(QComboBox):
    def __init__(self, everything: str, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices
        self._stale = True
        self.addItem(everything, "")

    def invalidate(self) -> None:
        self._stale = True

    def ensure_loaded(self) -> None:
        if not self._stale:
            return
        self._stale = False
        current, current_label = self.currentData() or "", self.currentText()
        items = self._choices()
        if current and current not in {key for key, _ in items}:
            items = sorted([*items, (current, current_label)])
        everything = self.itemText(0)
        self.blockSignals(True)
        self.clear()
        self.addItem(everything, "")
        for key, label in items:
            self.addItem(label, key)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)

    def choose(self, key: str) -> None:
        """Select `key` as a person would (loading the choices first)."""
        self.ensure_loaded()
        self.setCurrentIndex(max(self.findData(key), 0))

    def showPopup(self) -> None:
        self.ensure_loaded()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.ensure_loaded()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.ensure_loaded()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.ensure_loaded()
        super().wheelEvent(event)
