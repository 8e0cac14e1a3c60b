"""The panel result of a session, sample by sample: mean, standard deviation, minimum and
maximum of each section and of the final; each cupper's sheet with its distance from the mean
(more than 2 points is flagged); sheets the leader left out, with the reason; a chart of the
section means. The leader leaves a sheet out or takes it back with a reason, and reveals a blind
session's lots; both ask for the leader's name and are logged for good.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.errors import KnownError
from microlot_desk.services.common.cupping_views import PanelLineView, SamplePanel, SessionBoard
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.ui.common.cupping_texts import CONTEXT, band_label, sample_type_label, show_score
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.cupping.panel_chart import SectionMeansChart, chart_bars
from microlot_desk.ui.cupping.panel_dialogs import ConfirmDialog, refusal_by_field
from microlot_desk.ui.cupping.panel_models import PanelLinesModel, PanelStatsModel
from microlot_desk.ui.cupping.table_glance import sample_title

SAMPLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PanelView(QWidget):
    changed = Signal()  # a sheet left out or taken back, or the session revealed
    problem = Signal(str)

    def __init__(
        self, cupping: CuppingService, parent: QWidget | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("panelView")
        self._cupping = cupping
        self._read_only = read_only
        self._board: SessionBoard | None = None
        self.dialog: ConfirmDialog | None = None

        self.samples = QListWidget(self)
        self.samples.setObjectName("panelSamples")
        self.samples.setMinimumWidth(220)
        self.samples.currentItemChanged.connect(lambda *_: self._show_current())
        self.reveal_state = QLabel(self)
        self.reveal_state.setWordWrap(True)
        self.reveal_button = QPushButton(tr("Reveal the lots…", CONTEXT), self)
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.clicked.connect(self.ask_reveal)

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.title.setWordWrap(True)
        self.final = QLabel(self)
        self.final.setObjectName("panelFinal")
        big = QFont(self.font())
        big.setPointSizeF(20)
        big.setBold(True)
        self.final.setFont(big)
        self.stats = PanelStatsModel(self)
        self.stats_table = self._table("panelStats", self.stats)
        self.chart = SectionMeansChart(self)
        self.lines = PanelLinesModel(self)
        self.lines_table = self._table("panelLines", self.lines)
        self.lines_table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())
        self.exclude_button = QPushButton(tr("Leave out of the mean…", CONTEXT), self)
        self.exclude_button.setObjectName("excludeButton")
        self.exclude_button.clicked.connect(self.ask_exclude)
        self.restore_button = QPushButton(tr("Take back into the mean…", CONTEXT), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.ask_restore)
        self._lay_out()
        self._buttons()

    def _table(self, name: str, model: PanelStatsModel | PanelLinesModel) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(model)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(28)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        stretch = model.columnCount() - 1 if isinstance(model, PanelLinesModel) else 0
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _lay_out(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(tr("Samples", CONTEXT), left))
        left_layout.addWidget(self.samples, 1)
        left_layout.addWidget(self.reveal_state)
        left_layout.addWidget(self.reveal_button)

        upper = QSplitter(Qt.Orientation.Horizontal, self)
        upper.addWidget(self.stats_table)
        upper.addWidget(self.chart)
        upper.setSizes([430, 470])
        upper.setChildrenCollapsible(False)
        actions = QHBoxLayout()
        actions.addWidget(self.exclude_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.final)
        right_layout.addLayout(heading)
        right_layout.addWidget(upper, 3)
        right_layout.addWidget(self.lines_table, 2)
        right_layout.addLayout(actions)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([240, 1000])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(splitter)

    # ---- showing -----------------------------------------------------------------------

    @property
    def board(self) -> SessionBoard | None:
        return self._board

    def show_session(self, session_id: str) -> None:
        """Read the session's panels again, keeping the sample and the line selected."""
        keep_sample = self.current_sample_id()
        line = self.current_line()
        self._board = self._cupping.open_session(session_id)
        view = self._board.view
        self.samples.blockSignals(True)
        self.samples.clear()
        for panel in self._board.panels:
            item = QListWidgetItem(self._sample_text(panel), self.samples)
            item.setData(SAMPLE_ID_ROLE, panel.sample.id)
            item.setToolTip(sample_title(panel.sample))
        self.samples.blockSignals(False)
        ids = [panel.sample.id for panel in self._board.panels]
        row = ids.index(keep_sample) if keep_sample in ids else 0
        if ids:
            self.samples.setCurrentRow(row)
        self._show_current(line.sheet_id if line is not None else None)
        hidden = view.hidden
        self.reveal_button.setVisible(hidden)
        self.reveal_button.setEnabled(hidden and not self._read_only)
        if view.reveal is not None:
            when = view.reveal.at[:16].replace("T", " ")
            self.reveal_state.setText(
                tr("Revealed by {by} at {at} UTC.", CONTEXT).format(by=view.reveal.by, at=when)
            )
        elif hidden:
            self.reveal_state.setText(tr("Blind: only the codes are shown.", CONTEXT))
        else:
            self.reveal_state.setText("")

    def _sample_text(self, panel: SamplePanel) -> str:
        mean = panel.final_mean
        return f"{panel.sample.label}   {show_score(mean) if mean is not None else '—'}"

    def current_sample_id(self) -> str | None:
        item = self.samples.currentItem()
        return str(item.data(SAMPLE_ID_ROLE)) if item is not None else None

    def current_panel(self) -> SamplePanel | None:
        sample_id = self.current_sample_id()
        if self._board is None or sample_id is None:
            return None
        return self._board.panel(sample_id)

    def current_line(self) -> PanelLineView | None:
        index = self.lines_table.currentIndex()
        return self.lines.line(index.row()) if index.isValid() else None

    def select_sample(self, sample_id: str) -> None:
        for row in range(self.samples.count()):
            item = self.samples.item(row)
            if item is not None and item.data(SAMPLE_ID_ROLE) == sample_id:
                self.samples.setCurrentRow(row)

    def _show_current(self, keep_sheet: str | None = None) -> None:
        panel = self.current_panel()
        form = self._board.view.form if self._board is not None else None
        self.stats.set_panel(form, panel)
        self.lines.set_panel(panel)
        self.chart.set_bars(chart_bars(form, panel.summary) if form and panel else [])
        if panel is None:
            self.title.setText(tr("No samples in this session yet.", CONTEXT))
            self.final.setText("")
        else:
            self.title.setText(self._heading(panel))
            mean = panel.final_mean
            self.final.setText(show_score(mean) if mean is not None else "—")
        row = self.lines.row_of(keep_sheet) if keep_sheet else -1
        if row >= 0:
            self.lines_table.selectRow(row)
        self._buttons()

    def _heading(self, panel: SamplePanel) -> str:
        counted = sum(1 for line in panel.lines if line.final is not None and not line.exclusion)
        parts = [sample_title(panel.sample), sample_type_label(panel.sample.sample_type)]
        summary = panel.summary
        if summary is not None and summary.final.stdev is not None:
            parts.append(tr("sd {sd}", CONTEXT).format(sd=show_score(summary.final.stdev)))
        parts.append(tr("{n} sheets count", CONTEXT).format(n=counted))
        form = self._board.view.form if self._board is not None else None
        mean = panel.final_mean
        if form is not None and mean is not None and form.band_for(mean):
            parts.append(band_label(form.band_for(mean)))
        if panel.third_party:
            parts.append(tr("third-party panel", CONTEXT))
        return " · ".join(parts)

    def _buttons(self) -> None:
        line = self.current_line()
        writable = not self._read_only
        self.exclude_button.setEnabled(writable and line is not None and line.exclusion is None)
        self.restore_button.setEnabled(writable and line is not None and line.exclusion is not None)

    # ---- the leader's actions ----------------------------------------------------------

    def _leader(self) -> str:
        return self._board.view.session.leader if self._board is not None else ""

    def ask_exclude(self) -> None:
        line = self.current_line()
        if line is None or line.exclusion is not None:
            return
        self._open_dialog(
            tr("Leave a sheet out", CONTEXT),
            tr(
                "{name}'s sheet stays on record and listed, but no longer counts in this "
                "sample's means.",
                CONTEXT,
            ).format(name=line.cupper.name),
            lambda reason, by: self._act(self._cupping.sheets.exclude, line.sheet_id, reason, by),
            tr("Leave out", CONTEXT),
        )

    def ask_restore(self) -> None:
        line = self.current_line()
        if line is None or line.exclusion is None:
            return
        self._open_dialog(
            tr("Take a sheet back", CONTEXT),
            tr("{name}'s sheet will count in the means again.", CONTEXT).format(
                name=line.cupper.name
            ),
            lambda reason, by: self._act(self._cupping.sheets.restore, line.sheet_id, reason, by),
            tr("Take back", CONTEXT),
        )

    def ask_reveal(self) -> None:
        if self._board is None or not self._board.view.hidden:
            return
        session_id = self._board.view.session.id

        def reveal(_reason: str, by: str) -> dict[str, str] | None:
            try:
                self._cupping.reveal(session_id, by)
            except KnownError as error:
                return refusal_by_field(error)
            self._after_change()
            return None

        self._open_dialog(
            tr("Reveal the lots", CONTEXT),
            tr(
                "Everyone will see which lot is behind each code. This cannot be undone and "
                "is logged with your name and the time.",
                CONTEXT,
            ),
            reveal,
            tr("Reveal", CONTEXT),
            ask_reason=False,
        )

    def _open_dialog(
        self, title: str, message: str, attempt, action: str, *, ask_reason: bool = True
    ) -> None:
        dialog = ConfirmDialog(
            title,
            message,
            attempt,
            by=self._leader(),
            ask_reason=ask_reason,
            action=action,
            parent=self,
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _act(self, action, sheet_id: str, reason: str, by: str) -> dict[str, str] | None:
        try:
            action(sheet_id, reason, by)
        except KnownError as error:
            return refusal_by_field(error)
        self._after_change()
        return None

    def _after_change(self) -> None:
        if self._board is not None:
            self.show_session(self._board.view.session.id)
        emit(self.changed)

    def say(self, error: KnownError) -> None:
        emit(self.problem, error_text(error))
