"""Exchange > Lots from a spreadsheet: choose a CSV or XLSX table, see how its columns map to
lot fields and which rows would be refused (TableImportDialog), change the mapping and check
again, then import the good rows. Each pass runs in a worker behind the page's modal progress
dialog, on the window's connection (an import writes, a preview rolls back)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.services.common.progress import Progress
from microlot_desk.services.exchange.spreadsheet_import import (
    SpreadsheetImport,
    import_lots_table,
)
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.page_parts import hint_label, result_label
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.exchange.table_import_dialog import TableImportDialog

Run = Callable[[str, Callable[[Progress], Any], Callable[[Any], None], QLabel], None]
Say = Callable[[QLabel, str], None]


class TableImportBox(QGroupBox):
    imported = Signal()  # lots were added

    def __init__(self, workspace: Workspace, run: Run, say: Say, parent: QWidget) -> None:
        super().__init__(tr("Lots from a spreadsheet", "TableImport"), parent)
        self._workspace = workspace
        self._run = run
        self._say = say
        self.dialog: TableImportDialog | None = None
        self.choose_button = QPushButton(tr("Import lots from CSV or XLSX…", "TableImport"), self)
        self.choose_button.setObjectName("importTable")
        self.choose_button.setEnabled(not workspace.read_only)
        self.choose_button.clicked.connect(self.choose)
        hint = hint_label(
            tr(
                "One lot a row, under a header row. You choose which column holds which field "
                "and see every row that would be refused, with the reason, before anything is "
                "written. The mapping is remembered for the same headers.",
                "TableImport",
            ),
            self,
        )
        self.result = result_label("tableResult", self)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.result)

    def choose(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            tr("Import lots from a table", "TableImport"),
            "",
            tr("Tables (*.csv *.xlsx);;All files (*)", "TableImport"),
        )
        if chosen:
            self.preview(Path(chosen))

    def preview(self, path: Path, mapping: dict[str, str] | None = None) -> None:
        kind = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        lots = self._workspace.lots

        def work(_progress: Progress) -> Any:
            return import_lots_table(lots, path, kind, mapping=mapping, dry_run=True)

        self._run(tr("Reading the table", "TableImport"), work, self._show, self.result)

    def _show(self, report: SpreadsheetImport) -> None:
        if self.dialog is not None:
            self.dialog.show_report(report)
            return
        dialog = TableImportDialog(report, self)
        self.dialog = dialog
        dialog.check_again.connect(
            lambda: self.preview(dialog.report.path, dialog.chosen_mapping())
        )
        dialog.accepted.connect(
            lambda: self.import_rows(dialog.report.path, dialog.chosen_mapping())
        )
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.open()

    def import_rows(self, path: Path, mapping: dict[str, str]) -> None:
        kind = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        lots = self._workspace.lots

        def work(_progress: Progress) -> Any:
            return import_lots_table(lots, path, kind, mapping=mapping)

        self._run(tr("Importing lots", "TableImport"), work, self._imported, self.result)

    def _imported(self, report: SpreadsheetImport) -> None:
        text = tr("Added {count} lot(s) from {file}.", "TableImport").format(
            count=len(report.imported), file=report.path.name
        )
        if report.refused:
            text += " " + tr("{rows} row(s) were refused and left out.", "TableImport").format(
                rows=report.refused_rows
            )
        self._say(self.result, text)
        emit(self.imported)
