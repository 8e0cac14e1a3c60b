"""Per-cup marks: one big button per cup, for a cups section (which cups pass: uniformity, clean
cup, sweetness) and for cup fields (non-uniform, defective with its type, taint, fault, defect
levels).

Keyboard: the row takes the focus as a whole; 1-5 toggle a cup, Delete clears the row, Enter
moves on (on a cups section not yet entered, Enter first records that every cup passes). Each
change is committed at once (one cup is one click). A defective cup's type is picked in the
box under it (typing its first letters works there too).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QToolButton, QWidget

from microlot_desk.domain.cupping import CupField, NumberRange, Section
from microlot_desk.ui.common.cupping_texts import CONTEXT, form_label
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.cupping.sheet_fields import ENTER_KEYS, ROW_HEIGHT, SheetField

RowMode = Literal["cups", "flag", "choice", "level"]
Mark = bool | str | int

_STYLES = {
    "pass": "background: #d7efdb; color: #13521f;",
    "fail": "background: #f7d4d4; color: #8a1111; font-weight: bold;",
    "unset": "color: #777777;",
    "marked": "background: #f7d4d4; color: #8a1111; font-weight: bold;",
    "plain": "",
}
_BASE = "QToolButton { border: 1px solid #9a9a9a; border-radius: 6px; font-size: %spt; %s }"


class CupRow(SheetField):
    def __init__(
        self,
        key: str,
        label: str,
        mode: RowMode,
        cups: int,
        *,
        choices: tuple[str, ...] = (),
        levels: NumberRange | None = None,
        points_per_cup: Decimal | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(key, parent)
        self.mode = mode
        self.cups = cups
        self.choices = choices
        self.levels = levels
        self.points_per_cup = points_per_cup
        self._marks: list[Mark] = self._empty()
        self._unset = mode == "cups"
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(label)
        self.setObjectName(f"cups_{key}")
        self.buttons: list[QToolButton] = []
        self.types: list[QComboBox] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 1, 2, 1)
        grid.setHorizontalSpacing(6)
        for cup in range(cups):
            button = QToolButton(self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(64 if mode != "choice" else 104, ROW_HEIGHT)
            button.setToolTip(tr("Cup {n}", CONTEXT).format(n=cup + 1))
            button.clicked.connect(lambda _checked=False, c=cup: self._clicked(c))
            grid.addWidget(button, 0, cup)
            self.buttons.append(button)
            if mode == "choice":
                grid.addWidget(self._type_box(cup), 1, cup)
        self.summary = QLabel(self)
        self.summary.setMinimumWidth(120)
        grid.addWidget(self.summary, 0, cups)
        grid.setColumnStretch(cups + 1, 1)
        self._refresh()

    @classmethod
    def for_section(cls, section: Section, cups: int, parent: QWidget | None = None) -> CupRow:
        return cls(
            section.key,
            form_label(section.label),
            "cups",
            cups,
            points_per_cup=section.points_per_cup,
            parent=parent,
        )

    @classmethod
    def for_cup_field(cls, field: CupField, cups: int, parent: QWidget | None = None) -> CupRow:
        mode: RowMode = "flag" if field.marks == "flag" else field.marks
        return cls(
            field.key,
            form_label(field.label),
            mode,
            cups,
            choices=field.choices,
            levels=field.levels,
            parent=parent,
        )

    def _type_box(self, cup: int) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(f"type_{self.key}_{cup + 1}")
        box.addItem(tr("type…", CONTEXT), None)
        for choice in self.choices:
            box.addItem(form_label(choice), choice)
        box.setMinimumHeight(36)
        box.setToolTip(tr("Defect type of cup {n}", CONTEXT).format(n=cup + 1))
        box.activated.connect(lambda _index, c=cup: self._typed(c))
        self.types.append(box)
        return box

    # ---- the SheetField contract -------------------------------------------------------

    def _empty(self) -> list[Mark]:
        if self.mode == "cups":
            return [True] * self.cups
        return [0 if self.mode == "level" else False] * self.cups

    def value(self) -> object:
        if self.mode == "cups":
            return None if self._unset else list(self._marks)
        if not any(self._marks):
            return None  # nothing marked is the same as a field left out
        return list(self._marks)

    def _display(self, stored: object) -> None:
        marks = self._empty()
        self._unset = self.mode == "cups" and stored is None
        if isinstance(stored, list) and len(stored) == self.cups:
            marks = [self._read(mark) for mark in stored]
        elif isinstance(stored, int) and not isinstance(stored, bool):
            # Stored as a count (an import, the CLI): the first n cups pass, or are marked.
            marks = [cup < stored for cup in range(self.cups)]
        self._marks = marks
        self._refresh()

    def _read(self, mark: object) -> Mark:
        if self.mode == "level":
            return mark if isinstance(mark, int) else 0
        if self.mode == "choice" and isinstance(mark, str):
            return mark
        return bool(mark)

    # ---- changes -----------------------------------------------------------------------

    def toggle(self, cup: int) -> None:
        if not self.isEnabled() or not 0 <= cup < self.cups:
            return
        if self.mode == "level":
            self._marks[cup] = self._next_level(int(self._marks[cup]))
        elif self.mode == "cups" and self._unset:
            self._unset = False
            self._marks = self._empty()
            self._marks[cup] = False
        else:
            self._marks[cup] = not self._marks[cup]
        self._changed()

    def _next_level(self, level: int) -> int:
        if self.levels is None:
            return 0
        low, high = int(self.levels.minimum), int(self.levels.maximum or self.levels.minimum)
        return low if level == 0 else (0 if level >= high else level + 1)

    def _clicked(self, cup: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.toggle(cup)

    def _typed(self, cup: int) -> None:
        choice = self.types[cup].currentData()
        if choice is not None:
            self._marks[cup] = str(choice)
        elif self._marks[cup]:
            self._marks[cup] = True  # still marked, but no type: it will not count
        self._changed()

    def clear(self) -> None:
        self._marks = self._empty()
        self._unset = self.mode == "cups"
        self._changed()

    def confirm_all_pass(self) -> None:
        """Enter on a cups section nobody touched yet: every cup passes."""
        if self.mode == "cups" and self._unset:
            self._unset = False
            self._marks = self._empty()
            self._changed()

    def _changed(self) -> None:
        self._refresh()
        emit(self.edited)
        emit(self.finished)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if key in ENTER_KEYS:
            self.confirm_all_pass()
            emit(self.advance)
        elif text.isdigit() and 1 <= int(text) <= self.cups:
            self.toggle(int(text) - 1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) or text == "0":
            self.clear()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._refresh()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._refresh()

    # ---- showing -----------------------------------------------------------------------

    def _refresh(self) -> None:
        points = f"{self.font().pointSizeF():g}"
        for cup, button in enumerate(self.buttons):
            text, style = self._face(cup)
            button.setText(text)
            button.setStyleSheet(_BASE % (points, style))
        for cup, box in enumerate(self.types):
            with QSignalBlocker(box):
                mark = self._marks[cup]
                box.setCurrentIndex(max(0, box.findData(mark)) if isinstance(mark, str) else 0)
        self.summary.setText(self._summary())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # the row has the keyboard: a frame round it, as a line edit has
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor("#2a6fdb"), 2))
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 8, 8)
            painter.end()

    def _face(self, cup: int) -> tuple[str, str]:
        number = str(cup + 1)
        mark = self._marks[cup]
        if self.mode == "cups":
            if self._unset:
                return number, _STYLES["unset"]
            return (f"{number} ✓", _STYLES["pass"]) if mark else (f"{number} ✗", _STYLES["fail"])
        if self.mode == "level":
            return (f"{number}: {mark}", _STYLES["marked"]) if mark else (number, "")
        if isinstance(mark, str):
            return f"{number} ✗ {form_label(mark)}", _STYLES["marked"]
        return (f"{number} ✗", _STYLES["marked"]) if mark else (number, _STYLES["plain"])

    def _summary(self) -> str:
        if self.mode == "cups":
            if self._unset:
                return tr("Enter: all cups pass", CONTEXT)
            passing = sum(1 for mark in self._marks if mark)
            points = (self.points_per_cup or Decimal(1)) * passing
            return tr("{points} points", CONTEXT).format(points=points)
        if self.mode == "level":
            return tr("sum {n}", CONTEXT).format(n=sum(int(m) for m in self._marks))
        marked = sum(1 for mark in self._marks if mark)
        return tr("{n} cups", CONTEXT).format(n=marked)
