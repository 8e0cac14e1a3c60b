"""Layout at a common laptop size (1366 x 768): nothing clipped sideways, no jumping form, the
list's key columns in view, and scripts that render as text rather than boxes."""

from __future__ import annotations

import pytest
from driving import (
    OFFSCREEN_POPUP_NOISE,
    click_row,
    column,
    field_edit,
    press,
    retype,
)
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from microlot_desk.app import build_main_window
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def editor_form(window: MainWindow) -> QScrollArea:
    form = window.lots_page.editor.findChild(QScrollArea, "lotForm")
    assert form is not None
    return form


def test_the_editor_form_fits_its_pane_without_scrolling_sideways(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CO-2026-014")
    form = editor_form(window)
    body = form.widget()
    assert body.minimumSizeHint().width() <= form.viewport().width()
    assert body.width() <= form.viewport().width()
    for name in page.editor.fields:  # every field's right edge is inside the visible pane
        widget = field_edit(page, name)
        right = widget.mapTo(form.viewport(), widget.rect().topRight()).x()
        assert right <= form.viewport().width(), name


def test_an_error_line_does_not_make_the_form_jump(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CO-2026-014")
    body = editor_form(window).widget()
    story = field_edit(page, "story")
    heights_before = story.height(), body.height()
    retype(qtbot, page, "green_kg", "abc")
    press(qtbot, Qt.Key.Key_Tab)
    QCoreApplication.processEvents()
    error = page.editor.errors["green_kg"]
    assert error.isVisible()
    assert story.height() == heights_before[0]  # the text boxes keep their height
    assert body.height() - heights_before[1] <= 3 * error.height()  # only the error line is new


def test_the_label_is_level_with_its_field_when_an_error_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.lots_page
    click_row(qtbot, page, "CO-2026-014")
    retype(qtbot, page, "green_kg", "abc")
    press(qtbot, Qt.Key.Key_Tab)
    QCoreApplication.processEvents()
    edit = field_edit(page, "green_kg")
    label = page.editor.fields["green_kg"].parentWidget()  # the holder; its label is the buddy's
    labels = [w for w in label.parentWidget().children() if getattr(w, "buddy", None)]
    mine = next(lab for lab in labels if lab.buddy() is edit)  # type: ignore[attr-defined]
    label_middle = mine.mapToGlobal(mine.rect().center()).y()
    field_middle = edit.mapToGlobal(edit.rect().center()).y()
    assert abs(label_middle - field_middle) <= 2


def test_no_form_of_empty_placeholders_without_a_lot(empty_window: MainWindow) -> None:
    editor = empty_window.lots_page.editor
    assert not editor_form(empty_window).isVisible()
    assert editor.title.isVisible()
    assert editor.title.y() < 40  # at the top of the pane, not floating in the middle


def test_weight_and_size_class_are_in_view_beside_the_editor(window: MainWindow) -> None:
    page = window.lots_page
    header = page.table.horizontalHeader()
    for title in ("Code", "Name", "Producer", "Country", "Process", "Green kg", "Size class"):
        section = column(page, title)
        right = header.sectionViewportPosition(section) + header.sectionSize(section)
        assert right <= header.viewport().width(), title
    assert page.editor.width() >= 420  # the editor is not squeezed to its minimum


@pytest.mark.parametrize("text", ["ኮንጋ የቡና አምራቾች ማህበር", "普洱 Catimor 蜜处理", "José Ñáñez Muñoz"])
def test_the_app_font_has_a_glyph_for_every_character(window: MainWindow, text: str) -> None:
    """No tofu: every character is in one of the fonts the app registers and falls back to."""
    font = QApplication.font(window.lots_page.table)
    families = font.families()
    assert families[:3] == ["Noto Sans", "Noto Sans Ethiopic", "Droid Sans Fallback"]
    for char in text.replace(" ", ""):
        covered = False
        for family in families:
            font.setFamilies([family])
            if QFontMetrics(font).inFontUcs4(ord(char)):
                covered = True
                break
        assert covered, f"{char!r} U+{ord(char):04X}"


def test_the_window_opens_no_bigger_than_the_screen(
    qtbot: QtBot, demo_database: OpenDatabase
) -> None:
    """The offscreen screen is 800 x 800: smaller than the 1280 x 760 the window would like."""
    window = build_main_window(demo_database)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    window.close()
