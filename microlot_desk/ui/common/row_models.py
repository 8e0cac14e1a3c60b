"""What every table of the app has in common: one record a row, a fixed set of columns under
translated headers, no children. A model says only how a record fills a cell.

HeaderedTableModel leaves it open where the rows come from (the lot list pages them out of
SQL); ListTableModel holds them in memory, as every other table does.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from microlot_desk.ui.common.texts import tr

AnyIndex = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class HeaderedTableModel(QAbstractTableModel, Generic[RowT]):
    """Columns from `headers` (translated in `context`); rows from row_total() and row()."""

    def __init__(self, headers: Sequence[str], context: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._context = context

    # Abstract: Shiboken's metaclass rules out ABCMeta, but mypy still refuses to instantiate a
    # class that leaves an @abstractmethod undefined.
    @abstractmethod
    def row_total(self) -> int:
        """How many rows the table has."""

    @abstractmethod
    def row(self, number: int) -> RowT | None:
        """The record shown in row `number`, None outside the table."""

    @abstractmethod
    def cell_data(self, row: RowT, column: int, role: int) -> Any:
        """What a cell of a record shows for a role (None for nothing); column is in range."""

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return tr(self._headers[section], self._context)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self._headers):
            return None
        row = self.row(index.row())
        return None if row is None else self.cell_data(row, index.column(), role)


class ListTableModel(HeaderedTableModel[RowT]):
    """A table of records held in memory, replaced all at once by set_rows()."""

    def __init__(self, headers: Sequence[str], context: str, parent: Any = None) -> None:
        super().__init__(headers, context, parent)
        self._rows: tuple[RowT, ...] = ()

    @property
    def rows(self) -> tuple[RowT, ...]:
        return self._rows

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._rows)

    def row(self, number: int) -> RowT | None:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def find_row(self, matches: Callable[[RowT], bool]) -> int | None:
        """The number of the first row whose record matches, None when none does."""
        return next((number for number, row in enumerate(self._rows) if matches(row)), None)
