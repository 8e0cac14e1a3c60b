"""Importing lots from a CSV or XLSX table: which column holds which lot field (guessed, or as
remembered for these headers), and the report of every row that would be refused (row, column,
reason) before anything is written. Check again re-reads the table with the mapping as edited;
Import adds the good rows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.lot_fields import FIELD_NAMES
from microlot_desk.messages import field_reason
from microlot_desk.services.exchange.spreadsheet_import import IGNORED, SpreadsheetImport
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import field_label, tr


class TableImportDialog(QDialog):
    check_again = Signal()  # the mapping was edited: preview once more

    def __init__(self, report: SpreadsheetImport, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import lots from a table", "TableImport"))
        self.summary = QLabel(self)
        self.summary.setObjectName("tableSummary")
        self.summary.setWordWrap(True)
        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setObjectName("columnMapping")
        self.mapping.setHorizontalHeaderLabels(
            [tr("Column", "TableImport"), tr("Lot field", "TableImport")]
        )
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.refused = QTableWidget(0, 3, self)
        self.refused.setObjectName("refusedRows")
        self.refused.setHorizontalHeaderLabels(
            [tr("Row", "TableImport"), tr("Column", "TableImport"), tr("Reason", "TableImport")]
        )
        self.refused.verticalHeader().hide()
        self.refused.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.refused.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.combos: dict[str, QComboBox] = {}
        buttons = QDialogButtonBox(self)
        self.check_button = QPushButton(tr("Check again", "TableImport"), self)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton(
            tr("Import", "TableImport"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.check_button.clicked.connect(lambda: emit(self.check_again))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(tr("Which column holds which lot field:", "TableImport"), self))
        layout.addWidget(self.mapping, 1)
        layout.addWidget(QLabel(tr("Rows that would be refused:", "TableImport"), self))
        layout.addWidget(self.refused, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.show_report(report)

    def show_report(self, report: SpreadsheetImport) -> None:
        self.report = report
        count = len(report.imported)
        self.summary.setText(
            tr(
                "{file}: {rows} row(s). {count} lot(s) would be added; {refused} row(s) "
                "would be refused. Nothing has been written yet.",
                "TableImport",
            ).format(
                file=report.path.name,
                rows=report.rows,
                count=count,
                refused=report.refused_rows,
            )
        )
        self.mapping.setRowCount(len(report.headers))
        self.combos = {}
        for row, header in enumerate(report.headers):
            self.mapping.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox(self.mapping)
            combo.addItem(tr("(not imported)", "TableImport"), IGNORED)
            for name in FIELD_NAMES:
                combo.addItem(field_label(name), name)
            combo.setCurrentIndex(max(0, combo.findData(report.mapping.get(header, IGNORED))))
            self.mapping.setCellWidget(row, 1, combo)
            self.combos[header] = combo
        self.refused.setRowCount(len(report.refused))
        for row, cell in enumerate(report.refused):
            for column, text in enumerate((str(cell.row), cell.column, field_reason(cell.error))):
                self.refused.setItem(row, column, QTableWidgetItem(text))
        self.import_button.setEnabled(count > 0)
        self.import_button.setText(tr("Import {count} lot(s)", "TableImport").format(count=count))

    def chosen_mapping(self) -> dict[str, str]:
        return {header: str(combo.currentData()) for header, combo in self.combos.items()}
