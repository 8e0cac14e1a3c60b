"""Small icons drawn in code, so no icon file has to ship for a status mark."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap


def painted_icon(size: int, paint: Callable[[QPainter], None]) -> QIcon:
    """A `size` px square icon, transparent where `paint` draws nothing; the painter is
    antialiased and draws no outline unless `paint` sets a pen."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        paint(painter)
    finally:
        painter.end()
    return QIcon(pixmap)
