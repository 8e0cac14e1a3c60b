"""The whole cupping table at a glance: samples down, cuppers across, each sheet marked done,
incomplete or not started. A blind session shows only the samples' codes (the views from the
service carry nothing else while the lots are hidden)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from microlot_desk.domain.cupping.session_panel import SheetState
from microlot_desk.services.common.cupping_views import SampleView, SessionView
from microlot_desk.ui.common.cupping_texts import CONTEXT, STATE_MARKS, state_name
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import tr

AnyIndex = QModelIndex | QPersistentModelIndex
SHEET_STATE_ROLE = Qt.ItemDataRole.UserRole + 1

_COLOURS: dict[SheetState, QColor] = {
    "complete": QColor("#cfead4"),
    "incomplete": QColor("#fbe7b5"),
    "empty": QColor("#f4f4f4"),
}


def sample_title(sample: SampleView) -> str:
    """How a sample is named at the table: its code while blind, else lot code and name."""
    if sample.lot is None:
        return tr("Sample {code}", CONTEXT).format(code=sample.blind_code)
    return f"{sample.lot.code} — {sample.lot.name}"


class TableGlanceModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._view: SessionView | None = None
        self._states: dict[tuple[str, str], SheetState] = {}
        self._mark_font = QFont()
        self._mark_font.setPointSizeF(16)

    # ---- filling -----------------------------------------------------------------------

    def set_session(self, view: SessionView | None) -> None:
        self.beginResetModel()
        self._view = view
        self._states = dict(view.progress) if view is not None else {}
        self.endResetModel()

    def set_state(self, sample_id: str, cupper_id: str, state: SheetState) -> None:
        if self._states.get((sample_id, cupper_id), "empty") == state:
            return
        self._states[(sample_id, cupper_id)] = state
        index = self.index_of(sample_id, cupper_id)
        if index.isValid():
            emit(self.dataChanged, index, index)

    def state(self, sample_id: str, cupper_id: str) -> SheetState:
        return self._states.get((sample_id, cupper_id), "empty")

    def index_of(self, sample_id: str, cupper_id: str) -> QModelIndex:
        if self._view is None:
            return QModelIndex()
        rows = [s.id for s in self._view.samples]
        columns = [c.id for c in self._view.cuppers]
        if sample_id not in rows or cupper_id not in columns:
            return QModelIndex()
        return self.index(rows.index(sample_id), columns.index(cupper_id))

    def ids_at(self, index: AnyIndex) -> tuple[str, str] | None:
        if self._view is None or not index.isValid():
            return None
        return self._view.samples[index.row()].id, self._view.cuppers[index.column()].id

    # ---- the model ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view.samples)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view.cuppers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ids = self.ids_at(index)
        if ids is None or self._view is None:
            return None
        state = self._states.get(ids, "empty")
        if role == Qt.ItemDataRole.DisplayRole:
            return STATE_MARKS[state]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            sample = self._view.samples[index.row()]
            cupper = self._view.cuppers[index.column()]
            return f"{sample_title(sample)} · {cupper.name}: {state_name(state)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_COLOURS[state])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1b1b1b"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._mark_font
        if role == SHEET_STATE_ROLE:
            return state
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._view is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._view.cuppers):
                return None
            cupper = self._view.cuppers[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return cupper.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{cupper.name} {cupper.q_licence}".strip()
            return None
        if not 0 <= section < len(self._view.samples):
            return None
        sample = self._view.samples[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return sample.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return sample_title(sample)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TableGlanceView(QTableView):
    """The grid; a click (or a tap) on a cell opens that sheet."""

    picked = Signal(str, str)  # sample id, cupper id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableGlance")
        self.glance = TableGlanceModel(self)
        self.setModel(self.glance)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on the sheet
        self.verticalHeader().setDefaultSectionSize(40)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(44)
        self.setStyleSheet("QTableView::item:selected { border: 3px solid #2a6fdb; }")
        self.clicked.connect(self._clicked)

    def _clicked(self, index: QModelIndex) -> None:
        ids = self.glance.ids_at(index)
        if ids is not None:
            emit(self.picked, *ids)

    def mark_current(self, sample_id: str, cupper_id: str) -> None:
        index = self.glance.index_of(sample_id, cupper_id)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
