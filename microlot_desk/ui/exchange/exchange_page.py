"""The Exchange screen: send lots to another station (a signed bundle, or a spreadsheet for a
roaster); check a bundle that arrived — whole, unaltered, and from whom — and import it after a
preview of what it changes; settle the conflicts imports left.

Every job runs in a worker behind a window-modal progress dialog with Cancel: checking and
spreadsheets on a connection of their own (services.workspace.exchange_jobs), a bundle's export
and import on the window's (they write: what was sent, what was merged), which the modal
dialog keeps to the worker. A refusal is shown on the page, in words, with the member at
fault. A bundle dropped on the window is checked and, from a trusted station, previewed for
import. An intact bundle from a station this one does not trust shows its fingerprint, with
Trust this station… beside it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.errors import KnownError
from microlot_desk.services.common.progress import Cancelled, Progress
from microlot_desk.services.exchange.bundle_check import CheckedBundle
from microlot_desk.services.exchange.bundle_export import export_bundle
from microlot_desk.services.exchange.bundle_import import ImportReport, import_bundle
from microlot_desk.services.workspace import exchange_jobs
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.error_dialogs import report_bug
from microlot_desk.ui.common.page_parts import (
    ERROR_STYLE,
    hint_label,
    result_label,
    tell,
    vertical_scroll,
)
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.common.work_progress import WorkProgressDialog
from microlot_desk.ui.exchange.conflicts_box import ConflictsBox
from microlot_desk.ui.exchange.import_preview import ImportPreviewDialog
from microlot_desk.ui.exchange.table_import_box import TableImportBox
from microlot_desk.ui.settings.station_key_box import TrustDialog

BUNDLE_SUFFIX = ".mlot"


def bundle_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The `.mlot` files a drag carries (local files only)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    found = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in found if p.suffix.lower() == BUNDLE_SUFFIX]


class ExchangePage(QWidget):
    records_changed = Signal()  # an import or a settled conflict changed lots here

    def __init__(
        self,
        workspace: Workspace,
        chosen_code: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._chosen_code = chosen_code
        self.work: WorkProgressDialog | None = None
        self.checked: CheckedBundle | None = None
        self.preview: ImportPreviewDialog | None = None

        title = QLabel(f"<b>{tr('Exchange', 'ExchangePage')}</b>", self)
        # In a scroll area, as Settings: a long refusal then wraps onto as many lines as it
        # needs (the area asks its widget's height for its width), on a small screen too.
        body = QWidget(self)
        self.body = body
        sections = QVBoxLayout(body)
        sections.setContentsMargins(0, 0, 0, 0)
        sections.addWidget(self._send_group(body))
        sections.addWidget(self._check_group(body))
        self.table_import = TableImportBox(workspace, self._run, tell, body)
        self.table_import.imported.connect(lambda: emit(self.records_changed))
        sections.addWidget(self.table_import)
        self.conflicts = ConflictsBox(workspace, body)
        self.conflicts.resolved.connect(self._conflict_settled)
        sections.addWidget(self.conflicts)
        sections.addStretch(1)
        scroll = vertical_scroll(body, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 4)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)

    # ---- building -----------------------------------------------------------------------------

    def _send_group(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(tr("Send lots to another station", "ExchangePage"), parent)
        self.every_lot = QRadioButton(tr("Every lot", "ExchangePage"), group)
        self.chosen_lot = QRadioButton(group)
        self.every_lot.setChecked(True)
        choice = QButtonGroup(group)
        choice.addButton(self.every_lot)
        choice.addButton(self.chosen_lot)
        self.bundle_button = QPushButton(tr("Export a bundle…", "ExchangePage"), group)
        self.bundle_button.setObjectName("exportBundle")
        self.bundle_button.clicked.connect(self.export_bundle)
        self.csv_button = QPushButton(tr("Export CSV…", "ExchangePage"), group)
        self.csv_button.clicked.connect(lambda: self.export_table("csv"))
        self.xlsx_button = QPushButton(tr("Export XLSX…", "ExchangePage"), group)
        self.xlsx_button.clicked.connect(lambda: self.export_table("xlsx"))
        hint = hint_label(
            tr(
                "A bundle (.mlot) carries the lots with their producers, plots, custody, "
                "cupping and evidence files, signed with this station's key, for another "
                "microlot_desk. CSV and XLSX carry one row per lot and its latest panel score "
                "for a spreadsheet.",
                "ExchangePage",
            ),
            group,
        )
        self.send_result = result_label("sendResult", group)
        buttons = QHBoxLayout()
        for button in (self.bundle_button, self.csv_button, self.xlsx_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QVBoxLayout(group)
        box.addWidget(self.every_lot)
        box.addWidget(self.chosen_lot)
        box.addLayout(buttons)
        box.addWidget(hint)
        box.addWidget(self.send_result)
        return group

    def _check_group(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(tr("Receive a bundle", "ExchangePage"), parent)
        self.check_button = QPushButton(tr("Check a bundle…", "ExchangePage"), group)
        self.check_button.setObjectName("checkBundle")
        self.check_button.clicked.connect(self.choose_bundle_to_check)
        hint = hint_label(
            tr(
                "Or drop a .mlot file on the window. Checking writes nothing: it says whether "
                "every part is the one its sender signed, who signed it, and what it holds. "
                "A bundle from a trusted station can then be imported: you see what it would "
                "change before anything is written.",
                "ExchangePage",
            ),
            group,
        )
        self.check_result = result_label("checkResult", group)
        self.trust_button = QPushButton(tr("Trust this station…", "ExchangePage"), group)
        self.trust_button.clicked.connect(self.trust_sender)
        self.trust_button.hide()
        self.import_button = QPushButton(tr("Import this bundle…", "ExchangePage"), group)
        self.import_button.setObjectName("importBundle")
        self.import_button.clicked.connect(self.preview_import)
        self.import_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.trust_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.import_result = result_label("importResult", group)
        box = QVBoxLayout(group)
        box.addLayout(row)
        box.addWidget(hint)
        box.addWidget(self.check_result)
        box.addWidget(self.import_result)
        return group

    def showEvent(self, event: QShowEvent) -> None:
        code = self._chosen_code()
        self.chosen_lot.setEnabled(code is not None)
        self.chosen_lot.setText(
            tr("The lot chosen in the list: {code}", "ExchangePage").format(code=code)
            if code
            else tr("The lot chosen in the list (none chosen)", "ExchangePage")
        )
        if code is None:
            self.every_lot.setChecked(True)
        super().showEvent(event)

    # ---- sending ------------------------------------------------------------------------------

    def _codes(self) -> list[str] | None:
        code = self._chosen_code()
        return [code] if self.chosen_lot.isChecked() and code else None

    def _save_path(self, title: str, suggested: str, pattern: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return Path(chosen) if chosen else None

    def export_bundle(self) -> None:
        codes = self._codes()
        name = f"{codes[0] if codes else 'lots'}{BUNDLE_SUFFIX}"
        target = self._save_path(
            tr("Export a bundle", "ExchangePage"),
            name,
            tr("Lot bundles (*.mlot)", "ExchangePage"),
        )
        if target is None:
            return
        if target.suffix.lower() != BUNDLE_SUFFIX:
            target = target.with_name(target.name + BUNDLE_SUFFIX)
        database = self._workspace.database

        def work(progress: Progress) -> Any:
            return export_bundle(database, codes, target, clock=database.clock, progress=progress)

        def done(result: Any) -> None:
            evidence = (
                tr(", {count} evidence file(s)", "ExchangePage").format(count=result.evidence_files)
                if result.evidence_files
                else ""
            )
            tell(
                self.send_result,
                tr(
                    "Wrote {path}: {lots} lot(s){evidence}, signed by this station.", "ExchangePage"
                ).format(path=result.path, lots=result.lots, evidence=evidence),
            )

        self._run(tr("Exporting a bundle", "ExchangePage"), work, done, self.send_result)

    def export_table(self, kind: str) -> None:
        codes = self._codes()
        target = self._save_path(
            tr("Export lots as {kind}", "ExchangePage").format(kind=kind.upper()),
            f"{codes[0] if codes else 'lots'}.{kind}",
            f"{kind.upper()} (*.{kind})",
        )
        if target is None:
            return
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(f"{target.name}.{kind}")
        path, forms = self._workspace.path, self._workspace.lab_forms
        clock = self._workspace.database.clock

        def work(_progress: Progress) -> Any:
            return exchange_jobs.export_table_separately(
                path, forms, codes, target, kind=kind, clock=clock
            )

        def done(result: Any) -> None:
            tell(
                self.send_result,
                tr("Wrote {path}: {rows} lot(s).", "ExchangePage").format(
                    path=result.path, rows=result.rows
                ),
            )

        self._run(tr("Exporting lots", "ExchangePage"), work, done, self.send_result)

    # ---- checking -----------------------------------------------------------------------------

    def choose_bundle_to_check(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            tr("Check a bundle", "ExchangePage"),
            "",
            tr("Lot bundles (*.mlot);;All files (*)", "ExchangePage"),
        )
        if chosen:
            self.check_bundle(Path(chosen))

    def check_bundle(self, bundle: Path, *, then_preview: bool = False) -> None:
        """Check the bundle and say what it is; `then_preview` (a bundle dropped on the
        window) goes on to the import preview when its sender is trusted."""
        path, clock = self._workspace.path, self._workspace.database.clock
        self.trust_button.hide()
        self.import_button.hide()
        tell(self.import_result, "")
        self.checked = None

        def work(progress: Progress) -> Any:
            return exchange_jobs.check_bundle_separately(
                path, bundle, clock=clock, progress=progress
            )

        def done(checked: Any) -> None:
            self._show_check(checked)
            if then_preview and checked.trusted is not None and not self._workspace.read_only:
                QTimer.singleShot(0, self.preview_import)

        self._run(tr("Checking a bundle", "ExchangePage"), work, done, self.check_result)

    def _show_check(self, checked: Any) -> None:
        self.checked = checked
        sender = checked.sender
        station = html.escape(sender.station) or tr("an unnamed station", "ExchangePage")
        codes = ", ".join(checked.lot_codes[:12])
        if len(checked.lot_codes) > 12:
            codes += tr(" and {n} more", "ExchangePage").format(n=len(checked.lot_codes) - 12)
        lines = [
            tr(
                "<b>Intact</b>: every part is the one signed by <b>{station}</b>", "ExchangePage"
            ).format(station=station),
            tr("Fingerprint <tt>{fingerprint}</tt>", "ExchangePage").format(
                fingerprint=sender.fingerprint
            ),
            tr("Made {when} by microlot_desk {version}", "ExchangePage").format(
                when=html.escape(checked.created_at[:19].replace("T", " ")) + " UTC",
                version=html.escape(checked.app_version),
            ),
            tr("{count} lot(s): {codes}", "ExchangePage").format(
                count=len(checked.lot_codes), codes=html.escape(codes)
            ),
            tr(
                "{records} record(s), {files} evidence file(s), {chains} signed custody chain(s)",
                "ExchangePage",
            ).format(
                records=sum(checked.records.values()),
                files=checked.evidence_files,
                chains=checked.chains,
            ),
        ]
        if checked.trusted is None:
            lines.append(
                f"<span style='{ERROR_STYLE}'>"
                + tr(
                    "This station does not trust its sender yet: compare the fingerprint with "
                    "them, by phone or in person, before you trust it.",
                    "ExchangePage",
                )
                + "</span>"
            )
            self.trust_button.setVisible(not self._workspace.read_only)
        elif checked.own_key:
            lines.append(tr("Trusted: yes, signed with this station's own key", "ExchangePage"))
        else:
            lines.append(
                tr("Trusted: yes, as {name}", "ExchangePage").format(
                    name=html.escape(checked.trusted.name or sender.fingerprint)
                )
            )
        self.import_button.setVisible(checked.trusted is not None and not self._workspace.read_only)
        self.check_result.setStyleSheet("")
        self.check_result.setTextFormat(Qt.TextFormat.RichText)
        self.check_result.setText("<br>".join(lines))
        self.check_result.show()
        QTimer.singleShot(0, self.check_result.updateGeometry)  # as in tell

    def trust_sender(self) -> None:
        checked = self.checked
        if checked is None:
            return
        dialog = TrustDialog(self._workspace, self)
        dialog.fingerprint.setText(checked.sender.fingerprint)
        dialog.name.setText(checked.sender.station)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.check_bundle(checked.path)

    # ---- importing ----------------------------------------------------------------------------

    def preview_import(self) -> None:
        """Run the import as a dry run (rolled back) and show what it would change."""
        checked = self.checked
        if checked is None:
            return
        database, forms = self._workspace.database, self._workspace.forms_provider

        def work(progress: Progress) -> Any:
            return import_bundle(
                database,
                checked.path,
                clock=database.clock,
                dry_run=True,
                progress=progress,
                forms=forms,
            )

        def done(report: Any) -> None:
            name = checked.trusted.name if checked.trusted else ""
            self.preview = ImportPreviewDialog(
                report, name or checked.sender.station or checked.sender.fingerprint, self
            )
            self.preview.accepted.connect(lambda: self.import_checked(checked))
            self.preview.finished.connect(lambda _code: setattr(self, "preview", None))
            self.preview.open()

        self._run(
            tr("Reading what the bundle changes", "ExchangePage"), work, done, self.import_result
        )

    def import_checked(self, checked: CheckedBundle) -> None:
        database, forms = self._workspace.database, self._workspace.forms_provider

        def work(progress: Progress) -> Any:
            return import_bundle(
                database, checked.path, clock=database.clock, progress=progress, forms=forms
            )

        title = tr("Importing a bundle", "ExchangePage")
        self._run(title, work, self._imported, self.import_result)

    def _conflict_settled(self) -> None:
        # The import's "N conflicts wait for your choice" no longer holds once one is chosen.
        if not self.conflicts.conflicts:
            tell(self.import_result, "")
        emit(self.records_changed)

    def _imported(self, report: ImportReport) -> None:
        new = sum(c.new for c in report.tables.values())
        updated = sum(c.updated for c in report.tables.values())
        text = tr(
            "Imported {lots} lot(s): {new} record(s) new, {updated} updated, {files} evidence "
            "file(s) added.",
            "ExchangePage",
        ).format(lots=len(report.lot_codes), new=new, updated=updated, files=report.files_added)
        if report.conflicts_open:
            text += " " + tr("{n} conflict(s) wait for your choice below.", "ExchangePage").format(
                n=report.conflicts_open
            )
        self.import_button.hide()
        tell(self.import_result, text)
        self.conflicts.refresh()
        emit(self.records_changed)

    # ---- running ------------------------------------------------------------------------------

    def _run(
        self,
        title: str,
        work: Callable[[Progress], Any],
        done: Callable[[Any], None],
        result_label: QLabel,
    ) -> None:
        if self.work is not None:
            return

        def finished(result: Any) -> None:
            self.work = None
            done(result)

        def failed(error: Exception) -> None:
            self.work = None
            if isinstance(error, Cancelled):
                tell(result_label, tr("Cancelled: nothing was written.", "ExchangePage"))
            elif isinstance(error, KnownError):
                tell(result_label, error_text(error), problem=True)
            else:
                report_bug(error)

        tell(result_label, "")
        self.work = WorkProgressDialog(title, title + "…", self)
        self.work.start(work, finished, failed)
