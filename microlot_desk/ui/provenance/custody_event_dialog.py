"""Recording a custody event, or correcting one. History is append-only: a correction is a new
event that amends the earlier one (only the fields changed are given), and withdrawing an event
recorded by mistake is a correction too. One service call on OK; a refusal keeps the dialog
open with each reason beneath its field, and nothing is written."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.custody import CoffeeForm, CustodyEvent
from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.services.provenance.custody_service import CustodyService
from microlot_desk.ui.common.checked_form import CheckedForm, error_label
from microlot_desk.ui.common.texts import error_text, format_decimal
from microlot_desk.ui.provenance.provenance_texts import (
    event_title,
    form_label,
    moment_input,
    stage_label,
    t,
)

TIME_HINT = "2026-05-12T06:30-05:00 or 2026-05-12"
TEXT_FIELDS = ("started", "ended", "utc_offset", "place", "responsible", "kg_in", "kg_out")


def _kg(value: Any) -> str:
    return format_decimal(value.normalize()) if value is not None else ""


class CustodyEventDialog(QDialog):
    """`amends` given: a correction of that event; otherwise a new event of the lot."""

    def __init__(
        self,
        custody: CustodyService,
        lot_id: str,
        parent: QWidget | None = None,
        amends: CustodyEvent | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("custodyEventDialog")
        self._custody = custody
        self._lot_id = lot_id
        self._amends = amends
        self.saved: CustodyEvent | None = None
        if amends is None:
            self.setWindowTitle(t("Add a custody event"))
        else:
            title = t("Correct event #{seq} ({stage})")
            self.setWindowTitle(title.format(seq=amends.seq, stage=event_title(amends)))

        self.stage = QComboBox(self)
        self.stage.setObjectName("stage")
        if amends is not None and not amends.stage:
            self.stage.addItem(t("(none)"), "")
        for stage in custody.stages():
            self.stage.addItem(stage_label(stage), stage)
        self.edits: dict[str, QLineEdit] = {}
        for name in TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            self.edits[name] = edit
        for name in ("started", "ended"):
            self.edits[name].setPlaceholderText(TIME_HINT)
        self.edits["utc_offset"].setPlaceholderText(t("-05:00 (for times given without one)"))
        self.form_in = self._form_combo("form_in")
        self.form_out = self._form_combo("form_out")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.withdraw = QCheckBox(t("Withdraw this event: it was recorded by mistake"), self)
        self.withdraw.setObjectName("void")
        self.withdraw.setVisible(amends is not None)

        general = error_label(self)
        general.setObjectName("generalError")
        layout_form = QFormLayout()
        self.form = CheckedForm(layout_form, general)
        self.form.add("stage", t("Stage"), self.stage, self)
        self.form.add("started", t("Start"), self.edits["started"], self)
        self.form.add("ended", t("End"), self.edits["ended"], self)
        self.form.add("utc_offset", t("UTC offset"), self.edits["utc_offset"], self)
        self.form.add("place", t("Place"), self.edits["place"], self)
        self.form.add("responsible", t("Responsible person"), self.edits["responsible"], self)
        self.form.add("kg_in", t("kg in"), self._pair(self.edits["kg_in"], self.form_in), self)
        self.form.alias("form_in", "kg_in")
        self.form.add("kg_out", t("kg out"), self._pair(self.edits["kg_out"], self.form_out), self)
        self.form.alias("form_out", "kg_out")
        self.form.add("notes", t("Notes"), self.notes, self)
        if amends is not None:
            self.form.add("void", "", self.withdraw, self)
            self._fill(amends)
        self._initial = self.values()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        note = QLabel(
            t(
                "Custody history is never edited: a correction is recorded as a new event "
                "that amends this one, and both stay in the history."
            )
            if amends is not None
            else t("Times are local to the place, with their UTC offset."),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(layout_form)
        layout.addWidget(general)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def _form_combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem("", "")
        for form in CoffeeForm:
            combo.addItem(form_label(form), form.value)
        return combo

    def _pair(self, edit: QLineEdit, combo: QComboBox) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 2)
        row.addWidget(combo, 1)
        return holder

    def _fill(self, event: CustodyEvent) -> None:
        self.stage.setCurrentIndex(max(self.stage.findData(event.stage), 0))
        self.edits["started"].setText(moment_input(event.started))
        self.edits["ended"].setText(moment_input(event.ended))
        self.edits["place"].setText(event.place)
        self.edits["responsible"].setText(event.responsible)
        self.edits["kg_in"].setText(_kg(event.kg_in))
        self.edits["kg_out"].setText(_kg(event.kg_out))
        for combo, form in ((self.form_in, event.form_in), (self.form_out, event.form_out)):
            combo.setCurrentIndex(max(combo.findData(form.value if form else ""), 0))
        self.notes.setPlainText(event.notes)

    def values(self) -> dict[str, Any]:
        """Everything as typed (strings), under the service's field names."""
        values: dict[str, Any] = {name: edit.text() for name, edit in self.edits.items()}
        values["stage"] = self.stage.currentData() or ""
        values["form_in"] = self.form_in.currentData() or ""
        values["form_out"] = self.form_out.currentData() or ""
        values["notes"] = self.notes.toPlainText()
        return values

    def _changes(self) -> dict[str, Any]:
        values = self.values()
        changed = {k: v for k, v in values.items() if v != self._initial.get(k)}
        if changed.keys() & {"started", "ended"} and values["utc_offset"]:
            changed["utc_offset"] = values["utc_offset"]
        elif "utc_offset" in changed and not changed.keys() & {"started", "ended"}:
            # An offset alone re-reads the times as written in it.
            changed.update(started=values["started"], ended=values["ended"])
        if self.withdraw.isChecked():
            changed["void"] = "true"
        return changed

    def save(self) -> None:
        try:
            if self._amends is None:
                raw = {k: v for k, v in self.values().items() if v != ""}
                self.saved = self._custody.add_event(self._lot_id, raw)
            else:
                changes = self._changes()
                if not changes:
                    self.form.show((), t("Nothing was changed: there is nothing to record."))
                    return
                self.saved = self._custody.amend(self._amends.id, changes)
        except ValidationFailed as refused:
            self.form.show(refused.errors, t("Not recorded: fix the fields marked in red."))
            return
        except KnownError as error:
            self.form.show((), error_text(error))
            return
        self.accept()
