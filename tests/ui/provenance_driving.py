"""Driving the lot editor's provenance tabs as a person does, and reading back through the
services, on a connection of its own, what was committed to the file."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import shiboken6
from driving import click_row, reactivate
from PIL import ExifTags, Image
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.services.common import thread_guard
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import open_database
from microlot_desk.ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)


def open_lot_tab(qtbot: QtBot, window: MainWindow, code: str, title: str) -> QWidget:
    """Click the lot's row, then the editor's tab with this title; the tab's widget."""
    page = window.lots_page
    click_row(qtbot, page, code)
    tabs = page.editor.findChild(QTabWidget, "lotTabs")
    assert tabs is not None
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(titles.index(title)).center())
    assert tabs.currentIndex() == titles.index(title)
    QCoreApplication.processEvents()
    return tabs.currentWidget()


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_dialog(qtbot: QtBot, parent: QWidget, kind: type[W]) -> W:
    """The dialog of this class that an action opened (window-modal, so not blocking)."""
    found: list[W] = []

    def shown() -> bool:
        found[:] = [d for d in parent.findChildren(kind) if d.isVisible()]
        return len(found) == 1

    qtbot.waitUntil(shown, timeout=3000)
    dialog = found[0]
    reactivate(qtbot, dialog)
    return dialog


def gone(dialog: QWidget) -> bool:
    """Closed (and perhaps deleted already: the dialogs delete themselves on close)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Click into a field and type, replacing what was there."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def pick(qtbot: QtBot, combo: QComboBox, data: str) -> None:
    """Choose an entry of a closed combo box with the arrow keys."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def choose_from_popup(qtbot: QtBot, combo: QComboBox, label: str) -> None:
    """Open a filter's list with a click, walk to the entry with the arrow keys, press Enter."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(combo.view().isVisible)
    start = combo.view().currentIndex().row()
    key = Qt.Key.Key_Down if combo.findText(label) > start else Qt.Key.Key_Up
    while combo.view().currentIndex().data() != label:
        popup = QApplication.activePopupWidget()
        assert popup is not None
        qtbot.keyClick(popup.focusWidget() or popup, key)
    popup = QApplication.activePopupWidget()
    assert popup is not None
    qtbot.keyClick(popup.focusWidget() or popup, Qt.Key.Key_Return)
    assert combo.currentText() == label
    reactivate(qtbot, combo)


@contextmanager
def committed(db_path: Path) -> Iterator[Workspace]:
    """The services over a read-only connection of their own: only committed data is seen.
    What the test reads through them is the test's look, not the screen's: no thread check."""
    reader = open_database(db_path, read_only=True, clock=TickingClock())
    try:
        with thread_guard.disarmed():
            yield Workspace(reader, LotService(reader))
    finally:
        reader.close()


def _dms(value: Decimal) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = (minutes_full - minutes) * 60
    return float(degrees), float(minutes), float(round(seconds, 4))


def photo_with_gps(path: Path, lat: Decimal, lon: Decimal) -> bytes:
    """A small JPEG made with Pillow, carrying where it was taken as EXIF GPS."""
    image = Image.new("RGB", (80, 60), (90, 140, 200))
    image.paste((60, 120, 40), (0, 36, 80, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N" if lat >= 0 else "S",
        ExifTags.GPS.GPSLatitude: _dms(lat),
        ExifTags.GPS.GPSLongitudeRef: "E" if lon >= 0 else "W",
        ExifTags.GPS.GPSLongitude: _dms(lon),
    }
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return out.getvalue()


def gps_of(data: bytes) -> dict[int, object]:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))
