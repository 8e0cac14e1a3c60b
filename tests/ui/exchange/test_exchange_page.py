"""The Exchange screen, driven as a person would: reached from the rail, a bundle of every lot or
of the chosen one exported, a spreadsheet exported, a bundle checked (chosen or dropped on the
window), a damaged one refused in words, and a stranger's trusted from its fingerprint."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from driving import click_row
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from ticking_clock import TickingClock

from microlot_desk.services.common import thread_guard
from microlot_desk.services.demo.demo_data import load_demo
from microlot_desk.services.exchange.bundle_check import check_bundle
from microlot_desk.services.exchange.bundle_export import export_bundle
from microlot_desk.services.exchange.station_identity import station_identity
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.exchange.exchange_page import ExchangePage
from microlot_desk.ui.exchange.import_preview import ImportPreviewDialog
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.settings.station_key_box import TrustDialog


def open_exchange(qtbot: QtBot, window: MainWindow) -> ExchangePage:
    row = next(r for r in range(window.rail.count()) if window.rail.item(r).text() == "Exchange")
    rect = window.rail.visualItemRect(window.rail.item(row))
    qtbot.mouseClick(window.rail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.exchange_holder)
    page = window.exchange_page
    qtbot.waitUntil(lambda: page.isVisible() and page.bundle_button.height() > 0)  # laid out
    return page


def save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )


def wait_for_work(qtbot: QtBot, page: ExchangePage) -> None:
    qtbot.waitUntil(lambda: page.work is None, timeout=20000)


def test_a_bundle_of_every_lot_is_exported_and_checks_out(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_database: OpenDatabase,
) -> None:
    page = open_exchange(qtbot, window)
    assert page.every_lot.isChecked() and not page.chosen_lot.isEnabled()  # nothing chosen
    save_as(monkeypatch, tmp_path / "all")
    qtbot.mouseClick(page.bundle_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    target = tmp_path / "all.mlot"  # the suffix added
    assert page.send_result.text().startswith(f"Wrote {target}: 16 lot(s), ")
    with thread_guard.disarmed():
        checked = check_bundle(demo_database, target)
    assert len(checked.lot_codes) == 16


def test_the_chosen_lot_alone_goes_into_the_bundle_and_the_spreadsheet(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    click_row(qtbot, window.lots_page, "GT-2026-004")
    page = open_exchange(qtbot, window)
    assert page.chosen_lot.isEnabled() and "GT-2026-004" in page.chosen_lot.text()
    on_label = QPoint(30, page.chosen_lot.height() // 2)  # the words, not the empty width
    qtbot.mouseClick(page.chosen_lot, Qt.MouseButton.LeftButton, pos=on_label)
    assert page.chosen_lot.isChecked()
    save_as(monkeypatch, tmp_path / "one.mlot")
    qtbot.mouseClick(page.bundle_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    assert "1 lot(s)" in page.send_result.text()
    with zipfile.ZipFile(tmp_path / "one.mlot") as archive:
        lots = archive.read("records/lots.jsonl").decode().splitlines()
    assert len(lots) == 1 and '"code":"GT-2026-004"' in lots[0]

    save_as(monkeypatch, tmp_path / "one.csv")
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    assert page.send_result.text() == f"Wrote {tmp_path / 'one.csv'}: 1 lot(s)."
    with (tmp_path / "one.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Code"] for r in rows] == ["GT-2026-004"] and rows[0]["Panel score"] == "87.25"


def test_a_bundle_chosen_to_check_shows_who_signed_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_exchange(qtbot, window)
    save_as(monkeypatch, tmp_path / "mine.mlot")
    qtbot.mouseClick(page.bundle_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *a, **k: (str(tmp_path / "mine.mlot"), "")),
    )
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    fingerprint = window.workspace.station_identity().fingerprint
    text = page.check_result.text()
    assert "<b>Intact</b>" in text and fingerprint in text
    assert "16 lot(s)" in text and "Trusted: yes, signed with this station's own key" in text
    assert not page.trust_button.isVisible()


def test_a_damaged_bundle_is_refused_in_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_exchange(qtbot, window)
    save_as(monkeypatch, tmp_path / "mine.mlot")
    qtbot.mouseClick(page.bundle_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    data = bytearray((tmp_path / "mine.mlot").read_bytes())
    with zipfile.ZipFile(tmp_path / "mine.mlot") as archive:
        offset = archive.getinfo("records/lots.jsonl").header_offset
    data[offset + 90] ^= 0x10
    (tmp_path / "mine.mlot").write_bytes(data)
    page.check_bundle(tmp_path / "mine.mlot")
    wait_for_work(qtbot, page)
    text = page.check_result.text()
    assert text.startswith(f"{tmp_path / 'mine.mlot'} was refused: its member records/lots.jsonl")
    assert "b00020" in page.check_result.styleSheet()


@pytest.fixture
def strangers_bundle(tmp_path: Path) -> Path:
    """A bundle from another station (its own data folder and key)."""
    other = tmp_path / "other" / "microlot.sqlite"
    database = open_database(other, clock=TickingClock())
    try:
        with thread_guard.disarmed():
            lots = LotService(database)
            load_demo(lots)
            from microlot_desk.services.settings.station_changes import change_station_setting

            change_station_setting(lots, "station_name", "Finca La Esperanza")
            target = tmp_path / "theirs.mlot"
            export_bundle(database, ["CO-2026-014"], target, clock=database.clock)
    finally:
        database.close()
    return target


def test_a_strangers_bundle_dropped_on_the_window_can_be_trusted(
    qtbot: QtBot, window: MainWindow, strangers_bundle: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(strangers_bundle))])
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert window.pages.currentWidget() is window.exchange_holder
    page = window.exchange_page
    wait_for_work(qtbot, page)
    text = page.check_result.text()
    assert "Finca La Esperanza" in text and "does not trust its sender yet" in text
    assert page.trust_button.isVisible()
    seen: list[tuple[str, str]] = []

    def accept_prefilled() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TrustDialog):
            QTimer.singleShot(20, accept_prefilled)
            return
        seen.append((dialog.fingerprint.text(), dialog.name.text()))
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "OK")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, accept_prefilled)
    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0][1] == "Finca La Esperanza"
    wait_for_work(qtbot, page)
    assert "Trusted: yes, as Finca La Esperanza" in page.check_result.text()
    trusted = window.workspace.trusted_stations.all()
    assert [(s.name, s.fingerprint) for s in trusted] == [("Finca La Esperanza", seen[0][0])]


@pytest.fixture
def station_a(tmp_path: Path) -> Iterator[LotService]:
    """Another station's database with the demo lots, named Kochere washing station."""
    database = open_database(tmp_path / "a" / "microlot.sqlite", clock=TickingClock())
    with thread_guard.disarmed():
        lots = LotService(database)
        load_demo(lots)
        from microlot_desk.services.settings.station_changes import change_station_setting

        change_station_setting(lots, "station_name", "Kochere washing station")
    yield lots
    database.close()


