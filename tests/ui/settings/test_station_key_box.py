"""Settings > Station key: this station's fingerprint is shown (the same `keys show` prints), a
station is trusted by typing its fingerprint (a typo named under the field, nothing stored), and
one is stopped being trusted after a question."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from driving import type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from test_ui_settings import open_settings, stored_settings

from microlot_desk.domain.fingerprints import fingerprint
from microlot_desk.storage.station_key import key_path, load_key, public_bytes
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.settings.station_key_box import StationKeyBox, TrustDialog

OTHER = "7K3Q-QXWD-F2PA-HN4T-AB2C"


def key_box(qtbot: QtBot, window: MainWindow) -> StationKeyBox:
    page = open_settings(qtbot, window)
    page.form.ensureWidgetVisible(page.station_key.trust_button)  # below the thresholds
    return page.station_key


def in_trust_dialog(qtbot: QtBot, typed: str, name: str, seen: list[str]) -> Callable[[], None]:
    """Type into the Trust a station dialog once it is open (its exec() blocks), press OK."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TrustDialog):
            QTimer.singleShot(20, fill)
            return
        try:
            type_text(qtbot, dialog.fingerprint, typed)
            type_text(qtbot, dialog.name, name)
            ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "OK")
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
            seen.append(dialog.error.text() if dialog.isVisible() else "")
        finally:
            if dialog.isVisible():
                dialog.reject()

    return fill


def test_the_station_fingerprint_is_the_key_files(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    box = key_box(qtbot, window)
    made = public_bytes(load_key(key_path(db_path.parent)))
    assert box.fingerprint.text() == fingerprint(made)
    assert box.fingerprint.isVisible()
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == fingerprint(made)
    assert box.empty.isVisible()  # nobody trusted yet, and it says what that means


def test_a_station_typed_in_the_dialog_is_trusted_and_listed(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    box = key_box(qtbot, window)
    seen: list[str] = []
    QTimer.singleShot(0, in_trust_dialog(qtbot, OTHER.lower(), "Finca La Esperanza", seen))
    qtbot.mouseClick(box.trust_button, Qt.MouseButton.LeftButton)
    assert seen == [""]
    assert box.trusted.rowCount() == 1
    assert box.trusted.item(0, 0).text() == "Finca La Esperanza"
    assert box.trusted.item(0, 1).text() == OTHER
    assert not box.empty.isVisible()
    stored = json.loads(stored_settings(db_path)["trusted_stations"])
    assert [(s["name"], s["fingerprint"]) for s in stored] == [("Finca La Esperanza", OTHER)]


def test_a_mistyped_fingerprint_is_named_and_nothing_is_stored(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    box = key_box(qtbot, window)
    seen: list[str] = []
    QTimer.singleShot(0, in_trust_dialog(qtbot, "7K3Q-QXWD-F2PA-HN4T-AB21", "Typo", seen))
    qtbot.mouseClick(box.trust_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert "'7K3Q-QXWD-F2PA-HN4T-AB21' is not a station fingerprint" in seen[0]
    assert box.trusted.rowCount() == 0
    assert "trusted_stations" not in stored_settings(db_path)


def test_stop_trusting_asks_then_removes_the_station(
    qtbot: QtBot, window: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.workspace.trusted_stations.trust(OTHER, "Finca La Esperanza")
    box = key_box(qtbot, window)
    box.reload()
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not box.forget_button.isEnabled()  # nothing chosen yet
    qtbot.mouseClick(
        box.trusted.viewport(),
        Qt.MouseButton.LeftButton,
        pos=box.trusted.visualItemRect(box.trusted.item(0, 0)).center(),
    )
    assert box.forget_button.isEnabled()
    qtbot.mouseClick(box.forget_button, Qt.MouseButton.LeftButton)
    assert asked and "Finca La Esperanza" in asked[0]
    assert box.trusted.rowCount() == 0
    assert json.loads(stored_settings(db_path)["trusted_stations"]) == []
