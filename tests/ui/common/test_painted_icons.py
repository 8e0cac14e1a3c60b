"""The status marks drawn in code: the lot list's verdict dot and the custody warning, each in
its colour on a transparent ground."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QApplication

from microlot_desk.ui.lots.lot_table_model import VERDICT_COLOURS, verdict_dot
from microlot_desk.ui.provenance.custody_model import ALERT, _icon


def pixels(icon: QIcon, size: int) -> QImage:
    image = icon.pixmap(size, size).toImage()
    assert (image.width(), image.height()) == (size, size)
    return image


def test_the_verdict_dot_is_the_verdicts_colour_on_transparent(qapp: QApplication) -> None:
    image = pixels(verdict_dot("failing"), 10)
    assert image.pixelColor(5, 5) == VERDICT_COLOURS["failing"]
    assert image.pixelColor(0, 0).alpha() == 0
    assert pixels(verdict_dot("incomplete"), 10).pixelColor(5, 5) == QColor("#9a9a9a")


def test_the_custody_warning_is_a_triangle_with_a_white_mark(qapp: QApplication) -> None:
    image = pixels(_icon(ALERT.name()), 14)
    assert image.pixelColor(4, 12) == ALERT  # inside the triangle, left of the mark
    assert image.pixelColor(7, 7).lightness() > ALERT.lightness() + 50  # the white stroke
    assert image.pixelColor(1, 1).alpha() == 0  # outside: transparent
