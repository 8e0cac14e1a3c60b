"""The Lots screen: search and filters over the list, the selected lot's editor beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.lot_query import UNASSESSED
from microlot_desk.domain.size_classes import SizeClass
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.common.locale_formats import country_text
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.lots.filter_combo import Choices, LazyFilterCombo
from microlot_desk.ui.lots.lot_table_model import (
    COLUMNS,
    LOT_ID_ROLE,
    VERDICT_WORDS,
    LotTableModel,
    process_label,
    verdict_label,
)

if TYPE_CHECKING:
    from microlot_desk.ui.lots.lot_editor import LotEditor

# Builds the lot editor's extra tabs, (title, widget with show_lot), given their parent.
LotViews = Callable[[QWidget], list[tuple[str, QWidget]]]

SEARCH_DELAY_MS = 120  # one query per pause in typing, not per key during a burst


class LotListPage(QWidget):
    demo_requested = Signal()
    lot_selected = Signal(object)  # the lot id, or None when no lot is selected
    problem = Signal(str)

    def __init__(
        self,
        lots: LotService,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        lot_views: LotViews | None = None,
    ):
        super().__init__(parent)
        self._lots = lots
        self._lot_views = lot_views
        self.model = LotTableModel(lots, self)

        self.search = QLineEdit(self)
        self.search.setObjectName("lotSearch")
        self.search.setPlaceholderText(
            tr("Search code, name, producer, region, variety… (Ctrl+F)", "LotListPage")
        )
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)

        self.country_filter = self._filter_combo(
            "countryFilter",
            tr("All countries", "LotListPage"),
            lambda: [(c, f"{c} — {country_text(c)}") for c in lots.filter_values("country")],
        )
        self.process_filter = self._filter_combo(
            "processFilter",
            tr("All processes", "LotListPage"),
            lambda: [(p, process_label(p)) for p in lots.filter_values("process")],
        )
        self.variety_filter = self._filter_combo(
            "varietyFilter",
            tr("All varieties", "LotListPage"),
            lambda: [(v, v.title()) for v in lots.filter_values("variety")],
        )
        self.size_filter = self._filter_combo(
            "sizeFilter",
            tr("All sizes", "LotListPage"),
            lambda: [(s.value, tr(s.value.capitalize(), "size_class")) for s in SizeClass],
        )
        self.verdict_filter = self._filter_combo(
            "verdictFilter",
            tr("All verdicts", "LotListPage"),
            lambda: [(key, verdict_label(key)) for key in (*VERDICT_WORDS, UNASSESSED)],
        )
        self.new_button = QPushButton(tr("New lot", "LotListPage"), self)
        self.new_button.setObjectName("newLot")
        self.new_button.clicked.connect(self.new_lot)
        self.new_button.setEnabled(not lots.read_only)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("lotCount")

        self.empty_banner = self._make_empty_banner()

        self.table = QTableView(self)
        self.table.setObjectName("lotTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((132, 146, 150, 60, 105, 70, 72, 110, 70, 150)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        # Connected after the view's own sorting, so this runs once the rows are in the new order.
        self._sort_column, self._sort_order = 0, Qt.SortOrder.AscendingOrder
        header.sortIndicatorChanged.connect(self._sort_changed)

        # The editor (some forty fields) is built when the first lot is shown: until then a
        # label holds its place, and the window appears that much sooner.
        self._undo_stack = undo_stack
        self._editor: LotEditor | None = None
        self._editor_placeholder = QLabel(
            tr("Select a lot on the left, or add one.", "LotEditor"), self
        )
        self._editor_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._editor_placeholder.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for combo in (
            self.country_filter,
            self.process_filter,
            self.variety_filter,
            self.size_filter,
            self.verdict_filter,
        ):
            filters.addWidget(combo, 1)
        filters.addWidget(self.new_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty_banner)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter = splitter
        splitter.addWidget(left)
        splitter.addWidget(self._editor_placeholder)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Start near 3:2 (Qt scales these to the real width); from size hints alone the table
        # took nearly everything and squeezed the editor to its minimum.
        splitter.setSizes([600, 400])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        # Ctrl+F is the main window's Edit > Find lots. Escape clears the search only while in
        # the search box (a window-wide Escape also cleared it from inside the editor).
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.reload_filters()
        self._update_count()

    # ---- building -----------------------------------------------------------------------------

    @property
    def editor(self) -> LotEditor:
        if self._editor is None:
            from microlot_desk.ui.lots.lot_editor import (
                LotEditor,  # built, and imported, on first use
            )

            views = self._lot_views(self) if self._lot_views else []
            editor = LotEditor(self._lots, self._undo_stack, self, views)
            editor.setObjectName("lotEditor")
            editor.lot_saved.connect(self._lot_saved)
            editor.problem.connect(self.problem)
            sizes = self._splitter.sizes()
            self._splitter.replaceWidget(1, editor)
            self._splitter.setSizes(sizes)
            self._editor_placeholder.deleteLater()
            self._editor = editor
        return self._editor

    def _shown_lot_id(self) -> str | None:
        """The lot in the editor, without building the editor just to ask."""
        if self._editor is None or self._editor.lot is None:
            return None
        return self._editor.lot.id

    def _filter_combo(self, name: str, everything: str, choices: Choices) -> LazyFilterCombo:
        combo = LazyFilterCombo(everything, choices, self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.activated.connect(lambda _index: self.apply_filters())
        return combo

    def _make_empty_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("emptyBanner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        text = QLabel(
            tr(
                "This database has no lots yet. Add your first lot, or load demo lots "
                "to look around (you can delete them later).",
                "LotListPage",
            ),
            banner,
        )
        text.setWordWrap(True)
        demo = QPushButton(tr("Load demo data", "LotListPage"), banner)
        demo.setObjectName("loadDemo")
        demo.clicked.connect(self.demo_requested)
        demo.setEnabled(not self._lots.read_only)
        add = QPushButton(tr("Add a lot", "LotListPage"), banner)
        add.clicked.connect(self.new_lot)
        add.setEnabled(not self._lots.read_only)
        row = QHBoxLayout(banner)
        row.addWidget(text, 1)
        row.addWidget(demo)
        row.addWidget(add)
        return banner

    def reload_filters(self) -> None:
        """The values present in the data may have changed: refill the menus on next use."""
        for combo in (self.country_filter, self.process_filter, self.variety_filter):
            combo.invalidate()

    # ---- behaviour ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        size = self.size_filter.currentData()
        query = replace(
            self.model.query,
            search=self.search.text(),
            country=self.country_filter.currentData() or "",
            process=self.process_filter.currentData() or "",
            variety=self.variety_filter.currentData() or "",
            size_class=SizeClass(size) if size else None,
            verdict=self.verdict_filter.currentData() or "",
        )
        selected = self._shown_lot_id()
        self.model.set_query(query)
        self._update_count()
        self._reselect(selected)

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = self._lots.total()
        self.empty_banner.setVisible(total == 0)
        if shown == total:
            self.count_label.setText(tr("{n} lots", "LotListPage").format(n=total))
        else:
            self.count_label.setText(
                tr("{shown} of {total} lots", "LotListPage").format(shown=shown, total=total)
            )

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMNS[column].sort is None:
            # The model cannot sort by this column and kept its order: put the arrow back.
            self.table.horizontalHeader().setSortIndicator(self._sort_column, self._sort_order)
            return
        self._sort_column, self._sort_order = column, order
        # Sorting resets the model, which drops the selection: find the lot being edited again.
        self._reselect(self._shown_lot_id())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        lot_id = current.data(LOT_ID_ROLE) if current.isValid() else None
        if lot_id is not None and self._shown_lot_id() != lot_id:
            self.editor.show_lot(lot_id)
        emit(self.lot_selected, lot_id)

    def _lot_saved(self, lot_id: str) -> None:
        self.model.refresh()
        self.reload_filters()
        self._update_count()
        self._reselect(lot_id)

    def _reselect(self, lot_id: str | None) -> None:
        if lot_id is None:
            return
        row = self.model.row_of(lot_id)
        if row is None:
            # Rows load lazily: look through the first pages, where a fresh edit usually sits.
            for probe in range(0, min(self.model.rowCount(), 2000), 200):
                self.model.summary(probe)
                row = self.model.row_of(lot_id)
                if row is not None:
                    break
        if row is None:
            return
        # The editor already shows this lot, so the current-row signal reloads nothing.
        self._select_row(row)

    def _select_row(self, row: int) -> None:
        """Make `row` current and selected, in one step."""
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def selected_lot_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(LOT_ID_ROLE) if index.isValid() else self._shown_lot_id()

    def listed_lots(self) -> list[tuple[str, str]]:
        """(id, code) of every lot the list shows now, searched and filtered, in its order."""
        query = self.model.query
        return [(s.id, s.code) for s in self._lots.page(query, 0, self._lots.count(query))]

    def select_lot(self, lot_id: str) -> None:
        self._reselect(lot_id)
        self.editor.show_lot(lot_id)

    def new_lot(self) -> None:
        from microlot_desk.ui.lots.new_lot_dialog import NewLotDialog

        dialog = NewLotDialog(self._lots, self)
        if dialog.exec() and dialog.created is not None:
            # Show everything, so the new lot is in the list, selected (a filter could hide it).
            self.search.clear()
            for combo in (
                self.country_filter,
                self.process_filter,
                self.variety_filter,
                self.size_filter,
                self.verdict_filter,
            ):
                combo.choose("")
            self.apply_filters()
            self.reload_filters()
            self._update_count()
            self.select_lot(dialog.created.id)
            self.editor.focus_field("producer")

    def data_changed(self) -> None:
        """After demo data or an import: everything may be new."""
        self.model.refresh()
        self.reload_filters()
        self._update_count()
        shown = self._shown_lot_id()
        if shown is not None:
            # Also when hiding the banner moved the focus into the table, which made its first
            # row current (and shown) without selecting it.
            self._reselect(shown)
        elif self.model.rowCount():
            self._select_row(0)
