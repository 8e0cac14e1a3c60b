"""Who and what is on the table: samples (a lot found by search, with its sample type, roast
date and roast colour) and cuppers (from the roster, or new with their Q licence and whom they
work for). Each addition is one transaction; a blind session lists only the codes it drew."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.cupping.sessions import Affiliation, SampleType
from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.services.common.cupping_views import SessionView
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.common.cupping_texts import (
    CONTEXT,
    affiliation_label,
    canonical_number,
    sample_type_label,
)
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, field_error_text, field_label, tr

LOT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FOUND_LOTS = 40
SEARCH_DELAY_MS = 120


class SessionMembers(QWidget):
    changed = Signal()  # a sample or a cupper was added (committed)

    def __init__(
        self,
        cupping: CuppingService,
        lots: LotService,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self._cupping = cupping
        self._lots = lots
        self._read_only = read_only
        self._session_id: str | None = None

        self.lot_search = QLineEdit(self)
        self.lot_search.setObjectName("lotSearch")
        self.lot_search.setPlaceholderText(tr("Find a lot: code, name, producer…", CONTEXT))
        self.lot_search.setClearButtonEnabled(True)
        self.found = QListWidget(self)
        self.found.setObjectName("foundLots")
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_lots)
        self.lot_search.textChanged.connect(lambda _t: self._timer.start())
        self.sample_type = QComboBox(self)
        for kind in SampleType:
            self.sample_type.addItem(sample_type_label(kind), kind.value)
        self.roast_date = QLineEdit(self)
        self.roast_date.setPlaceholderText("YYYY-MM-DD")
        self.agtron_whole = QLineEdit(self)
        self.agtron_whole.setPlaceholderText(tr("about 58", CONTEXT))
        self.agtron_ground = QLineEdit(self)
        self.agtron_ground.setPlaceholderText(tr("about 63", CONTEXT))
        self.add_sample_button = QPushButton(tr("Add sample", CONTEXT), self)
        self.add_sample_button.setObjectName("addSample")
        self.add_sample_button.clicked.connect(self.add_sample)
        self.sample_error = self._error_label()
        self.samples = QListWidget(self)
        self.samples.setObjectName("sessionSamples")

        self.roster = QComboBox(self)
        self.roster.setObjectName("roster")
        self.roster.setPlaceholderText(tr("Everyone on the roster is seated", CONTEXT))
        self.seat_button = QPushButton(tr("Add from the roster", CONTEXT), self)
        self.seat_button.clicked.connect(self.seat_from_roster)
        self.cupper_name = QLineEdit(self)
        self.cupper_name.setObjectName("cupperName")
        self.q_licence = QLineEdit(self)
        self.affiliation = QComboBox(self)
        for affiliation in Affiliation:
            self.affiliation.addItem(affiliation_label(affiliation), affiliation.value)
        self.new_cupper_button = QPushButton(tr("Add new cupper", CONTEXT), self)
        self.new_cupper_button.setObjectName("addCupper")
        self.new_cupper_button.clicked.connect(self.add_new_cupper)
        self.cupper_error = self._error_label()
        self.cuppers = QListWidget(self)
        self.cuppers.setObjectName("sessionCuppers")
        self._lay_out()
        self.set_session(None)

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.hide()
        return label

    def _lay_out(self) -> None:
        samples = QGroupBox(tr("Samples", CONTEXT), self)
        sample_form = QFormLayout()
        sample_form.addRow(field_label("sample_type"), self.sample_type)
        sample_form.addRow(field_label("roast_date"), self.roast_date)
        sample_form.addRow(field_label("agtron_whole"), self.agtron_whole)
        sample_form.addRow(field_label("agtron_ground"), self.agtron_ground)
        sample_layout = QVBoxLayout(samples)
        sample_layout.addWidget(self.lot_search)
        sample_layout.addWidget(self.found, 2)
        sample_layout.addLayout(sample_form)
        sample_layout.addWidget(self.add_sample_button)
        sample_layout.addWidget(self.sample_error)
        sample_layout.addWidget(QLabel(tr("On the table", CONTEXT), samples))
        sample_layout.addWidget(self.samples, 1)

        cuppers = QGroupBox(tr("Cuppers", CONTEXT), self)
        seat = QHBoxLayout()
        seat.addWidget(self.roster, 1)
        seat.addWidget(self.seat_button)
        new_form = QFormLayout()
        new_form.addRow(field_label("cupper_name"), self.cupper_name)
        new_form.addRow(field_label("q_licence"), self.q_licence)
        new_form.addRow(field_label("affiliation"), self.affiliation)
        cupper_layout = QVBoxLayout(cuppers)
        cupper_layout.addLayout(seat)
        cupper_layout.addWidget(QLabel(tr("Or someone new:", CONTEXT), cuppers))
        cupper_layout.addLayout(new_form)
        cupper_layout.addWidget(self.new_cupper_button)
        cupper_layout.addWidget(self.cupper_error)
        cupper_layout.addWidget(QLabel(tr("On the panel", CONTEXT), cuppers))
        cupper_layout.addWidget(self.cuppers, 1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(samples, 1)
        layout.addWidget(cuppers, 1)

    # ---- showing -----------------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self.setEnabled(session_id is not None and not self._read_only)
        self.refresh()

    def refresh(self) -> None:
        view = self._cupping.session(self._session_id) if self._session_id else None
        self._show_members(view)
        seated = {c.id for c in view.cuppers} if view is not None else set()
        self.roster.clear()
        for cupper in self._cupping.cuppers():
            if cupper.id not in seated:
                text = f"{cupper.name} ({affiliation_label(cupper.affiliation)})"
                self.roster.addItem(text, cupper.id)
        self.roster.setCurrentIndex(0 if self.roster.count() else -1)
        self.seat_button.setEnabled(self.roster.count() > 0)
        if not self.found.count():
            self.search_lots()

    def _show_members(self, view: SessionView | None) -> None:
        self.samples.clear()
        self.cuppers.clear()
        if view is None:
            return
        for sample in view.samples:
            name = f" — {sample.lot.name}" if sample.lot is not None else ""
            self.samples.addItem(
                f"{sample.label}{name}  ·  {sample_type_label(sample.sample_type)}"
            )
        for cupper in view.cuppers:
            licence = f" ({cupper.q_licence})" if cupper.q_licence else ""
            self.cuppers.addItem(
                f"{cupper.name}{licence}  ·  {affiliation_label(cupper.affiliation)}"
            )

    def search_lots(self) -> None:
        found = self._lots.page(LotQuery(search=self.lot_search.text().strip()), 0, FOUND_LOTS)
        self.found.clear()
        for lot in found:
            item = QListWidgetItem(f"{lot.code} — {lot.name}", self.found)
            item.setData(LOT_ID_ROLE, lot.id)
        if self.found.count():
            self.found.setCurrentRow(0)

    # ---- adding ------------------------------------------------------------------------

    def add_sample(self) -> None:
        item = self.found.currentItem()
        if self._session_id is None or item is None:
            self._say(self.sample_error, tr("Pick a lot first.", CONTEXT))
            return
        fields = {
            "sample_type": self.sample_type.currentData(),
            "roast_date": self.roast_date.text().strip() or None,
            "agtron_whole": canonical_number(self.agtron_whole.text()),
            "agtron_ground": canonical_number(self.agtron_ground.text()),
        }
        fields = {key: value for key, value in fields.items() if value is not None}
        try:
            self._cupping.add_sample(self._session_id, str(item.data(LOT_ID_ROLE)), fields)
        except KnownError as error:
            self._say(self.sample_error, _reason(error))
            return
        self._say(self.sample_error, None)
        self.refresh()
        self.samples.setCurrentRow(self.samples.count() - 1)
        emit(self.changed)

    def seat_from_roster(self) -> None:
        cupper_id = self.roster.currentData()
        if self._session_id is None or cupper_id is None:
            return
        try:
            self._cupping.add_cupper(self._session_id, str(cupper_id))
        except KnownError as error:
            self._say(self.cupper_error, _reason(error))
            return
        self._say(self.cupper_error, None)
        self.refresh()
        emit(self.changed)

    def add_new_cupper(self) -> None:
        if self._session_id is None:
            return
        fields = {
            "cupper_name": self.cupper_name.text(),
            "q_licence": self.q_licence.text(),
            "affiliation": self.affiliation.currentData(),
        }
        try:
            self._cupping.add_new_cupper(self._session_id, fields)
        except KnownError as error:
            self._say(self.cupper_error, _reason(error))
            return
        self._say(self.cupper_error, None)
        self.cupper_name.clear()
        self.q_licence.clear()
        self.refresh()
        emit(self.changed)

    def _say(self, label: QLabel, text: str | None) -> None:
        label.setText(text or "")
        label.setVisible(bool(text))


def _reason(error: KnownError) -> str:
    if isinstance(error, ValidationFailed):
        return "\n".join(f"{field_label(e.field)}: {field_error_text(e)}" for e in error.errors)
    return error_text(error)
