"""What importing a bundle would change, shown before anything is written: per kind of record,
how many are new, updated, unchanged, older than here or in conflict, and the files it adds.
Import writes it; Cancel leaves the database as it is."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.services.exchange.bundle_import import ImportReport
from microlot_desk.ui.common.texts import tr

COLUMNS = ("new", "updated", "unchanged", "older", "conflicts")


def column_titles() -> list[str]:
    return [
        tr("Records", "ImportPreview"),
        tr("New", "ImportPreview"),
        tr("Updated", "ImportPreview"),
        tr("Unchanged", "ImportPreview"),
        tr("Older than here", "ImportPreview"),
        tr("In conflict", "ImportPreview"),
    ]


def table_title(table: str) -> str:
    return table.replace("_", " ").capitalize()


class ImportPreviewDialog(QDialog):
    def __init__(self, report: ImportReport, sender_name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import a bundle", "ImportPreview"))
        self.report = report
        summary = QLabel(self)
        summary.setObjectName("previewSummary")
        summary.setWordWrap(True)
        lines = [
            tr("<b>{lots} lot(s)</b> from <b>{sender}</b>.", "ImportPreview").format(
                lots=len(report.lot_codes), sender=html.escape(sender_name)
            )
        ]
        if not report.changed and not report.conflicts:
            lines.append(tr("Nothing new: every record is already here.", "ImportPreview"))
        else:
            lines.append(
                tr(
                    "Nothing has been written yet. Import merges these records in one step; "
                    "{files} evidence file(s) would be added.",
                    "ImportPreview",
                ).format(files=report.files_added)
            )
        if report.conflicts:
            lines.append(
                tr(
                    "{n} field(s) were changed both here and there: this station's values "
                    "stay until you choose under Conflicts.",
                    "ImportPreview",
                ).format(n=report.conflicts)
            )
        summary.setText("<br>".join(lines))
        self.table = QTableWidget(0, len(COLUMNS) + 1, self)
        self.table.setObjectName("previewTable")
        self.table.setHorizontalHeaderLabels(column_titles())
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        shown = [(t, c) for t, c in report.tables.items() if any(vars(c).values())]
        self.table.setRowCount(len(shown))
        for row, (table, counts) in enumerate(shown):
            self.table.setItem(row, 0, QTableWidgetItem(table_title(table)))
            for column, name in enumerate(COLUMNS, start=1):
                value = getattr(counts, name)
                self.table.setItem(row, column, QTableWidgetItem(str(value) if value else ""))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS) + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            tr("Import", "ImportPreview"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(report.changed or report.conflicts > 0)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
