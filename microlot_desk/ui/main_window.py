"""The main window: a navigation rail on the left, the chosen screen beside it, and the menus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from microlot_desk import __version__
from microlot_desk.errors import DatabaseDamaged, KnownError
from microlot_desk.services.common.progress import Cancelled
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.error_dialogs import ask_to_restore, known_or_crash, report_bug
from microlot_desk.ui.common.lazy_page import LazyPage
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.common.work_progress import WorkProgressDialog
from microlot_desk.ui.common.workers import run_in_background
from microlot_desk.ui.lots.lot_list_page import LotListPage

if TYPE_CHECKING:
    from microlot_desk.services.workspace.session_print import SessionPrintService
    from microlot_desk.ui.cupping.cupping_page import CuppingPage
    from microlot_desk.ui.exchange.exchange_page import ExchangePage
    from microlot_desk.ui.printing.sheet_check import SheetCheck


class MainWindow(QMainWindow):
    closed = Signal()
    backup_finished = Signal(str)  # the backup's path
    demo_ended = Signal(int)  # lots the demo added; -1 when it failed or was cancelled

    def __init__(
        self,
        workspace: Workspace,
        icons_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._lots = workspace.lots
        lots = workspace.lots
        self._icons = icons_dir
        self.undo_stack = QUndoStack(self)
        self.restore_from: Path | None = None  # set when the person chose a backup to restore
        self.demo_progress: WorkProgressDialog | None = None  # while the demo loads
        self.sheet_check: SheetCheck | None = None  # File > Verify a provenance sheet…
        self.setWindowIcon(QIcon(str(icons_dir / "microlot_desk.svg")))
        self._update_title()
        # 1280 x 760 where it fits; on a 1366 x 768 laptop, less than the screen minus panels.
        available = self.screen().availableGeometry()
        self.resize(
            min(1280, int(available.width() * 0.95)), min(760, int(available.height() * 0.92))
        )

        self.rail = QListWidget(self)
        self.rail.setObjectName("navigationRail")
        self.rail.setIconSize(QSize(28, 28))
        self.rail.setFixedWidth(110)
        self.rail.setViewMode(QListWidget.ViewMode.IconMode)
        self.rail.setMovement(QListWidget.Movement.Static)
        self.rail.setSpacing(6)
        # Highlight the whole item, icon and text, not only the text under the icon.
        self.rail.setStyleSheet(
            "QListWidget#navigationRail::item { border-radius: 6px; padding-top: 6px; }"
            "QListWidget#navigationRail::item:selected {"
            " background: palette(highlight); color: palette(highlighted-text); }"
        )
        self.pages = QStackedWidget(self)

        self.lots_page = LotListPage(lots, self.undo_stack, self, self._lot_views)
        self.lots_page.demo_requested.connect(self.load_demo_data)
        self.lots_page.lot_selected.connect(self._lot_selected)
        self.lots_page.problem.connect(lambda text: self.statusBar().showMessage(text, 10000))
        # Queued: the damage is met while the list paints, and no dialog may open inside a paint.
        self.lots_page.model.damaged.connect(
            self.database_damaged, Qt.ConnectionType.QueuedConnection
        )
        if (damage := self.lots_page.model.damage) is not None:  # met while the list was built
            QTimer.singleShot(0, lambda: self.database_damaged(damage))
        self._add_page(self.lots_page, tr("Lots", "MainWindow"), "lots.svg")
        self.cupping_holder = LazyPage(self._build_cupping_page, self)
        self._add_page(self.cupping_holder, tr("Cupping", "MainWindow"), "cupping.svg")
        self.exchange_holder = LazyPage(self._build_exchange_page, self)
        self._add_page(self.exchange_holder, tr("Exchange", "MainWindow"), "exchange.svg")
        self.settings_holder = LazyPage(self._build_settings_page, self)
        self._add_page(self.settings_holder, tr("Settings", "MainWindow"), "settings.svg")
        self.setAcceptDrops(True)  # a .mlot dropped anywhere on the window is checked
        self.rail.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.rail.setCurrentRow(0)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rail)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()

        where = QLabel(str(workspace.path), self)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(where)
        if workspace.read_only:
            self.statusBar().showMessage(
                tr("Read-only: another window has this database open for writing.", "MainWindow")
            )

    def _update_title(self) -> None:
        # "file — app", ending with the application's display name: X11 and Windows append that
        # name to any title that does not end with it, which made "microlot_desk — file —
        # microlot_desk".
        suffix = tr(" (read-only)", "MainWindow") if self.workspace.read_only else ""
        app_name = QApplication.applicationDisplayName() or "microlot_desk"
        self.setWindowTitle(f"{self.workspace.path.name}{suffix} — {app_name}")

    def _add_page(self, page: QWidget, title: str, icon: str) -> None:
        item = QListWidgetItem(QIcon(str(self._icons / icon)), title)
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
        item.setSizeHint(QSize(96, 64))
        self.rail.addItem(item)
        self.pages.addWidget(page)

    def _build_menus(self) -> None:
        writable = not self.workspace.read_only
        file_menu = self.menuBar().addMenu(tr("&File", "MainWindow"))
        new_lot = QAction(tr("&New lot…", "MainWindow"), self)
        new_lot.setShortcuts(QKeySequence.StandardKey.New)
        new_lot.setEnabled(writable)
        new_lot.triggered.connect(self.lots_page.new_lot)
        file_menu.addAction(new_lot)
        session = QAction(tr("New &cupping session…", "MainWindow"), self)
        session.setEnabled(writable)
        session.triggered.connect(self.new_cupping_session)
        file_menu.addAction(session)
        demo = QAction(tr("Load &demo data", "MainWindow"), self)
        demo.setEnabled(writable)
        demo.triggered.connect(self.load_demo_data)
        file_menu.addAction(demo)
        file_menu.addSeparator()
        self.print_action = QAction(tr("&Print provenance sheet…", "MainWindow"), self)
        self.print_action.setShortcuts(QKeySequence.StandardKey.Print)
        self.print_action.setEnabled(False)  # until a lot is selected
        self.print_action.triggered.connect(self.print_sheet)
        file_menu.addAction(self.print_action)
        export = QAction(tr("&Export provenance sheets…", "MainWindow"), self)
        export.triggered.connect(self.export_sheets)
        file_menu.addAction(export)
        self.blank_form_action = QAction(tr("Print &blank cupping form…", "MainWindow"), self)
        self.blank_form_action.triggered.connect(self.print_blank_form)
        file_menu.addAction(self.blank_form_action)
        self.verify_sheet_action = QAction(tr("&Verify a provenance sheet…", "MainWindow"), self)
        self.verify_sheet_action.triggered.connect(self.verify_sheet)
        file_menu.addAction(self.verify_sheet_action)
        file_menu.addSeparator()
        backup = QAction(tr("&Back up now", "MainWindow"), self)
        backup.triggered.connect(self.back_up_now)
        file_menu.addAction(backup)
        restore = QAction(tr("&Restore a backup…", "MainWindow"), self)
        restore.setEnabled(writable)
        restore.triggered.connect(self.restore_backup)
        file_menu.addAction(restore)
        file_menu.addSeparator()
        quit_action = QAction(tr("&Quit", "MainWindow"), self)
        # Some desktops define no Quit key (the list is empty under offscreen and plain X11).
        quit_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(tr("&Edit", "MainWindow"))
        # setShortcuts, not setShortcut: a standard key can have several bindings, and
        # setShortcut keeps only the first (Ctrl+Y, so Ctrl+Shift+Z did not redo).
        undo = self.undo_stack.createUndoAction(self, tr("&Undo", "MainWindow"))
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, tr("&Redo", "MainWindow"))
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        find = QAction(tr("&Find lots", "MainWindow"), self)
        find.setShortcuts(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.lots_page.focus_search)
        edit_menu.addAction(find)

        help_menu = self.menuBar().addMenu(tr("&Help", "MainWindow"))
        about = QAction(tr("&About microlot_desk", "MainWindow"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _lot_views(self, parent: QWidget) -> list[tuple[str, QWidget]]:
        """The lot editor's tabs beyond the record (built with the editor, on first use)."""
        from microlot_desk.ui.cupping.score_history import ScoreHistoryView
        from microlot_desk.ui.provenance.provenance_tabs import provenance_views

        def recorded(lot_id: str) -> None:
            # A custody event, a file or a location changes the verdict in the list; a split
            # adds lots; a polygon may fill the plot's area on the record.
            self.lots_page.data_changed()
            self.lots_page.editor.show_lot(lot_id)

        cupping = (tr("Cupping", "LotEditor"), ScoreHistoryView(self.workspace.cupping, parent))
        return provenance_views(self.workspace, parent, cupping, recorded)

    def _build_cupping_page(self, parent: QWidget) -> QWidget:
        from microlot_desk.ui.cupping.cupping_page import CuppingPage

        page = CuppingPage(
            self.workspace.cupping,
            self._lots,
            self.undo_stack,
            parent,
            printing=self._session_printing,
        )
        page.problem.connect(lambda text: self.statusBar().showMessage(text, 10000))
        return page

    def _build_exchange_page(self, parent: QWidget) -> QWidget:
        from microlot_desk.ui.exchange.exchange_page import ExchangePage

        def chosen_code() -> str | None:
            lot_id = self.lots_page.selected_lot_id()
            return self.workspace.lots.get(lot_id).code if lot_id else None

        page = ExchangePage(self.workspace, chosen_code, parent)
        page.records_changed.connect(self.lots_page.data_changed)
        return page

    @property
    def exchange_page(self) -> ExchangePage:
        from microlot_desk.ui.exchange.exchange_page import ExchangePage

        page = self.exchange_holder.page
        assert isinstance(page, ExchangePage)
        return page

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from microlot_desk.ui.exchange.exchange_page import bundle_paths

        if bundle_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from microlot_desk.ui.exchange.exchange_page import bundle_paths

        found = bundle_paths(event)
        if found:
            event.acceptProposedAction()
            self.rail.setCurrentRow(self.pages.indexOf(self.exchange_holder))
            self.exchange_page.check_bundle(found[0], then_preview=True)

    def _build_settings_page(self, parent: QWidget) -> QWidget:
        from microlot_desk.ui.settings.settings_page import SettingsPage

        page = SettingsPage(self.workspace, parent)
        # Size limits and thresholds change the list's size classes and stored verdicts.
        page.settings_changed.connect(lambda _key: self.lots_page.data_changed())
        page.problem.connect(lambda text: self.statusBar().showMessage(text, 10000))
        return page

    @property
    def cupping_page(self) -> CuppingPage:
        from microlot_desk.ui.cupping.cupping_page import CuppingPage

        page = self.cupping_holder.page
        assert isinstance(page, CuppingPage)
        return page

    def show_cupping(self) -> None:
        self.rail.setCurrentRow(self.pages.indexOf(self.cupping_holder))

    def new_cupping_session(self) -> None:
        self.show_cupping()
        self.cupping_page.new_session()

    # ---- actions ------------------------------------------------------------------------------

    def _lot_selected(self, lot_id: object) -> None:
        self.print_action.setEnabled(lot_id is not None)

    def print_sheet(self) -> None:
        """Preview the selected lot's provenance sheet, from where it prints or saves."""
        from microlot_desk.ui.printing.sheet_preview import open_sheet_preview

        lot_id = self.lots_page.selected_lot_id()
        if lot_id is not None:
            open_sheet_preview(self, self.workspace.printing, lot_id)

    def _session_printing(self) -> SessionPrintService:
        """Cupping's printed documents (made on first use: printing loads reportlab)."""
        from microlot_desk.services.workspace.session_print import session_printing

        return session_printing(self.workspace)

    def print_blank_form(self) -> None:
        """Choose a cupping form from the library and preview it blank, to print or save."""
        from microlot_desk.ui.printing.print_previews import open_blank_form_preview

        open_blank_form_preview(self, self._session_printing())

    def export_sheets(self) -> None:
        """One PDF per lot in the list as it is searched and filtered, off the GUI thread."""
        from microlot_desk.ui.printing.batch_export import BatchExportDialog

        refs = self.lots_page.listed_lots()
        if not refs:
            self.statusBar().showMessage(tr("No lots in the list to export.", "MainWindow"), 8000)
            return
        dialog = BatchExportDialog(self.workspace.path, refs, self, clock=self.workspace.lots.clock)
        dialog.setObjectName("batchExport")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def load_demo_data(self) -> None:
        """Add the demo lots in a worker (one transaction: pictures are made, decoded and
        hashed, every demo lot judged) behind a modal progress dialog with Cancel. With
        nothing to add, say so at once: no dialog, the field being typed keeps its focus."""
        from microlot_desk.services.demo.demo_data import demo_missing, load_demo

        if self.demo_progress is not None:
            return
        if not demo_missing(self._lots):
            self._demo_loaded(0)
            return
        lots = self._lots

        def failed(error: Exception) -> None:
            self.demo_progress = None
            if isinstance(error, Cancelled):
                self.statusBar().showMessage(
                    tr("Demo data not loaded: cancelled.", "MainWindow"), 8000
                )
            elif isinstance(error, KnownError):
                QMessageBox.warning(self, tr("Demo data", "MainWindow"), error_text(error))
            else:
                report_bug(error)
            emit(self.demo_ended, -1)

        dialog = WorkProgressDialog(
            tr("Demo data", "MainWindow"),
            tr(
                "Adding the demo lots with their plots, custody, photos and cupping panel…",
                "MainWindow",
            ),
            self,
        )
        self.demo_progress = dialog
        dialog.start(lambda progress: load_demo(lots, progress), self._demo_loaded, failed)

    def _demo_loaded(self, added: int) -> None:
        self.demo_progress = None
        self.lots_page.data_changed()
        self.statusBar().showMessage(tr("{n} demo lots added.", "MainWindow").format(n=added), 8000)
        emit(self.demo_ended, added)

    def verify_sheet(self) -> None:
        from microlot_desk.ui.printing.sheet_check import SheetCheck

        if self.sheet_check is None:
            self.sheet_check = SheetCheck(self.workspace, self)
        self.sheet_check.choose_and_check()

    def back_up_now(self) -> None:
        """Copy the database in a worker thread (through a connection of its own), so a large
        file never freezes the window; the result or the failure shows when it is done."""
        self.statusBar().showMessage(tr("Backing up…", "MainWindow"))

        def failed(text: str) -> None:
            self.statusBar().clearMessage()
            QMessageBox.warning(self, tr("Backup", "MainWindow"), text)

        def done(path: object) -> None:
            self.statusBar().showMessage(
                tr("Backup written: {path}", "MainWindow").format(path=path), 10000
            )
            emit(self.backup_finished, str(path))

        run_in_background(self.workspace.backup_copy, on_error=known_or_crash(failed), on_done=done)

    def database_damaged(self, damage: DatabaseDamaged) -> None:
        """A read met a page damaged since the file's last full check: say so once and offer
        the latest backup; restoring it closes this window and the app reopens (as
        restore_backup does)."""
        backup = ask_to_restore(self, damage)
        if backup is not None:
            self.restore_from = backup
            QTimer.singleShot(0, self.close)  # after the paint that may have met the damage

    def restore_backup(self) -> None:
        """Choose a backup; the app then closes this window, restores it and reopens (app.py
        does that part, since the database must be closed first)."""
        from microlot_desk.ui.common.restore_dialog import RestoreBackupDialog

        dialog = RestoreBackupDialog(self.workspace.backups(), self)
        if not dialog.exec() or (chosen := dialog.chosen()) is None:
            return
        self.restore_from = chosen
        self.close()

    def about_text(self) -> str:
        return tr(
            "<h3>microlot_desk {version}</h3>"
            "<p>Offline records, cupping and provenance sheets for specialty-coffee micro-lots.</p>"
            "<p>Database: {path}</p>"
            "<p>Free software under the GNU GPL v3 or later. Fonts: Noto Sans and Noto Sans "
            "Ethiopic (SIL OFL 1.1), Droid Sans Fallback (Apache 2.0).</p>",
            "MainWindow",
        ).format(version=__version__, path=self.workspace.path)

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About microlot_desk", "MainWindow"), self.about_text())

    def closeEvent(self, event: QCloseEvent) -> None:
        # A field being edited is saved when it loses focus; moving focus away saves it now.
        focused = self.focusWidget()
        if focused is not None:
            focused.clearFocus()
        emit(self.closed)
        super().closeEvent(event)
