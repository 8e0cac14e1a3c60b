"""Save PNGs of the main screens into docs/screenshots/, for the README.

Runs the real app offscreen (no display needed) on a fresh data folder in the temporary
directory, loads the demo lots through the first-start banner, drives the window the way a person
would (clicks, typing, Tab) and grabs the window itself, 1366 x 768, without any desktop around it:

    .venv/bin/python docs/take_screenshots.py [--out DIR]

The same code gives the same pictures: the folder has a fixed name and no clock is shown.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from microlot_desk.app import build_main_window, make_application
from microlot_desk.services.demo.demo_data import demo_lot_id
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.lots.lot_list_page import SEARCH_DELAY_MS
from microlot_desk.ui.main_window import MainWindow

WINDOW_SIZE = (1366, 768)
HERE = Path(__file__).resolve().parent


def settle(ms: int = 50) -> None:
    """Let Qt lay out and paint: process events for a short while."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path), "PNG", 0):  # 0: the smallest file
        raise OSError(f"could not write {path}")
    print(path)
    return path


def open_window(data_dir: Path) -> tuple[MainWindow, OpenDatabase]:
    database = open_database(data_dir / "microlot.sqlite")
    window = build_main_window(database)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.activateWindow()
    settle()
    return window, database


def close_window(window: MainWindow, database: OpenDatabase) -> None:
    window.close()  # saves a field still being edited, so before the database closes
    database.close()
    window.deleteLater()
    settle()


def editor_scroll(window: MainWindow) -> QScrollArea:
    scroll = window.lots_page.editor.findChild(QScrollArea)
    assert scroll is not None
    return scroll


def grab_modal(out: Path, name: str, open_it: Callable[[], object]) -> None:
    """Open a modal dialog, grab it once shown, then close it."""

    def grab_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet
            QTimer.singleShot(50, grab_and_close)
            return
        save(dialog, out, name)
        dialog.close()

    QTimer.singleShot(100, grab_and_close)
    open_it()


def take_all(out: Path, work: Path) -> list[Path]:
    shots: list[Path] = []

    # 1. An empty database: the banner offering demo data.
    window, database = open_window(work)
    shots.append(save(window, out, "01-empty-database"))

    # 2. Load the demo through the banner's button, select the Nariño lot.
    page = window.lots_page
    demo_button = page.empty_banner.findChild(QWidget, "loadDemo")
    assert demo_button is not None
    QTest.mouseClick(demo_button, Qt.MouseButton.LeftButton)
    page.select_lot(demo_lot_id("CO-2026-014"))
    shots.append(save(window, out, "02-lots-with-editor"))

    # 3. Search as you type, accents ignored.
    page.focus_search()
    QTest.keyClicks(page.search, "narino")
    settle(SEARCH_DELAY_MS + 100)
    shots.append(save(window, out, "03-search-narino"))
    page.search.clear()
    page.apply_filters()
    page.table.setFocus()
    settle(400)  # the search box's clear button fades out: wait for the end of it

    # 4. The editor scrolled down to the story and the weights.
    editor = page.editor
    page.select_lot(demo_lot_id("ET-2026-007"))
    settle()
    story_group = editor.fields["story"].parentWidget().parentWidget()
    editor_scroll(window).verticalScrollBar().setValue(story_group.y() - 6)
    shots.append(save(window, out, "04-editor-story-and-weights"))

    # 5. A refused value: the reason under the field, the text kept, nothing saved.
    page.select_lot(demo_lot_id("KE-2026-011"))
    settle()
    green = editor.fields["green_kg"].focus_widget()
    green.setFocus()
    QTest.keyClick(green, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(green, "2,400")
    QTest.keyClick(green, Qt.Key.Key_Tab)
    settle()
    weights_group = editor.fields["green_kg"].parentWidget().parentWidget()
    editor_scroll(window).verticalScrollBar().setValue(weights_group.y() - 160)
    shots.append(save(window, out, "05-validation-error"))

    # 6. The New lot dialog and the About box.
    grab_modal(out, "06-new-lot-dialog", page.new_lot)
    shots.append(out / "06-new-lot-dialog.png")
    grab_modal(out, "07-about", window.show_about)
    shots.append(out / "07-about.png")
    close_window(window, database)
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(sys.argv[:1])
    # A fixed name, as the database path shows in the status bar and the About box.
    work = Path(tempfile.gettempdir()) / "microlot_desk-screenshots"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        take_all(args.out, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
