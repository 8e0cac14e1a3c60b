"""A session's set-up form: date, title, place, leader, the form from the library, blind or not,
and the protocol as it was actually done (DOMAIN.md §6): each parameter shows the standard as a
hint, a blank one is "not recorded", and departures from the standard are listed.

Creating: every field at once with "Create session" (one transaction). Afterwards each field is
saved as it is left, like the lot editor; the form can change only while no sheet has values,
and a blind session stays blind until the leader reveals it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.cupping import Deviation
from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.services.common.cupping_views import SessionView
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.ui.common.cupping_texts import CONTEXT, canonical_number, show_number
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, field_error_text, field_label, tr

ERROR_STYLE = "color: #b00020;"
DEFAULT_FORM = "cva-affective"  # the SCA's current protocol (DOMAIN.md §3)
TEXTS = ("title", "place", "leader", "notes")
# Protocol numbers and the standard shown as each one's hint.
PROTOCOL: tuple[tuple[str, str], ...] = (
    ("dose_g", "8.25"),
    ("water_ml", "150"),
    ("cups_per_sample", "5"),
    ("water_temp_c", "92.2–94.4"),
    ("grind_pct_20_mesh", "70–75"),
    ("roast_minutes", "8–12"),
    ("rest_hours", "8–24"),
)
DEVIATION_NAMES = {
    "dose_per_150ml": "Dose per 150 ml (g)",
    "cups_per_sample": "Cups per sample",
    "water_temp_c": "Water temperature (°C)",
    "grind_pct_20_mesh": "Grind through a 20-mesh sieve (%)",
    "roast_minutes": "Roast time (min)",
    "rest_hours": "Rest after roasting (h)",
}


class SessionForm(QWidget):
    created = Signal(str)  # session id
    saved = Signal(str)  # session id, after a field was committed
    problem = Signal(str)

    def __init__(
        self, cupping: CuppingService, parent: QWidget | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self._cupping = cupping
        self._read_only = read_only
        self._session_id: str | None = None
        self._shown: dict[str, Any] = {}
        self.edits: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        self.held_on = QDateEdit(self)
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.form_choice = QComboBox(self)
        for template in _newest_forms(cupping):
            self.form_choice.addItem(template[1], template[0])
        default = self.form_choice.findData(DEFAULT_FORM)
        self.form_choice.setCurrentIndex(max(0, default))
        # A lab's form file that could not be used is said here, not skipped in silence.
        self.refused_forms = QLabel(self)
        self.refused_forms.setObjectName("refusedForms")
        self.refused_forms.setWordWrap(True)
        self.refused_forms.setStyleSheet("color: #8a5300;")
        refused = [
            f"{error.file.name}: {error.reason}{f' ({error.path})' if error.path else ''}"
            for error in cupping.forms.rejected
        ]
        if refused:
            self.refused_forms.setText(
                tr(
                    "Lab forms not loaded: {files}. `microlot-desk forms check FILE` says why.",
                    CONTEXT,
                ).format(files="; ".join(refused))
            )
        self.blind = QCheckBox(tr("only sample codes shown until revealed", CONTEXT), self)
        self.robusta = QCheckBox(tr("8.75 g per 150 ml", CONTEXT), self)
        self.deviations = QLabel(self)
        self.deviations.setObjectName("deviations")
        self.deviations.setWordWrap(True)
        self.deviations.setStyleSheet("color: #8a5300;")
        self.create_button = QPushButton(tr("Create session", CONTEXT), self)
        self.create_button.setObjectName("createSession")
        self.create_button.clicked.connect(self.create_session)
        self.save_state = QLabel(self)
        self._lay_out()
        self.show_session(None)

    def _line(self, key: str, hint: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"session_{key}")
        edit.setPlaceholderText(hint)
        edit.editingFinished.connect(lambda k=key: self._field_left(k))
        return edit

    def _row(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        self.edits[key] = widget
        error = QLabel(self)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.errors[key] = error
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(error)
        form.addRow(field_label(key), holder)

    def _lay_out(self) -> None:
        session = QGroupBox(tr("Session", CONTEXT), self)
        form = QFormLayout(session)
        self._row(form, "held_on", self.held_on)
        for key in ("title", "place", "leader"):
            self._row(form, key, self._line(key))
        self._row(form, "form_id", self.form_choice)
        if self.refused_forms.text():
            form.addRow("", self.refused_forms)
        self._row(form, "blind", self.blind)
        self._row(form, "notes", self._line("notes"))
        protocol = QGroupBox(tr("Protocol (blank: not recorded)", CONTEXT), self)
        grid = QFormLayout(protocol)
        for key, standard in PROTOCOL:
            self._row(grid, key, self._line(key, tr("standard {s}", CONTEXT).format(s=standard)))
        self._row(grid, "robusta", self.robusta)
        self._row(grid, "deviation_notes", self._line("deviation_notes"))
        grid.addRow(self.deviations)
        self.held_on.editingFinished.connect(lambda: self._field_left("held_on"))
        self.form_choice.activated.connect(lambda _i: self._field_left("form_id"))
        self.robusta.clicked.connect(lambda _c: self._field_left("robusta"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.save_state, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(session)
        layout.addLayout(buttons)
        layout.addWidget(protocol)
        layout.addStretch(1)

    # ---- values ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "held_on": self.held_on.date().toString("yyyy-MM-dd"),
            "form_id": self.form_choice.currentData(),
            "blind": self.blind.isChecked(),
            "robusta": self.robusta.isChecked(),
        }
        for key in (*TEXTS, "deviation_notes"):
            found[key] = self._text(key)
        for key, _standard in PROTOCOL:
            found[key] = canonical_number(self._text(key))
        return found

    def _text(self, key: str) -> str:
        edit = self.edits[key]
        assert isinstance(edit, QLineEdit)
        return edit.text().strip()

    def show_session(self, view: SessionView | None) -> None:
        """Show a session's fields (None: an empty form to create one)."""
        self._session_id = view.session.id if view is not None else None
        session = view.session if view is not None else None
        self.held_on.setDate(
            _qdate(session.held_on if session else self._cupping.clock().astimezone().date())
        )
        if session is None:
            self.form_choice.setCurrentIndex(max(0, self.form_choice.findData(DEFAULT_FORM)))
        for key in TEXTS:
            self._set_text(key, getattr(session, key) if session else "")
        if session is not None:
            self.form_choice.setCurrentIndex(max(0, self.form_choice.findData(session.form_id)))
            protocol = session.protocol
            for key, _standard in PROTOCOL:
                self._set_text(key, show_number(getattr(protocol, key)))
            self._set_text("deviation_notes", protocol.deviation_notes)
            self.robusta.setChecked(protocol.robusta)
        self.blind.setChecked(bool(session and session.blind))
        self.blind.setEnabled(session is None and not self._read_only)
        self.create_button.setVisible(session is None)
        self.setEnabled(not self._read_only)
        self._show_deviations(view.deviations if view is not None else ())
        self._shown = self.values()
        for key in self.errors:
            self._error(key, None)

    def _set_text(self, key: str, text: str) -> None:
        edit = self.edits[key]
        assert isinstance(edit, QLineEdit)
        edit.setText(text)

    def _show_deviations(self, found: tuple[Deviation, ...]) -> None:
        lines = [
            tr("{name}: {value} (standard {low}–{high})", CONTEXT).format(
                name=tr(DEVIATION_NAMES.get(d.parameter, d.parameter), CONTEXT),
                value=show_number(d.value),
                low=show_number(d.low),
                high=show_number(d.high),
            )
            for d in found
        ]
        title = tr("Departs from the standard protocol:", CONTEXT)
        self.deviations.setText("\n".join([title, *lines]) if lines else "")

    # ---- saving ------------------------------------------------------------------------

    def create_session(self) -> None:
        values = {k: v for k, v in self.values().items() if v not in (None, "")}
        try:
            view = self._cupping.create_session(values)
        except KnownError as error:
            self._refused(error)
            return
        self.show_session(view)
        emit(self.created, view.session.id)

    def _field_left(self, key: str) -> None:
        if self._session_id is None or self._read_only:
            return
        value = self.values()[key]
        if value == self._shown.get(key):
            self._error(key, None)
            return
        try:
            view = self._cupping.update_session(self._session_id, {key: value})
        except KnownError as error:
            self._refused(error, key)
            return
        self._shown[key] = value
        self._error(key, None)
        self._show_deviations(view.deviations)
        self.save_state.setText(tr("Saved", CONTEXT))
        emit(self.saved, self._session_id)

    def _refused(self, error: KnownError, key: str | None = None) -> None:
        if isinstance(error, ValidationFailed):
            for field_error in error.errors:
                target = field_error.field if field_error.field in self.errors else key
                if target is not None:
                    self._error(target, field_error_text(field_error))
            self.save_state.setText(tr("Not saved: fix the field marked in red.", CONTEXT))
            return
        text = error_text(error)
        if key is not None:
            self._error(key, text)
        self.save_state.setText(text)
        emit(self.problem, text)

    def _error(self, key: str, text: str | None) -> None:
        label = self.errors[key]
        label.setText(text or "")
        label.setVisible(bool(text))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _newest_forms(cupping: CuppingService) -> list[tuple[str, str]]:
    """(id, name) of each form in the library, at its newest version."""
    found: Mapping[str, str] = {t.id: cupping.forms.get(t.id).name for t in cupping.forms.templates}
    return list(found.items())
