"""The table-side entry screen: one cupper's sheet for one sample at a time, the whole table at a
glance beside it, and the total as you type.

Every field is committed as it is left (or on Enter): one service call, one transaction, and
"Saved" only once it returned. A refused value stays in its field with the reason under it and
nothing is written; the sheet cannot be left for another until it is fixed or taken back with
Escape. Each saved change is an undoable command. Moving to another sample keeps the same
section in focus, the way a table scores one attribute across the samples as the coffee cools.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.errors import KnownError
from microlot_desk.services.common.cupping_views import SessionView, SheetView
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.ui.common.cupping_texts import CONTEXT
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.cupping.cup_row import CupRow
from microlot_desk.ui.cupping.descriptor_field import DescriptorField
from microlot_desk.ui.cupping.sheet_commands import SheetFieldCommand
from microlot_desk.ui.cupping.sheet_fields import ScoreField, SheetField
from microlot_desk.ui.cupping.sheet_form import SheetForm, place_of
from microlot_desk.ui.cupping.sheet_header import (
    SheetHeader,
    change_text,
    first_open_sheet,
    keys_hint,
)
from microlot_desk.ui.cupping.sheet_keys import EntryKeys
from microlot_desk.ui.cupping.sheet_total import LiveTotal, TotalPanel, live_total
from microlot_desk.ui.cupping.table_glance import TableGlanceView


class SheetEntry(QWidget):
    sheet_saved = Signal(str, str)  # sample id, cupper id, after a commit
    problem = Signal(str)  # a message for the status bar

    def __init__(
        self,
        cupping: CuppingService,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sheetEntry")
        self._cupping = cupping
        self._undo = undo_stack
        self._read_only = read_only
        self._view: SessionView | None = None
        self._sheet: SheetView | None = None
        self._current: tuple[str, str] | None = None
        self._live: LiveTotal | None = None
        self._keys = EntryKeys(self._key_action, self)
        self.form: SheetForm | None = None

        self.header = SheetHeader(self)
        self.save_state = self.header.save_state
        for name, button in self.header.buttons.items():
            button.clicked.connect(lambda _checked=False, n=name: self._key_action(n, self))

        self.glance = TableGlanceView(self)
        self.glance.picked.connect(lambda s, c: self.show_sheet(s, c))
        self.total_panel = TotalPanel(self)
        self.sheet_scroll = QScrollArea(self)
        self.sheet_scroll.setObjectName("sheetScroll")
        self.sheet_scroll.setWidgetResizable(True)
        self.sheet_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.keys_hint = keys_hint(self)
        self._lay_out()

    # ---- building ----------------------------------------------------------------------

    def _lay_out(self) -> None:
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.glance, 3)
        side_layout.addWidget(self.total_panel, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(side)
        splitter.addWidget(self.sheet_scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([330, 900])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.keys_hint)

    def _use_form(self, view: SessionView) -> None:
        form = view.form
        if self.form is not None and (self.form.form.id, self.form.form.version) == (
            form.id,
            form.version,
        ):
            return
        sheet_form = SheetForm(form)
        for field in [*sheet_form.stops]:
            field.edited.connect(self._recompute)
            field.finished.connect(lambda f=field: self._commit(f))
            field.advance.connect(lambda f=field: self._advance(f))
            self._keys.watch(field.focus_widget())
            if isinstance(field, CupRow):
                for box in field.types:
                    self._keys.watch(box)
            if isinstance(field, DescriptorField):
                field.free_text.connect(lambda text, f=field: self._free_text(f, text))
        sheet_form.set_editable(not self._read_only)
        self.form = sheet_form
        self.sheet_scroll.setWidget(sheet_form)  # deletes the previous form

    # ---- opening -----------------------------------------------------------------------

    @property
    def current(self) -> tuple[str, str] | None:
        """(sample id, cupper id) of the sheet shown."""
        return self._current

    @property
    def view(self) -> SessionView | None:
        return self._view

    @property
    def sheet(self) -> SheetView | None:
        return self._sheet

    def open_session(self, session_id: str) -> None:
        """Show a session: the table, and the first sheet not yet done (cupper by cupper)."""
        focused = self._focused_field()
        if focused is not None and self._current is not None:
            self._commit(focused)  # the field being typed is saved first, if it can be
        view = self._cupping.session(session_id)
        self._view = view
        self._current = None
        self._sheet = None
        self._use_form(view)
        self.glance.glance.set_session(view)
        start = first_open_sheet(view)
        if self.form is not None:
            self.form.setEnabled(start is not None)  # nothing to type into without a sheet
        if start is None:
            self.header.show_empty()
            return
        self.show_sheet(*start)

    def refresh_session(self) -> None:
        """Read the session again (after a reveal, new samples or cuppers), keeping the place."""
        if self._view is None:
            return
        where = self._current
        self._view = self._cupping.session(self._view.session.id)
        self._use_form(self._view)
        self.glance.glance.set_session(self._view)
        if where is not None and self._has(where):
            self._current = None
            self.show_sheet(*where)
        else:
            self.open_session(self._view.session.id)

    def _has(self, where: tuple[str, str]) -> bool:
        view = self._view
        return view is not None and (
            any(s.id == where[0] for s in view.samples)
            and any(c.id == where[1] for c in view.cuppers)
        )

    def show_sheet(self, sample_id: str, cupper_id: str, focus_key: str | None = None) -> bool:
        """Open another sheet; False (and stay) when the field being typed cannot be saved."""
        if self._view is None or self.form is None:
            return False
        if self._current == (sample_id, cupper_id):
            if focus_key is not None:
                self._focus(focus_key)
            return True
        if not self._leave_sheet():
            return False
        try:
            sheet = self._cupping.sheets.get(sample_id, cupper_id)
        except KnownError as error:
            self._say_problem(error_text(error))
            return False
        keep = focus_key or self._focused_key()
        self._current = (sample_id, cupper_id)
        self._sheet = sheet
        self.form.load(sheet)
        self.header.show_sheet(self._view, sample_id, cupper_id)
        self.glance.mark_current(sample_id, cupper_id)
        self._recompute()
        self._focus(keep)
        return True

    def _leave_sheet(self) -> bool:
        form = self.form
        if form is None or self._current is None:
            return True
        focused = self._focused_field()
        if focused is not None and not self._commit(focused):
            return False
        refused = [f for f in form.stops if form.has_error(f) and f.dirty()]
        if refused:
            refused[0].focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
            self._say_problem(
                tr("Fix the field marked in red, or press Esc to take it back.", CONTEXT)
            )
            return False
        return True

    # ---- moving ------------------------------------------------------------------------

    def move_sample(self, step: int, focus_key: str | None = None) -> bool:
        return self._move(step, 0, focus_key)

    def move_cupper(self, step: int) -> bool:
        return self._move(0, step, None)

    def _move(self, sample_step: int, cupper_step: int, focus_key: str | None) -> bool:
        view, where = self._view, self._current
        if view is None or where is None:
            return False
        samples = [s.id for s in view.samples]
        cuppers = [c.id for c in view.cuppers]
        row = (samples.index(where[0]) + sample_step) % len(samples)
        column = (cuppers.index(where[1]) + cupper_step) % len(cuppers)
        return self.show_sheet(samples[row], cuppers[column], focus_key)

    def _key_action(self, action: str, _watched: QObject) -> bool:
        if action == "next_sample":
            self.move_sample(1)
        elif action == "previous_sample":
            self.move_sample(-1)
        elif action == "next_cupper":
            self.move_cupper(1)
        elif action == "previous_cupper":
            self.move_cupper(-1)
        elif action == "full_screen":
            self.toggle_full_screen()
        elif action == "escape":
            return self._take_back()
        return True

    def toggle_full_screen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    def _take_back(self) -> bool:
        """Escape: show the stored value again in the field being typed, if it differs."""
        field = self._focused_field()
        if field is not None and self.form is not None and field.dirty():
            field.load(field.stored)
            self.form.show_error(field, None)
            self._recompute()
            return True
        if self.window().isFullScreen():
            self.window().showNormal()
            return True
        return False

    def _focused_field(self) -> SheetField | None:
        return self.form.focused_field() if self.form is not None else None

    def _focused_key(self) -> str | None:
        field = self._focused_field()
        return place_of(field) if field is not None else None

    def _focus(self, key: str | None) -> None:
        if self.form is None or not self.isVisible():
            return
        target = self.form.field_at(key)
        if target is not None:
            self._focus_field(target)

    def _focus_field(self, field: SheetField) -> None:
        widget = field.focus_widget()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(field, ScoreField):
            field.edit.selectAll()
        self.sheet_scroll.ensureWidgetVisible(field, 0, 60)

    def _advance(self, field: SheetField) -> None:
        """Enter: commit the field; on to the next section, or the next sheet after the last."""
        if self.form is None or not self._commit(field):
            return
        following = self.form.next_stop(field)
        if following is not None:
            self._focus_field(following)
            return
        live = self._live
        if live is not None and live.complete:
            first = self.form.stops[0].key if self.form.stops else None
            self._next_sheet(first)
            return
        missing = live.to_fill + live.wrong if live is not None else ()
        if missing and missing[0] in self.form.fields:
            self._focus_field(self.form.fields[missing[0]])

    def _next_sheet(self, focus_key: str | None) -> None:
        view, where = self._view, self._current
        if view is None or where is None:
            return
        samples = [s.id for s in view.samples]
        if samples.index(where[0]) + 1 < len(samples):
            self.move_sample(1, focus_key)
        else:  # the last sample: on to the next cupper's first sample
            self._move(1, 1, focus_key)

    # ---- saving ------------------------------------------------------------------------

    def _commit(self, field: SheetField) -> bool:
        """Store the field if it changed; True when the database now holds what is shown."""
        form, where = self.form, self._current
        if form is None or where is None or self._read_only:
            return True
        if not field.dirty():
            form.show_error(field, None)
            return True
        old, value = field.stored, field.value()
        try:
            if field.is_note:
                sheet = self._cupping.sheets.set_note(*where, field.key, str(value))
            else:
                sheet = self._cupping.sheets.set_field(*where, field.key, value)
        except KnownError as refused:
            form.show_error(field, error_text(refused))
            self.save_state.setText(tr("Not saved: fix the field marked in red.", CONTEXT))
            return False
        new = sheet.notes.get(field.key, "") if field.is_note else sheet.values.get(field.key)
        if self._current == where:
            field.load(new)
            form.show_error(field, None)
        self._saved(where, sheet)
        self._undo.push(
            SheetFieldCommand(
                self,
                change_text(self._view, where, field.key, field.is_note),
                where,
                field.key,
                (old, new),
                note=field.is_note,
            )
        )
        return True

    def _free_text(self, field: DescriptorField, text: str) -> None:
        """A word that is not one of the form's terms goes into the group's free-text note."""
        if self.form is None:
            return
        note = self.form.notes.get(field.key)
        if note is not None:
            note.append(text)
            self._commit(note)

    def apply_history(
        self, sample_id: str, cupper_id: str, key: str, value: object, note: bool
    ) -> None:
        """Undo or redo a field change, on whichever sheet it was made."""
        try:
            if note:
                sheet = self._cupping.sheets.set_note(sample_id, cupper_id, key, str(value or ""))
            else:
                sheet = self._cupping.sheets.set_field(sample_id, cupper_id, key, value)
        except KnownError as error:
            self._say_problem(error_text(error))
            return
        if self._current == (sample_id, cupper_id) and self.form is not None:
            field = self.form.notes.get(key) if note else self.form.fields.get(key)
            if field is not None:
                field.load(sheet.notes.get(key, "") if note else sheet.values.get(key))
                self.form.show_error(field, None)
            self._recompute()
        self._saved((sample_id, cupper_id), sheet)

    def _saved(self, where: tuple[str, str], sheet: SheetView) -> None:
        if self._current == where:
            self._sheet = sheet
        self.glance.glance.set_state(*where, sheet.state)
        self.header.show_saved(self._cupping.clock())
        emit(self.sheet_saved, *where)

    def _say_problem(self, text: str) -> None:
        self.save_state.setText(text)
        emit(self.problem, text)

    # ---- the live total ----------------------------------------------------------------

    def _recompute(self) -> None:
        """The total from what is on screen (the domain's score function; nothing written)."""
        form = self.form
        if form is None:
            return
        self._live = live_total(form.form, form.values())
        self.total_panel.show_total(form.form, self._live)
        form.show_soft_warnings(self._live.warnings)
