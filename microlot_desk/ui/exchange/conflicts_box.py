"""The open conflicts bundle imports left, each with this station's value and the other's, and
Keep mine / Keep theirs for the chosen one. A conflict over recorded history (a custody chain
that forked) can only be kept as it is here."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.errors import KnownError
from microlot_desk.services.exchange.merge_conflicts import (
    Conflict,
    open_conflicts,
    resolve_conflict,
)
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.page_parts import hint_label, result_label, tell
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, field_label, tr


def shown_value(value: Any) -> str:
    if value is None or value == "":
        return tr("(empty)", "ConflictsBox")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def field_title(conflict: Conflict) -> str:
    if conflict.field == "chain":
        return tr("custody history", "ConflictsBox")
    if conflict.field == "record":
        return tr("the whole record", "ConflictsBox")
    if conflict.field == "plots":
        return tr("plots", "ConflictsBox")
    return field_label(conflict.field)


class ConflictsBox(QGroupBox):
    resolved = Signal()  # a conflict was settled: the records it touched changed

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(tr("Conflicts", "ConflictsBox"), parent)
        self._workspace = workspace
        self.conflicts: list[Conflict] = []
        self.empty = QLabel(tr("No open conflicts.", "ConflictsBox"), self)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("conflictsTable")
        self.table.setHorizontalHeaderLabels(
            [
                tr("Record", "ConflictsBox"),
                tr("Field", "ConflictsBox"),
                tr("Here", "ConflictsBox"),
                tr("Theirs", "ConflictsBox"),
                tr("From", "ConflictsBox"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        # One line a conflict: a long value (a story, notes) shows whole in its tooltip.
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        self.keep_mine = QPushButton(tr("Keep mine", "ConflictsBox"), self)
        self.keep_theirs = QPushButton(tr("Keep theirs", "ConflictsBox"), self)
        self.keep_mine.clicked.connect(lambda: self.settle("mine"))
        self.keep_theirs.clicked.connect(lambda: self.settle("theirs"))
        self.result = result_label("conflictResult", self)
        hint = hint_label(
            tr(
                "A field changed both here and at another station since they last agreed. "
                "The value here stays until you choose; either choice is sent on with this "
                "station's next bundle.",
                "ConflictsBox",
            ),
            self,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_theirs)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        self.conflicts = open_conflicts(self._workspace.database)
        self.table.setRowCount(len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            cells = (
                conflict.label,
                field_title(conflict),
                shown_value(conflict.mine),
                shown_value(conflict.theirs),
                conflict.station or conflict.fingerprint,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        has_any = bool(self.conflicts)
        self.empty.setVisible(not has_any)
        self.table.setVisible(has_any)
        self.table.setFixedHeight(
            self.table.horizontalHeader().height()
            + sum(self.table.rowHeight(r) for r in range(len(self.conflicts)))
            + 2 * self.table.frameWidth()
        )
        self._chosen_changed()

    def chosen(self) -> Conflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.conflicts[rows[0].row()] if rows else None

    def _chosen_changed(self) -> None:
        conflict = self.chosen()
        writable = not self._workspace.read_only
        self.keep_mine.setEnabled(conflict is not None and writable)
        self.keep_theirs.setEnabled(conflict is not None and writable and not conflict.history)
        self.keep_theirs.setToolTip(
            tr("Recorded history is never replaced.", "ConflictsBox")
            if conflict is not None and conflict.history
            else ""
        )

    def settle(self, keep: str) -> None:
        conflict = self.chosen()
        if conflict is None:
            return
        try:
            resolve_conflict(
                self._workspace.database,
                conflict.id,
                keep,
                clock=self._workspace.database.clock,
                forms=self._workspace.forms_provider,
            )
        except KnownError as error:
            tell(self.result, error_text(error), problem=True)
            return
        kept = conflict.mine if keep == "mine" else conflict.theirs
        tell(
            self.result,
            tr("{record}, {field}: kept {value}.", "ConflictsBox").format(
                record=conflict.label, field=field_title(conflict), value=shown_value(kept)
            ),
        )
        self.refresh()
        emit(self.resolved)
