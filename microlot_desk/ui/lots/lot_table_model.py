"""The lot list as a Qt table model that pages rows out of SQL on demand.

Only the rows in view are ever loaded: the count comes from one query, and each page of rows
from another when the view first asks for it. Sorting, search and filters are done by SQLite
(a proxy model would see only the fetched rows), then the model resets.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter

from microlot_desk import provenance_messages
from microlot_desk.domain.lot_query import UNASSESSED, LotQuery, LotSort
from microlot_desk.domain.lots import LotSummary
from microlot_desk.errors import DatabaseDamaged
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.common.locale_formats import country_text
from microlot_desk.ui.common.painted_icons import painted_icon
from microlot_desk.ui.common.row_models import HeaderedTableModel
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import format_decimal, tr

PAGE_SIZE = 200
PAGES_KEPT = 16


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort: LotSort | None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


# Weight, size class and status before the varieties: at 1366 px the varieties (long, and not
# sortable) pushed the weight and the size class out of sight beside the editor.
COLUMNS: tuple[Column, ...] = (
    Column("code", "Code", LotSort.CODE),
    Column("name", "Name", LotSort.NAME),
    Column("producer", "Producer", LotSort.PRODUCER),
    Column("country", "Country", LotSort.COUNTRY),
    Column("process", "Process", LotSort.PROCESS),
    Column("green_kg", "Green kg", LotSort.GREEN_KG, Qt.AlignmentFlag.AlignRight),
    Column("size_class", "Size class", LotSort.GREEN_KG),
    Column("verdict", "Verdict", LotSort.VERDICT),
    Column("status", "Status", LotSort.STATUS),
    Column("varieties", "Varieties", None),
)
LOT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# The stored verdict's one word (domain.verdict_overall.Overall), with the reason behind it as a
# tooltip: the list filters on it; the lot's Verdict tab says why, hallmark by hallmark.
VERDICT_WORDS = {
    "genuine": "Genuine",
    "flagged": "Flagged",
    "incomplete": "Incomplete",
    "failing": "Failing",
}
VERDICT_COLOURS = {
    "genuine": QColor("#2e6b30"),
    "flagged": QColor("#a15c00"),
    "failing": QColor("#b00020"),
}


@functools.cache
def verdict_dot(overall: str) -> QIcon:
    """A small dot in the verdict's colour (grey for incomplete)."""

    def dot(painter: QPainter) -> None:
        painter.setBrush(VERDICT_COLOURS.get(overall, QColor("#9a9a9a")))
        painter.drawEllipse(1, 1, 8, 8)

    return painted_icon(10, dot)


def verdict_label(overall: str) -> str:
    if overall == UNASSESSED:
        return tr("Not assessed yet", "LotTableModel")
    return tr(VERDICT_WORDS.get(overall, overall), "LotTableModel")


def process_label(key: str) -> str:
    return tr(key.replace("_", " ").capitalize(), "process") if key else ""


class LotTableModel(HeaderedTableModel[LotSummary]):
    # A read met a page damaged since the file's last full check (the DatabaseDamaged error).
    # Told once: the view asks for every visible cell, and each would meet the same page.
    damaged = Signal(object)

    def __init__(self, lots: LotService, parent: Any = None) -> None:
        super().__init__([column.title for column in COLUMNS], "LotTableModel", parent)
        self._lots = lots
        self._query = LotQuery()
        self._pages: OrderedDict[int, list[LotSummary]] = OrderedDict()
        self._damage: DatabaseDamaged | None = None
        self._count = 0
        self._reload()

    # ---- what the list shows ----------------------------------------------------------------

    @property
    def query(self) -> LotQuery:
        return self._query

    @property
    def damage(self) -> DatabaseDamaged | None:
        """The damage a read met (then the list shows no more rows), else None."""
        return self._damage

    def set_query(self, query: LotQuery) -> None:
        if query == self._query:
            return
        self.beginResetModel()
        self._query = query
        self._reload()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after an edit: counts and visible rows may have changed."""
        self.beginResetModel()
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        self._pages.clear()
        try:
            self._count = self._lots.count(self._query)
        except DatabaseDamaged as damage:
            self._count = 0
            self._tell(damage)

    def _tell(self, damage: DatabaseDamaged) -> None:
        if self._damage is None:
            self._damage = damage
            emit(self.damaged, damage)

    def summary(self, row: int) -> LotSummary | None:
        if not 0 <= row < self._count:
            return None
        page_no, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            if self._damage is not None:
                return None  # shown empty rather than asked again row by row
            try:
                page = self._lots.page(self._query, page_no * PAGE_SIZE, PAGE_SIZE)
            except DatabaseDamaged as damage:
                self._tell(damage)
                return None
            self._pages[page_no] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def row_of(self, lot_id: str) -> int | None:
        """The row of a lot among the pages already loaded (the selection's usual case)."""
        for page_no, page in self._pages.items():
            for offset, summary in enumerate(page):
                if summary.id == lot_id:
                    return page_no * PAGE_SIZE + offset
        return None

    # ---- HeaderedTableModel ---------------------------------------------------------------

    def row_total(self) -> int:
        return self._count

    def row(self, number: int) -> LotSummary | None:
        return self.summary(number)

    def cell_data(self, summary: LotSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        key = COLUMNS[column].key
        if role == Qt.ItemDataRole.ToolTipRole and key == "country":
            return country_text(summary.country)
        if key == "verdict" and role == Qt.ItemDataRole.ToolTipRole:
            return self._verdict_tip(summary)
        if key == "verdict" and role == Qt.ItemDataRole.ForegroundRole:
            return VERDICT_COLOURS.get(summary.verdict or "")
        if key == "code" and role == Qt.ItemDataRole.DecorationRole and summary.verdict:
            return verdict_dot(summary.verdict)  # the verdict at a glance, beside the editor
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(COLUMNS[column].align | Qt.AlignmentFlag.AlignVCenter)
        if role == LOT_ID_ROLE:
            return summary.id
        return None

    def _display(self, summary: LotSummary, column: int) -> str:
        key = COLUMNS[column].key
        if key == "process":
            return process_label(summary.process)
        if key == "green_kg":
            return format_decimal(summary.green_kg)
        if key == "size_class":
            size = summary.size_class(self._lots.station.thresholds)
            return tr(size.value.capitalize(), "size_class") if size else ""
        if key == "status":
            return tr(summary.status.capitalize(), "status")
        if key == "verdict":
            if summary.verdict is None:
                return verdict_label(UNASSESSED)
            return tr("{word} ({met}/6)", "LotTableModel").format(
                word=verdict_label(summary.verdict), met=summary.verdict_met or 0
            )
        return str(getattr(summary, key))

    @staticmethod
    def _verdict_tip(summary: LotSummary) -> str:
        if summary.verdict is None:
            return tr("The verdict of this lot has not been computed yet.", "LotTableModel")
        sentence = provenance_messages.OVERALL.get(summary.verdict, summary.verdict)
        return "\n".join(
            [
                tr(sentence, "provenance"),
                tr("{met} of 6 hallmarks met.", "LotTableModel").format(met=summary.verdict_met),
                tr("The lot's Verdict tab shows why, hallmark by hallmark.", "LotTableModel"),
            ]
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        sort = COLUMNS[column].sort or LotSort.CODE
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, sort=sort, descending=descending))
