"""One cupper's sheet laid out from the form template: a row per section (an intensity beside
the section it qualifies), a row of cup buttons per cups section and cup field, the descriptor
boxes with their notes, and a note for the whole sheet. Under every field a line for the reason
a value was refused. Built once per form; loading another sheet only changes the values."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QGridLayout, QHBoxLayout, QLabel, QWidget

from microlot_desk.domain.cupping import FormTemplate, ScoreWarning, Section
from microlot_desk.services.common.cupping_views import SheetView
from microlot_desk.ui.common.cupping_texts import CONTEXT, form_label, show_number, warning_text
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.cupping.cup_row import CupRow
from microlot_desk.ui.cupping.descriptor_field import DescriptorField
from microlot_desk.ui.cupping.sheet_fields import (
    ROW_HEIGHT,
    ChoiceField,
    NoteField,
    ScoreField,
    SheetField,
)
from microlot_desk.ui.cupping.sheet_total import WARNING_STYLE

ERROR_STYLE = "color: #b00020;"
FIELD_POINT_SIZE = 15.0


class SheetForm(QWidget):
    def __init__(self, form: FormTemplate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName("sheetForm")
        font = QFont(self.font())
        font.setPointSizeF(FIELD_POINT_SIZE)
        self.setFont(font)
        self.fields: dict[str, SheetField] = {}
        self.notes: dict[str, NoteField] = {}
        self.stops: list[SheetField] = []
        self.errors: dict[int, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self._pending_stops: list[SheetField] = []
        self._errored: dict[int, str] = {}
        self._warnings: dict[int, str] = {}
        self._grid = QGridLayout(self)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(0)
        self._row = 0
        self._build()
        self._grid.setColumnStretch(3, 1)
        self._grid.setRowStretch(self._row, 1)

    # ---- building ----------------------------------------------------------------------

    def _build(self) -> None:
        form = self.form
        attached: dict[str, list[Section]] = {}
        for section in form.sections:
            if section.attached_to:
                attached.setdefault(section.attached_to, []).append(section)
        for section in form.sections:
            if section.attached_to and section.attached_to in form_keys(form):
                continue
            if section.kind == "cups":
                self._add_row(
                    section.key, section.label, CupRow.for_section(section, form.cups or 5, self)
                )
                continue
            field: SheetField = (
                ChoiceField(section, self)
                if section.kind == "choice"
                else ScoreField(section, self)
            )
            field.setMinimumWidth(130)
            extras = [self._attached(child) for child in attached.get(section.key, [])]
            self._add_row(section.key, section.label, field, extras, _hint(section))
        for cup_field in form.cup_fields:
            row = CupRow.for_cup_field(cup_field, form.cups or 5, self)
            self._add_row(cup_field.key, cup_field.label, row)
        for group in form.descriptors:
            self._add_row(group.key, group.label, DescriptorField(group, self))
        for group in form.descriptors:
            note = NoteField(
                group.key,
                tr("Free text for {label}", CONTEXT).format(label=form_label(group.label)),
                self,
            )
            self._add_note(note, tr("{label} notes", CONTEXT).format(label=form_label(group.label)))
        sheet_note = NoteField("", tr("Notes on the whole sheet", CONTEXT), self)
        self._add_note(sheet_note, tr("Notes", CONTEXT))

    def _attached(self, section: Section) -> QWidget:
        holder = QWidget(self)
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(form_label(section.label), holder)
        small = QFont(self.font())
        small.setPointSizeF(FIELD_POINT_SIZE - 3)
        label.setFont(small)
        field = ScoreField(section, holder)
        field.setFixedWidth(64)
        field.focus_widget().setToolTip(_hint(section))
        label.setToolTip(_hint(section))
        label.setBuddy(field.focus_widget())
        layout.addWidget(label)
        layout.addWidget(field)
        self.fields[section.key] = field
        self.labels[section.key] = label
        self._pending_stops.append(field)
        return holder

    def _add_row(
        self,
        key: str,
        label_text: str,
        field: SheetField,
        extras: list[QWidget] | None = None,
        hint: str = "",
    ) -> None:
        label = QLabel(form_label(label_text), self)
        label.setMinimumHeight(ROW_HEIGHT)
        label.setBuddy(field.focus_widget())
        field.setParent(self)
        field.setObjectName(f"field_{key}")
        self.fields[key] = field
        self.labels[key] = label
        self.stops.append(field)
        self._grid.addWidget(label, self._row, 0)
        if isinstance(field, ScoreField | ChoiceField):
            self._grid.addWidget(field, self._row, 1)
            side = QHBoxLayout()
            if hint:
                hint_label = QLabel(hint, self)
                hint_label.setStyleSheet("color: #666666;")
                side.addWidget(hint_label)
                side.addSpacing(16)
            for extra in extras or []:
                side.addWidget(extra)
            side.addStretch(1)
            self._grid.addLayout(side, self._row, 2, 1, 2)
        else:
            self._grid.addWidget(field, self._row, 1, 1, 3)
        attached, self._pending_stops = self._pending_stops, []
        self.stops.extend(attached)
        self._add_error_line(field)
        for extra in attached:  # an intensity's reason goes on its section's line
            self.errors[id(extra)] = self.errors[id(field)]

    def _add_note(self, note: NoteField, label_text: str) -> None:
        label = QLabel(label_text, self)
        label.setMinimumHeight(ROW_HEIGHT)
        label.setBuddy(note.focus_widget())
        note.setParent(self)
        note.setObjectName(f"note_{note.key or 'sheet'}")
        self.notes[note.key] = note
        self.stops.append(note)
        self._grid.addWidget(label, self._row, 0)
        self._grid.addWidget(note, self._row, 1, 1, 3)
        self._add_error_line(note)

    def _add_error_line(self, field: SheetField) -> None:
        self._row += 1
        error = QLabel(self)
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        self._grid.addWidget(error, self._row, 1, 1, 3)
        self.errors[id(field)] = error
        self._row += 1

    # ---- showing -----------------------------------------------------------------------

    def load(self, sheet: SheetView) -> None:
        self._warnings.clear()
        for key, field in self.fields.items():
            field.load(sheet.values.get(key))
            self.show_error(field, None)
        for key, note in self.notes.items():
            note.load(sheet.notes.get(key, ""))
            self.show_error(note, None)

    def values(self) -> dict[str, object]:
        """What is on screen, as the live total scores it."""
        return {key: field.preview() for key, field in self.fields.items()}

    def show_error(self, field: SheetField, message: str | None) -> None:
        """The reason a value was refused, under its field (None: it was taken)."""
        had = id(field) in self._errored
        if message:
            self._errored[id(field)] = message
        else:
            self._errored.pop(id(field), None)
        if message or had:
            field.focus_widget().setStyleSheet("border: 2px solid #b00020;" if message else "")
        self._show_line(field)

    def show_warning(self, field: SheetField, message: str | None) -> None:
        """A soft mark (a score below the warning line), shown while no error is."""
        if message:
            self._warnings[id(field)] = message
        else:
            self._warnings.pop(id(field), None)
        self._show_line(field)

    def _show_line(self, field: SheetField) -> None:
        """The line under a row shows its fields' first error, else their first warning."""
        label = self.errors[id(field)]
        owners = [f for f in self.stops if self.errors.get(id(f)) is label]
        errors = [self._errored[id(f)] for f in owners if id(f) in self._errored]
        warnings = [self._warnings[id(f)] for f in owners if id(f) in self._warnings]
        text = errors[0] if errors else (warnings[0] if warnings else "")
        style = ERROR_STYLE if errors else WARNING_STYLE
        if label.styleSheet() != style:
            label.setStyleSheet(style)
        label.setText(text)
        label.setVisible(bool(text))

    def show_soft_warnings(self, warnings: tuple[ScoreWarning, ...]) -> None:
        """Scores below the form's warning line marked under their fields (only changes)."""
        wanted = {
            id(self.fields[w.key]): warning_text(self.form, w)
            for w in warnings
            if w.code == "below_warn" and w.key in self.fields
        }
        for field in self.fields.values():
            if wanted.get(id(field)) != self._warnings.get(id(field)):
                self.show_warning(field, wanted.get(id(field)))

    def has_error(self, field: SheetField) -> bool:
        return id(field) in self._errored

    def next_stop(self, field: SheetField) -> SheetField | None:
        if field not in self.stops:
            return None
        position = self.stops.index(field)
        return self.stops[position + 1] if position + 1 < len(self.stops) else None

    def focused_field(self) -> SheetField | None:
        """The field the keyboard is in, if it is one of this sheet's."""
        focus = QApplication.focusWidget()
        for field in self.stops:
            if focus is not None and (focus is field or field.isAncestorOf(focus)):
                return field
        return None

    def field_at(self, place: str | None) -> SheetField | None:
        """The field at a place_of() (the first field when there is none such)."""
        target: SheetField | None = None
        if place is not None and place.startswith("note:"):
            target = self.notes.get(place[5:])
        elif place is not None:
            target = self.fields.get(place)
        return target if target is not None else (self.stops[0] if self.stops else None)

    def set_editable(self, editable: bool) -> None:
        for field in self.stops:
            field.set_editable(editable)


def place_of(field: SheetField) -> str:
    """Where a field is on any sheet of the form: its key, or "note:" and the note's key."""
    return f"note:{field.key}" if field.is_note else field.key


def form_keys(form: FormTemplate) -> set[str]:
    return {section.key for section in form.sections}


def _hint(section: Section) -> str:
    number_range = section.range
    if number_range is None:
        return ""
    low = show_number(number_range.minimum)
    step = show_number(number_range.step)
    unit = f" {section.unit}" if section.unit else ""
    if number_range.maximum is None:
        return tr("≥ {low}{unit}", CONTEXT).format(low=low, unit=unit)
    high = show_number(number_range.maximum)
    return tr("{low}–{high}{unit} · step {step}", CONTEXT).format(
        low=low, high=high, unit=unit, step=step
    )
