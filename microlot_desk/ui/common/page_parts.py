"""The small pieces every page is made of: a greyed hint under a control, a line that tells
the outcome of an action (hidden until it has something to say), and the vertical scroll a
page's body sits in, so a long message wraps onto the lines it needs on a small screen too."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from microlot_desk.ui.common.checked_form import ERROR_STYLE

HINT_STYLE = "color: palette(placeholder-text);"
__all__ = ["ERROR_STYLE", "HINT_STYLE", "hint_label", "result_label", "tell", "vertical_scroll"]


def hint_label(text: str, parent: QWidget) -> QLabel:
    hint = QLabel(text, parent)
    hint.setWordWrap(True)
    hint.setStyleSheet(HINT_STYLE)
    return hint


def result_label(name: str, parent: QWidget) -> QLabel:
    """An outcome line (object name `name`), selectable, hidden while empty."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def tell(label: QLabel, text: str, *, problem: bool = False) -> None:
    """Put plain `text` in an outcome line (red for a problem); empty hides it."""
    label.setStyleSheet(ERROR_STYLE if problem else "")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setVisible(bool(text))  # an empty label would still take a line
    # Once more on the next turn: set as a progress dialog closes, the label kept its old
    # height in the layout and a long refusal was cut after one line.
    QTimer.singleShot(0, label.updateGeometry)


def vertical_scroll(body: QWidget, parent: QWidget) -> QScrollArea:
    """`body` in a frameless scroll area that scrolls up and down only: its width follows the
    page, so wrapped labels ask for the height they need."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    return scroll
