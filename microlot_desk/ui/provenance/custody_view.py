"""The lot editor's Custody tab: the chain status (loud when the record was altered behind the
app's back), the lot's lineage, the history of events (append-only: corrections are new events
shown with the event they correct), and the mass-balance and gap checks beside the events."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.custody import effective_events
from microlot_desk.domain.custody_chain import ChainStatus
from microlot_desk.domain.lineage import Lineage
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.mass_balance import Finding, missing_stages
from microlot_desk.errors import KnownError
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.custody_service import BalanceReport, CustodyService
from microlot_desk.services.provenance.custody_timeline import inherited_events
from microlot_desk.services.provenance.lineage_service import LineageService
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, format_decimal
from microlot_desk.ui.provenance.custody_event_dialog import CustodyEventDialog
from microlot_desk.ui.provenance.custody_model import EVENT_ID_ROLE, CustodyTableModel, ordered_rows
from microlot_desk.ui.provenance.lineage_dialogs import MergeDialog, SplitDialog
from microlot_desk.ui.provenance.provenance_texts import (
    chain_problem_text,
    event_title,
    fact_text,
    flag_text,
    level_label,
    stage_label,
    stamp_text,
    t,
    warning_text,
)

BROKEN_STYLE = (
    "QFrame#chainBanner { background: #fde2e4; border: 2px solid #b00020; border-radius: 4px; }"
    "QFrame#chainBanner QLabel { color: #7a0016; }"
)
HASH_STYLE = "font-family: monospace; font-size: 8pt;"
INTACT_STYLE = "QFrame#chainBanner { border: none; } QFrame#chainBanner QLabel { color: #2e6b30; }"


def finding_text(finding: Finding) -> str:
    values = dict(finding.values)
    if finding.code == "blend_signal" and values.get("reason") == "in_exceeds_previous_out":
        return t(
            "blend signal at {stage} (event {seq}): {kg_in} kg went in, but the stage before "
            "put out {previous_out} kg"
        ).format(**{**values, "stage": stage_label(values.get("stage", ""))})
    if finding.code == "blend_signal":
        return flag_text(finding.code, values)
    if finding.code == "yield_out_of_range":
        return warning_text(finding.code, values)
    return fact_text(finding.code, values)


class CustodyView(QWidget):
    records_changed = Signal(str)  # a lot id, after something was recorded on it

    def __init__(
        self,
        lots: LotService,
        custody: CustodyService,
        lineage: LineageService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("custodyView")
        self._lots = lots
        self._custody = custody
        self._lineage = lineage
        self._lot: Lot | None = None
        self.status: ChainStatus | None = None

        self.banner = QFrame(self)
        self.banner.setObjectName("chainBanner")
        self.chain_label = QLabel(self.banner)
        self.chain_label.setObjectName("chainStatus")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(6, 4, 6, 4)
        banner_layout.addWidget(self.chain_label)
        self.lineage_label = QLabel(self)
        self.lineage_label.setObjectName("lineage")
        self.lineage_label.setWordWrap(True)

        self.add_button = self._button("addEvent", t("Add event…"), self.add_event)
        self.correct_button = self._button("correctEvent", t("Correct…"), self.correct_event)
        self.split_button = self._button("splitLot", t("Split…"), self.split_lot)
        self.merge_button = self._button("recordMerge", t("Record merge…"), self.record_merge)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.correct_button, self.split_button):
            buttons.addWidget(button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)

        self.model = CustodyTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("custodyTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(170)  # a few events in view, however long the checks
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((30, 140, 130, 140, 140, 120, 200)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.correct_event())

        self.detail = QLabel(self)
        self.detail.setObjectName("eventDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checks_label = QLabel(self)
        self.checks_label.setObjectName("custodyChecks")
        self.checks_label.setWordWrap(True)
        self.checks_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.lineage_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.checks_label)
        layout.addWidget(self.problem)
        self.show_lot(None)

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # ---- showing ------------------------------------------------------------------------------

    @property
    def lot(self) -> Lot | None:
        return self._lot

    def show_lot(self, lot_id: str | None) -> None:
        """Read the lot's custody afresh (the same lot keeps its selected event)."""
        self.problem.hide()
        same = self._lot is not None and self._lot.id == lot_id
        selected = self.selected_event_id() if same else None
        lot = None
        if lot_id is not None:
            try:
                lot = self._lots.get(lot_id)
                self._show(lot)
            except KnownError as error:
                lot = None
                self.problem.setText(error_text(error))
                self.problem.show()
        self._lot = lot
        if lot is None:
            self.model.set_rows([])
            self.chain_label.clear()
            self.lineage_label.clear()
            self.checks_label.clear()
        if selected is not None:
            self.select_event(selected)
        self._update_buttons()

    def _show(self, lot: Lot) -> None:
        lines = self._custody.history(lot.id)
        status = self._custody.chain_status(lot.id)
        balance = self._custody.balance(lot.id)
        lineage = self._lineage.lineage(lot.id)
        inherited = inherited_events(self._lots, self._custody, lot.id)
        self.status = status
        per_event, summary = self._checks(balance)
        altered = {p.event_id for p in status.problems if p.event_id}
        self.model.set_rows(ordered_rows(lines, per_event, altered, inherited))
        self.table.resizeRowsToContents()
        self._show_chain(lot, status)
        self.lineage_label.setText(self._lineage_text(lineage))
        effective = effective_events(tuple(line.event for line in lines))
        chain = (*(event for event, _code in inherited), *effective)
        missing = [
            t("no event for {stage}").format(stage=stage_label(stage))
            for stage in missing_stages(chain, lot.process)
        ]
        shown = summary + missing
        if lineage.level.value != "identity_preserved":
            shown.insert(0, flag_text("merged_with_other_coffee", {"traceability": lineage.level}))
        if not lines:
            self.checks_label.setText(t("No custody event recorded yet."))
        elif shown:
            title = t("Checks over the events as corrected:")
            self.checks_label.setText("\n".join([title, *(f"⚠ {text}" for text in shown)]))
        else:
            self.checks_label.setText(
                t("Mass balance and timing: no blend signal, yield or gap to report.")
            )
        self.detail.clear()

    def _checks(self, balance: BalanceReport) -> tuple[dict[str, list[str]], list[str]]:
        per_event: dict[str, list[str]] = {}
        summary: list[str] = []
        for finding in (*balance.blend_signals, *balance.yield_warnings, *balance.gaps):
            text = finding_text(finding)
            summary.append(text)
            event_id = finding.values.get("event_id")
            if event_id:
                per_event.setdefault(event_id, []).append(text)
        return per_event, summary

    def _show_chain(self, lot: Lot, status: ChainStatus) -> None:
        if status.intact:
            self.banner.setStyleSheet(INTACT_STYLE)
            if status.count == 0:
                self.chain_label.setText(t("No custody events yet."))
            else:
                self.chain_label.setText(
                    t("✓ Custody chain intact: {count} event(s), head {head}").format(
                        count=status.count, head=status.head_hash[:16]
                    )
                )
            return
        self.banner.setStyleSheet(BROKEN_STYLE)
        lines = [
            "<b>" + t("✗ CUSTODY CHAIN BROKEN: this record was altered outside the app.") + "</b>",
            t("Do not rely on it until it is explained; restore a backup if it was damaged."),
        ]
        for problem in status.problems:
            values = {"lot": lot.code, "seq": problem.seq, "stage": problem.stage}
            lines.append("• " + _escape(chain_problem_text(problem.code, values)))
        self.chain_label.setText("<br>".join(lines))

    def _lineage_text(self, lineage: Lineage) -> str:
        parts = [t("Traceability: {level}").format(level=level_label(lineage.level.value))]
        if lineage.parent is not None:
            parts.append(t("split from {code}").format(code=lineage.parent.code))
        if lineage.children:
            subs = ", ".join(
                f"{s.code} ({format_decimal(s.kg.normalize())} kg)" for s in lineage.children
            )
            parts.append(t("split into {lots}").format(lots=subs))
        if lineage.merged_from:
            mixed = ", ".join(
                f"{s.code} ({format_decimal(s.kg.normalize())} kg)" for s in lineage.merged_from
            )
            parts.append(t("mixed with {lots}").format(lots=mixed))
        if lineage.unknown_origin_kg:
            parts.append(
                t("{kg} kg of unknown origin mixed in").format(
                    kg=format_decimal(lineage.unknown_origin_kg.normalize())
                )
            )
        return "; ".join(parts)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        row = self.model.row(current.row()) if current.isValid() else None
        if row is None:
            self.detail.clear()
            return
        event = row.line.event
        head = t("#{seq} {stage}: recorded {recorded} at station {station}").format(
            seq=event.seq,
            stage=event_title(event),
            recorded=stamp_text(event.recorded_at),
            station=event.recorded_by[:8],
        )
        lines = [_escape(head)]
        if event.notes:
            lines.append(_escape(event.notes))
        digest = f"<span style='{HASH_STYLE}'>{event.content_hash}</span>"
        lines.append(t("SHA-256 {hash}").format(hash=digest))
        self.detail.setText("<br>".join(lines))

    def _update_buttons(self) -> None:
        writable = self._lot is not None and not self._lots.read_only
        row = self.model.row(self.table.currentIndex().row())
        for button in (self.add_button, self.split_button, self.merge_button):
            button.setEnabled(writable)
        self.correct_button.setEnabled(writable and row is not None and row.correctable)

    # ---- recording ----------------------------------------------------------------------------

    def selected_event_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(EVENT_ID_ROLE) if index.isValid() else None

    def select_event(self, event_id: str) -> None:
        row = self.model.row_of(event_id)
        if row is not None:
            self.table.selectRow(row)

    def add_event(self) -> None:
        if self._lot is None:
            return
        self._finish(CustodyEventDialog(self._custody, self._lot.id, self))

    def correct_event(self) -> None:
        row = self.model.row(self.table.currentIndex().row())
        if self._lot is None or row is None or not row.correctable or self._lots.read_only:
            return
        dialog = CustodyEventDialog(self._custody, self._lot.id, self, amends=row.line.event)
        self._finish(dialog)

    def split_lot(self) -> None:
        if self._lot is not None:
            self._finish(SplitDialog(self._lineage, self._lot, self))

    def record_merge(self) -> None:
        if self._lot is not None:
            self._finish(MergeDialog(self._lineage, self._lot, self._custody.stages(), self))

    def _finish(self, dialog: QDialog) -> None:
        """Open a dialog; when it recorded something, show it and tell the window."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lot = self._lot
        assert lot is not None

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            self.show_lot(lot.id)
            saved = getattr(dialog, "saved", None)
            if saved is not None:
                self.select_event(saved.id)
            emit(self.records_changed, lot.id)  # the window may show the lot afresh

        dialog.finished.connect(done)
        dialog.open()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
