"""The keys of the table-side entry screen that work from any field: next and previous sample,
next and previous cupper, full screen, and Escape to take back what was typed in a field.

They are caught before the field sees them, because a line edit claims Ctrl+Left/Right for
moving by word, which would keep a window shortcut from ever firing there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier

# (key, modifiers) -> action name
KEYS: dict[tuple[Qt.Key, Qt.KeyboardModifier], str] = {
    (Qt.Key.Key_PageDown, NONE): "next_sample",
    (Qt.Key.Key_Right, CTRL): "next_sample",
    (Qt.Key.Key_PageUp, NONE): "previous_sample",
    (Qt.Key.Key_Left, CTRL): "previous_sample",
    (Qt.Key.Key_PageDown, CTRL): "next_cupper",
    (Qt.Key.Key_Down, CTRL): "next_cupper",
    (Qt.Key.Key_PageUp, CTRL): "previous_cupper",
    (Qt.Key.Key_Up, CTRL): "previous_cupper",
    (Qt.Key.Key_F11, NONE): "full_screen",
    (Qt.Key.Key_Escape, NONE): "escape",
}


def action_for(event: QKeyEvent) -> str | None:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return KEYS.get((Qt.Key(event.key()), Qt.KeyboardModifier(modifiers)))


class EntryKeys(QObject):
    """An event filter for every field of the sheet; `act` is called with the action's name
    and returns True when it handled the key."""

    def __init__(self, act: Callable[[str, QObject], bool], parent: QObject | None = None):
        super().__init__(parent)
        self._act = act

    def watch(self, widget: QObject) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        action = action_for(event)
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # deliver it as a key press to the field, where we take it
            return True
        return self._act(action, watched)