def send_from(station: LotService, target: Path) -> Path:
    with thread_guard.disarmed():
        export_bundle(station.database, None, target, clock=station.database.clock)
    return target


def drop_on(window: MainWindow, bundle: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle))])
    window.dropEvent(
        QDropEvent(
            QPointF(200, 200),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )


def trust_and_drop(window: MainWindow, station: LotService, bundle: Path) -> ExchangePage:
    """The window's station trusts `station` (as "Kochere") and a bundle of its every lot is
    dropped on the window."""
    with thread_guard.disarmed():
        fingerprint = station_identity(station.database).fingerprint
    window.workspace.trusted_stations.trust(fingerprint, "Kochere")
    drop_on(window, send_from(station, bundle))
    return window.exchange_page


def preview_of(qtbot: QtBot, page: ExchangePage) -> ImportPreviewDialog:
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.isVisible(), timeout=20000)
    assert page.preview is not None
    return page.preview


def row_of(table: Any, title: str) -> list[str]:
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == title:
            return [table.item(row, c).text() for c in range(table.columnCount())]
    raise AssertionError(f"no row {title!r}")


def test_a_trusted_bundle_dropped_on_the_window_is_previewed_then_imported(
    qtbot: QtBot, empty_window: MainWindow, station_a: LotService, tmp_path: Path
) -> None:
    window = empty_window
    page = trust_and_drop(window, station_a, tmp_path / "a1.mlot")
    preview = preview_of(qtbot, page)
    assert "16 lot(s)</b> from <b>Kochere" in preview.findChild(QLabel, "previewSummary").text()
    assert row_of(preview.table, "Lots")[1] == "16"  # new
    assert window.workspace.lots.total() == 0  # nothing written by the preview
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    assert page.import_result.text().startswith("Imported 16 lot(s):")
    assert window.workspace.lots.total() == 16
    assert window.lots_page.model.rowCount() == 16  # the list was told
    assert page.conflicts.empty.isVisible() and not page.conflicts.table.isVisible()


