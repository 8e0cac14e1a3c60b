"""The Cupping screen: the sessions, newest first; "New session" opens a set-up; opening a session
shows its set-up, the table-side entry screen and the panel result as tabs.

Wiring (main window): `CuppingPage(cupping, lots, undo_stack, parent, printing=factory)` as a
rail page; its `problem` signal carries messages for the status bar. An open session's report and
sample labels are printed from the buttons beside its title (print_previews does the asking and
the previewing; the services build the PDF).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.common.cupping_texts import CONTEXT
from microlot_desk.ui.common.locale_formats import show_day
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.cupping.panel_view import PanelView
from microlot_desk.ui.cupping.session_members import SessionMembers
from microlot_desk.ui.cupping.session_setup import SessionForm
from microlot_desk.ui.cupping.session_table_model import SessionTableModel
from microlot_desk.ui.cupping.sheet_entry import SheetEntry

if TYPE_CHECKING:  # printing loads reportlab: only when something is printed
    from microlot_desk.services.workspace.session_print import SessionPrintService

SETUP, TABLE, PANEL = 0, 1, 2


class CuppingPage(QWidget):
    problem = Signal(str)

    def __init__(
        self,
        cupping: CuppingService,
        lots: LotService,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        printing: Callable[[], SessionPrintService] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cuppingPage")
        self._cupping = cupping
        self._printing_factory = printing  # makes the print service on first use
        self._printing: SessionPrintService | None = None
        read_only = lots.read_only
        self._session_id: str | None = None
        self._table_stale = True
        self._panel_stale = True

        self.sessions = SessionTableModel(cupping, self)
        self.session_table = self._session_table()
        self.new_button = QPushButton(tr("New session", CONTEXT), self)
        self.new_button.setObjectName("newSession")
        self.new_button.setEnabled(not read_only)
        self.new_button.clicked.connect(self.new_session)
        self.open_button = QPushButton(tr("Open", CONTEXT), self)
        self.open_button.setObjectName("openSession")
        self.open_button.clicked.connect(self._open_selected)
        self.empty_note = QLabel(
            tr("No cupping sessions yet. Start one with New session.", CONTEXT), self
        )

        self.back_button = QPushButton(tr("◀ Sessions", CONTEXT), self)
        self.back_button.setObjectName("backToSessions")
        self.back_button.clicked.connect(self.show_sessions)
        self.session_title = QLabel(self)
        self.session_title.setObjectName("sessionTitle")
        title_font = QFont(self.font())
        title_font.setPointSizeF(13)
        title_font.setBold(True)
        self.session_title.setFont(title_font)
        self.print_report_button = QPushButton(tr("Print report…", CONTEXT), self)
        self.print_report_button.setObjectName("printSessionReport")
        self.print_report_button.setToolTip(
            tr(
                "Preview the session report (panel results and every sheet) to print or save",
                CONTEXT,
            )
        )
        self.print_report_button.clicked.connect(self.print_report)
        self.print_labels_button = QPushButton(tr("Print labels…", CONTEXT), self)
        self.print_labels_button.setObjectName("printSessionLabels")
        self.print_labels_button.setToolTip(
            tr("Labels with QR code for the samples' bags or cup bowls", CONTEXT)
        )
        self.print_labels_button.clicked.connect(self.print_labels)
        self.setup = SessionForm(cupping, self, read_only=read_only)
        self.members = SessionMembers(cupping, lots, self, read_only=read_only)
        self.entry = SheetEntry(cupping, undo_stack, self, read_only=read_only)
        self.panel = PanelView(cupping, self, read_only=read_only)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sessionTabs")
        self.tabs.addTab(self._setup_tab(), tr("Set-up", CONTEXT))
        self.tabs.addTab(self.entry, tr("Table", CONTEXT))
        self.tabs.addTab(self.panel, tr("Panel result", CONTEXT))
        self.tabs.currentChanged.connect(self._tab_changed)

        self._connect()

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._list_page())
        self.stack.addWidget(self._workspace())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_sessions()

    def _connect(self) -> None:
        self.setup.created.connect(self._created)
        self.setup.saved.connect(lambda _id: self._session_changed())
        self.members.changed.connect(self._session_changed)
        self.entry.sheet_saved.connect(lambda *_: self._mark_panel_stale())
        self.panel.changed.connect(self._revealed_or_excluded)
        for source in (self.setup, self.entry, self.panel):
            source.problem.connect(self.problem)

    def _session_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("sessionTable")
        table.setModel(self.sessions)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(32)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self._row_activated)  # Enter, or a platform's single click
        table.doubleClicked.connect(self._row_activated)
        return table

    def _list_page(self) -> QWidget:
        page = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.session_table, 1)
        return page

    def _setup_tab(self) -> QWidget:
        body = QWidget(self)
        layout = QHBoxLayout(body)
        layout.addWidget(self.setup, 1)
        layout.addWidget(self.members, 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        return scroll

    def _workspace(self) -> QWidget:
        page = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.session_title, 1)
        top.addWidget(self.print_report_button)
        top.addWidget(self.print_labels_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        return page

    # ---- the sessions ------------------------------------------------------------------

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def show_sessions(self) -> None:
        self.sessions.refresh()
        self.empty_note.setVisible(self.sessions.rowCount() == 0)
        self.open_button.setEnabled(self.sessions.rowCount() > 0)
        if self._session_id is not None:
            row = self.sessions.row_of(self._session_id)
            if row >= 0:
                self.session_table.selectRow(row)
        elif self.sessions.rowCount():
            self.session_table.selectRow(0)
        self.stack.setCurrentIndex(0)

    def _row_activated(self, index: QModelIndex) -> None:
        session_id = self.sessions.session_id(index.row())
        opened = self.stack.currentIndex() == 1 and session_id == self._session_id
        if session_id is not None and not opened:
            self.open_session(session_id)

    def _open_selected(self) -> None:
        self._row_activated(self.session_table.currentIndex())

    def new_session(self) -> None:
        self._session_id = None
        self.setup.show_session(None)
        self.members.set_session(None)
        self.session_title.setText(tr("New session", CONTEXT))
        self._enable_tabs(False)
        self.tabs.setCurrentIndex(SETUP)
        self.stack.setCurrentIndex(1)
        self.setup.edits["title"].setFocus(Qt.FocusReason.OtherFocusReason)

    def open_session(self, session_id: str, tab: int | None = None) -> None:
        view = self._cupping.session(session_id)
        self._session_id = session_id
        self.setup.show_session(view)
        self.members.set_session(session_id)
        self._show_title()
        self._enable_tabs(True)
        self._table_stale = self._panel_stale = True
        ready = bool(view.samples and view.cuppers)
        self.stack.setCurrentIndex(1)
        wanted = tab if tab is not None else (TABLE if ready else SETUP)
        if self.tabs.currentIndex() == wanted:
            self._tab_changed(wanted)
        else:
            self.tabs.setCurrentIndex(wanted)

    def _show_title(self) -> None:
        if self._session_id is None:
            return
        session = self._cupping.session(self._session_id).session
        parts = [show_day(session.held_on), session.title, session.place]
        self.session_title.setText(" · ".join(part for part in parts if part))

    def _enable_tabs(self, enabled: bool) -> None:
        self.tabs.setTabEnabled(TABLE, enabled)
        self.tabs.setTabEnabled(PANEL, enabled)
        self.print_report_button.setEnabled(enabled)
        self.print_labels_button.setEnabled(enabled)

    # ---- printing ----------------------------------------------------------------------

    @property
    def printing(self) -> SessionPrintService:
        if self._printing is None:
            from microlot_desk.services.workspace.session_print import SessionPrintService

            factory = self._printing_factory
            self._printing = factory() if factory else SessionPrintService(self._cupping)
        return self._printing

    def print_report(self) -> None:
        """Preview the open session's report, from where it prints or is saved."""
        from microlot_desk.ui.printing.print_previews import open_report_preview

        if self._session_id is not None:
            open_report_preview(self, self.printing, self._session_id)

    def print_labels(self) -> None:
        """Ask which label sheet and how many labels per sample, then preview them."""
        from microlot_desk.ui.printing.print_previews import open_labels_preview

        if self._session_id is not None:
            open_labels_preview(self, self.printing, self._session_id)

    # ---- keeping the tabs current ------------------------------------------------------

    def _created(self, session_id: str) -> None:
        self._session_id = session_id
        self.members.set_session(session_id)
        self._enable_tabs(True)
        self._show_title()
        self._session_changed()
        self.members.lot_search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _session_changed(self) -> None:
        self._table_stale = self._panel_stale = True
        self._show_title()
        self.sessions.refresh()

    def _mark_panel_stale(self) -> None:
        self._panel_stale = True

    def _revealed_or_excluded(self) -> None:
        self._table_stale = True
        self.members.refresh()
        self.sessions.refresh()

    def _tab_changed(self, index: int) -> None:
        if self._session_id is None:
            return
        if index == TABLE and self._table_stale:
            self._table_stale = False
            if self.entry.view is not None and self.entry.view.session.id == self._session_id:
                self.entry.refresh_session()
            else:
                self.entry.open_session(self._session_id)
        elif index == PANEL and self._panel_stale:
            self._panel_stale = False
            self.panel.show_session(self._session_id)
            if self.entry.current is not None:
                self.panel.select_sample(self.entry.current[0])
