"""The row-model base every table of the app is built on: Qt's model contract empty and full,
headers in the reader's language, a row's record by number, and nothing outside the table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTranslator
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from microlot_desk.ui.common.row_models import ListTableModel

Bag = tuple[str, int]  # a lot code and its weight in kg


class BagTableModel(ListTableModel[Bag]):
    def __init__(self) -> None:
        super().__init__(("Code", "Green kg"), "BagTable")

    def cell_data(self, row: Bag, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row[0] if column == 0 else f"{row[1]} kg"
        return None


class Spanish(QTranslator):
    """Answers only for the context the model names, as a catalogue would."""

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
        words = {"Code": "Código", "Green kg": "kg verde"}
        return words.get(source, "") if context == "BagTable" else ""


@pytest.fixture
def spanish(qapp: QCoreApplication) -> Iterator[None]:
    translator = Spanish()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


BAGS = [("CO-2026-001", 300), ("ET-2026-004", 120), ("RW-2026-002", 69)]


@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
def test_empty_and_full_pass_the_model_tester(qtmodeltester: ModelTester, force_py: bool) -> None:
    model = BagTableModel()
    qtmodeltester.check(model, force_py=force_py)
    assert (model.rowCount(), model.columnCount()) == (0, 2)
    model.set_rows(BAGS)
    qtmodeltester.check(model, force_py=force_py)
    assert (model.rowCount(), model.columnCount()) == (3, 2)


def test_cells_show_each_record(qtbot: QtBot) -> None:
    model = BagTableModel()
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.set_rows(BAGS)
    shown = [[model.index(r, c).data() for c in range(2)] for r in range(model.rowCount())]
    assert shown == [["CO-2026-001", "300 kg"], ["ET-2026-004", "120 kg"], ["RW-2026-002", "69 kg"]]
    assert model.rows == tuple(BAGS)


def test_headers_are_translated_in_the_models_context(spanish: None) -> None:
    model = BagTableModel()
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(2)] == ["Código", "kg verde"]
    assert model.headerData(2, horizontal) is None
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    # Rows are numbered by the view itself, not by the model.
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_a_record_by_row_number_and_a_row_by_record() -> None:
    model = BagTableModel()
    model.set_rows(BAGS)
    assert model.row(1) == ("ET-2026-004", 120)
    assert model.row(3) is None
    assert model.row(-1) is None  # not Python's "last item"
    assert model.find_row(lambda bag: bag[0] == "RW-2026-002") == 2
    assert model.find_row(lambda bag: bag[1] > 1000) is None


def test_nothing_outside_the_table_and_no_children() -> None:
    model = BagTableModel()
    model.set_rows(BAGS)
    assert model.data(model.index(0, 2)) is None
    assert model.data(model.index(3, 0)) is None
    assert model.data(QModelIndex()) is None
    first = model.index(0, 0)
    assert (model.rowCount(first), model.columnCount(first)) == (0, 0)


def test_set_rows_replaces_what_was_shown() -> None:
    model = BagTableModel()
    model.set_rows(BAGS)
    model.set_rows(iter([("HN-2026-010", 450)]))  # any iterable, kept as a tuple
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "450 kg"
    model.set_rows([])
    assert model.rowCount() == 0
