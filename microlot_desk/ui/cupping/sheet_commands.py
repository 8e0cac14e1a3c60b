"""Undo and redo of sheet fields. A command is pushed after its change was committed (its first
redo() is that commit, already done); undo and redo write again through the service, each one
transaction, on whichever sheet the change was made."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand


class HistoryTarget(Protocol):
    def apply_history(
        self, sample_id: str, cupper_id: str, key: str, value: object, note: bool
    ) -> None: ...


class SheetFieldCommand(QUndoCommand):
    def __init__(
        self,
        target: HistoryTarget,
        text: str,
        where: tuple[str, str],
        key: str,
        change: tuple[object, object],
        *,
        note: bool = False,
    ) -> None:
        super().__init__(text)
        self._target = target
        self._sample_id, self._cupper_id = where
        self._key = key
        self._old, self._new = change
        self._note = note
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._target.apply_history(
            self._sample_id, self._cupper_id, self._key, self._new, self._note
        )

    def undo(self) -> None:
        self._target.apply_history(
            self._sample_id, self._cupper_id, self._key, self._old, self._note
        )