def test_a_field_changed_on_both_sides_is_settled_on_the_page(
    qtbot: QtBot, empty_window: MainWindow, station_a: LotService, tmp_path: Path
) -> None:
    window = empty_window
    page = trust_and_drop(window, station_a, tmp_path / "a1.mlot")
    qtbot.mouseClick(preview_of(qtbot, page).import_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    code = "GT-2026-004"
    theirs = station_a.get_by_code(code)
    station_a.update_fields(theirs.id, {"name": "Named at the washing station"})
    window.workspace.lots.update_fields(theirs.id, {"name": "Named at the roastery"})
    drop_on(window, send_from(station_a, tmp_path / "a2.mlot"))
    preview = preview_of(qtbot, page)
    assert row_of(preview.table, "Lots")[5] == "1"  # in conflict
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    assert "1 conflict(s) wait for your choice below" in page.import_result.text()
    table = page.conflicts.table
    assert table.isVisible() and table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(4)] == [
        f"lot {code}",
        "Lot name",
        "Named at the roastery",
        "Named at the washing station",
    ]
    assert not page.conflicts.keep_theirs.isEnabled()  # nothing chosen yet
    rect = table.visualItemRect(table.item(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(page.conflicts.keep_theirs, Qt.MouseButton.LeftButton)
    assert window.workspace.lots.get_by_code(code).name == "Named at the washing station"
    assert page.conflicts.result.text().startswith(f"lot {code}, Lot name: kept Named at the")
    assert page.conflicts.empty.isVisible()
    assert not page.import_result.isVisible()  # no conflict waits any more


def test_lots_from_a_spreadsheet_are_mapped_checked_and_imported(
    qtbot: QtBot, empty_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "oferta.csv"
    table.write_text(
        "Lote,Nombre,Kilos\nCO-2026-901,Finca Uno,690\nCO-2026-902,Finca Dos,-5\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(table), ""))
    )
    page = open_exchange(qtbot, empty_window)
    box = page.table_import
    qtbot.mouseClick(box.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.dialog is not None and box.dialog.isVisible(), timeout=20000)
    dialog = box.dialog
    assert dialog is not None
    assert "0 lot(s) would be added" in dialog.summary.text()  # nothing mapped yet: no code
    for header, field in (("Lote", "code"), ("Nombre", "name"), ("Kilos", "green_kg")):
        combo = dialog.combos[header]
        combo.setCurrentIndex(combo.findData(field))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 lot(s) would be added" in dialog.summary.text(), timeout=20000)
    assert dialog.refused.rowCount() == 1
    assert [dialog.refused.item(0, c).text() for c in range(2)] == ["3", "Kilos"]
    assert empty_window.workspace.lots.total() == 0  # still nothing written
    assert dialog.import_button.text() == "Import 1 lot(s)"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_work(qtbot, page)
    assert box.result.text() == (
        "Added 1 lot(s) from oferta.csv. 1 row(s) were refused and left out."
    )
    assert empty_window.workspace.lots.get_by_code("CO-2026-901").name == "Finca Uno"
    assert empty_window.lots_page.model.rowCount() == 1
