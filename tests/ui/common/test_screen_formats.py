"""Every screen writes dates, numbers and countries as the reader's locale does, the same way the
printed sheet does: a German reader sees 10.11.2026, 10,9 and Äthiopien, not ISO and English."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from driving import column, row_of_code
from provenance_driving import open_lot_tab
from pypdf import PdfReader
from PySide6.QtCore import QLocale, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from microlot_desk.services.demo.demo_data import demo_lot_id
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintService
from microlot_desk.storage.backups import BackupFile
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.ui.common.restore_dialog import RestoreBackupDialog
from microlot_desk.ui.cupping.cupping_page import CuppingPage
from microlot_desk.ui.cupping.score_history import ScoreHistoryView
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.printing.sheet_preview import print_options
from microlot_desk.ui.provenance.custody_view import CustodyView
from microlot_desk.ui.provenance.evidence_view import EvidenceView

GERMAN_DAY = re.compile(r"\b\d\d\.\d\d\.20\d\d\b")
ISO_DAY = re.compile(r"\b20\d\d-\d\d-\d\d\b")


@pytest.fixture
def german() -> Iterator[None]:
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(QLocale.c())


def _column_texts(model: object, col: int) -> list[str]:
    from PySide6.QtCore import QAbstractItemModel

    assert isinstance(model, QAbstractItemModel)
    return [
        str(model.index(row, col, QModelIndex()).data(Qt.ItemDataRole.DisplayRole))
        for row in range(model.rowCount())
    ]


def test_the_lot_list_names_countries_and_writes_numbers_in_german(
    german: None, window: MainWindow
) -> None:
    page = window.lots_page
    where = page.model.index(row_of_code(page, "ET-2026-003"), column(page, "Country"))
    assert where.data(Qt.ItemDataRole.ToolTipRole) == "Äthiopien"


def test_the_score_history_dates_follow_the_locale(
    german: None, qtbot: QtBot, window: MainWindow
) -> None:
    view = open_lot_tab(qtbot, window, "GT-2026-004", "Cupping")
    assert isinstance(view, ScoreHistoryView)
    days = _column_texts(view.model, 0)
    assert days and all(GERMAN_DAY.fullmatch(day) for day in days), days
    scores = _column_texts(view.model, 4)
    assert any("," in score for score in scores), scores


def test_the_session_list_dates_follow_the_locale(
    german: None, qtbot: QtBot, window: MainWindow
) -> None:
    page = window.cupping_holder.page
    assert isinstance(page, CuppingPage)
    page.sessions.refresh()
    days = _column_texts(page.sessions, 0)
    assert days and all(GERMAN_DAY.fullmatch(day) for day in days), days


def test_the_custody_timeline_and_evidence_dates_follow_the_locale(
    german: None, qtbot: QtBot, window: MainWindow
) -> None:
    custody = open_lot_tab(qtbot, window, "GT-2026-004", "Custody")
    assert isinstance(custody, CustodyView)
    shown = " ".join(" ".join(_column_texts(custody.model, col)) for col in range(3))
    assert GERMAN_DAY.search(shown) and not ISO_DAY.search(shown), shown
    custody.table.selectRow(0)
    assert GERMAN_DAY.search(custody.detail.text()), custody.detail.text()

    evidence = open_lot_tab(qtbot, window, "GT-2026-004", "Evidence")
    assert isinstance(evidence, EvidenceView)
    evidence.select_attachment(evidence.model.item(0).attachment.id)
    detail = evidence.detail.text()
    assert GERMAN_DAY.search(detail) and not ISO_DAY.search(detail), detail


def test_the_restore_dialog_dates_follow_the_locale(german: None, qtbot: QtBot) -> None:
    taken = datetime(2026, 11, 27, 13, 11, 5, tzinfo=UTC)
    dialog = RestoreBackupDialog([BackupFile(Path("/tmp/b.sqlite"), taken, "manual")])
    qtbot.addWidget(dialog)
    text = dialog.list.item(0).text()
    assert GERMAN_DAY.search(text) and "27.11.2026" in text and not ISO_DAY.search(text), text


def test_the_sheet_shows_the_same_german_dates_numbers_and_country(
    german: None, demo_database: OpenDatabase
) -> None:
    service = PrintService(LotService(demo_database))
    pdf = service.build_sheet(demo_lot_id("ET-2026-007"), print_options("a4")).pdf
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "10.11.2026" in text and "2026-11-10" not in text
    assert "10,9" in text
    assert "Äthiopien" in text


def test_without_a_locale_the_screens_stay_iso_and_english(window: MainWindow) -> None:
    page = window.lots_page
    where = page.model.index(row_of_code(page, "ET-2026-003"), column(page, "Country"))
    assert where.data(Qt.ItemDataRole.ToolTipRole) == "Ethiopia"
