"""The lot editor: every field is saved the moment the person leaves it.

A field's change is one transaction; "Saved" appears only after the service returned, i.e. after
COMMIT. A refused value stays in the field, marked, with the reason beneath it, and nothing is
written. Each saved change is an undoable command.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.lots import Lot
from microlot_desk.errors import KnownError, NotFound, ValidationFailed
from microlot_desk.services.exchange.lot_origins import lot_origin
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.common.locale_formats import show_time_of_day
from microlot_desk.ui.common.page_parts import ERROR_STYLE, HINT_STYLE, vertical_scroll
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, field_error_text, field_label, tr
from microlot_desk.ui.lots.field_widgets import EditorField, TextField
from microlot_desk.ui.lots.lot_field_specs import editor_sections, field_value

_INVALID_PROPERTY = "invalid"


class FieldEditCommand(QUndoCommand):
    """One saved field change. The first redo() is the save itself, done before the push."""

    def __init__(self, editor: LotEditor, lot: Lot, field: str, old: Any, new: Any) -> None:
        super().__init__(
            tr("Change {field} of {code}", "LotEditor").format(
                field=field_label(field), code=lot.code
            )
        )
        self._editor = editor
        self._lot_id = lot.id
        self._field = field
        self._old = old
        self._new = new
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._editor.apply_history(self._lot_id, self._field, self._new)

    def undo(self) -> None:
        self._editor.apply_history(self._lot_id, self._field, self._old)


class LotView(Protocol):
    """What a tab of the lot editor beyond the record itself does: show one lot, read afresh."""

    def show_lot(self, lot_id: str | None) -> None: ...


class LotEditor(QWidget):
    lot_saved = Signal(str)  # lot id, after its change was committed
    problem = Signal(str)  # a message for the status bar

    def __init__(
        self,
        lots: LotService,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        views: Sequence[tuple[str, QWidget]] = (),  # each widget also a LotView
    ):
        super().__init__(parent)
        self._lots = lots
        self._undo = undo_stack
        self._lot: Lot | None = None
        self.fields: dict[str, EditorField] = {}
        self.errors: dict[str, QLabel] = {}

        self.title = QLabel(self)
        self.title.setObjectName("lotTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.origin = QLabel(self)
        self.origin.setObjectName("lotOrigin")
        self.origin.setWordWrap(True)
        self.origin.setTextFormat(Qt.TextFormat.PlainText)  # a station's name is not markup
        self.origin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.origin.setStyleSheet(HINT_STYLE)
        self.origin.hide()
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.save_state.setAccessibleName(tr("Save state", "LotEditor"))

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        labels: list[QLabel] = []
        line_height = 0
        for title, specs in editor_sections():
            group = QGroupBox(title, body)
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            # Labels sit level with the input, not halfway down to an error line beneath it.
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            for spec in specs:
                widget = spec.make()
                widget.setObjectName(f"field_{spec.name}")  # type: ignore[attr-defined]
                error = QLabel(body)
                error.setStyleSheet(ERROR_STYLE)
                error.setWordWrap(True)
                error.hide()
                holder = QWidget(group)
                holder_layout = QVBoxLayout(holder)
                holder_layout.setContentsMargins(0, 0, 0, 0)
                holder_layout.setSpacing(2)
                holder_layout.addWidget(widget)  # type: ignore[arg-type]
                holder_layout.addWidget(error)
                label = QLabel(field_label(spec.name), group)
                label.setBuddy(widget.focus_widget())
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                single_line = widget.focus_widget().sizeHint().height()
                line_height = line_height or single_line  # the first field is a line field
                label.setFixedHeight(line_height if isinstance(widget, TextField) else single_line)
                labels.append(label)
                form.addRow(label, holder)
                widget.finished.connect(lambda name=spec.name: self._field_finished(name))
                self.fields[spec.name] = widget
                self.errors[spec.name] = error
            body_layout.addWidget(group)
        body_layout.addStretch(1)
        # One label column width for every group, so the fields line up down the whole form.
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)

        self._errors_from: dict[str, str] = {}  # field showing an error -> field that caused it

        # The form scrolls down, never sideways: the pane is kept at least as wide as the form.
        self.form = vertical_scroll(body, self)
        self.form.setObjectName("lotForm")

        # The record is the first tab; other views of the lot (its cupping history, ...) follow,
        # each read afresh when its tab is opened.
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("lotTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.form, tr("Record", "LotEditor"))
        self._views: list[QWidget] = []
        for title, view in views:
            self.tabs.addTab(view, title)
            self._views.append(view)
        self.tabs.currentChanged.connect(lambda _index: self._refresh_view())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.origin)
        layout.addWidget(self.save_state)
        layout.addWidget(self.tabs, 1)
        layout.addStretch(0)  # keeps the title at the top while no lot (and no form) is shown
        scrollbar = self.form.verticalScrollBar().sizeHint().width()
        margins = layout.contentsMargins()
        self.setMinimumWidth(
            body.minimumSizeHint().width() + scrollbar + margins.left() + margins.right()
        )
        self.show_lot(None)

    # ---- showing ------------------------------------------------------------------------------

    def _refresh_view(self) -> None:
        view = self.tabs.currentWidget()
        if view in self._views:
            cast(LotView, view).show_lot(self._lot.id if self._lot else None)

    @property
    def lot(self) -> Lot | None:
        return self._lot

    def show_lot(self, lot_id: str | None) -> None:
        lot = None
        if lot_id is not None:
            try:
                lot = self._lots.get(lot_id)
            except NotFound:
                lot = None
        self._show(lot)
        self.save_state.setText(
            tr("Read-only: another window has this database open.", "LotEditor")
            if self._lots.read_only and lot
            else ""
        )

    def _show(self, lot: Lot | None) -> None:
        self._lot = lot
        editable = lot is not None and not self._lots.read_only
        for name, widget in self.fields.items():
            widget.set_value(field_value(lot, name) if lot else "")
            widget.set_editable(editable)
            self._set_error(name, None)
        self.setEnabled(lot is not None)
        # With no lot, an empty form of greyed placeholders ("CO-2026-014", "1850") read as data.
        self.tabs.setVisible(lot is not None)
        self._refresh_view()
        if lot is None:
            self.title.setText(tr("Select a lot on the left, or add one.", "LotEditor"))
        else:
            self.title.setText(f"<b>{_escape(lot.code)}</b> — {_escape(lot.name)}")
        self._show_origin(lot)

    def _show_origin(self, lot: Lot | None) -> None:
        """A lot received in a bundle says which station recorded and signed it."""
        origin = lot_origin(self._lots.database, lot.id) if lot is not None else None
        self.origin.setVisible(origin is not None)
        if origin is not None:
            self.origin.setText(
                tr(
                    "Recorded at {station}, signed {fingerprint} (bundle of {signed}, "
                    "received {received})",
                    "LotEditor",
                ).format(
                    station=origin.station or tr("an unnamed station", "LotEditor"),
                    fingerprint=origin.fingerprint,
                    signed=origin.signed_at[:10],
                    received=origin.received_at[:10],
                )
            )

    def focus_field(self, name: str) -> None:
        self.fields[name].focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- saving -------------------------------------------------------------------------------

    def _field_finished(self, name: str) -> None:
        lot = self._lot
        if lot is None or self._lots.read_only:
            return
        new = self.fields[name].value()
        old = field_value(lot, name)
        if _same(new, old):
            self._clear_errors_from(name)
            return
        try:
            saved = self._lots.update_fields(lot.id, {name: new})
        except ValidationFailed as refused:
            self._show_refusal(name, refused)
            return
        except KnownError as error:
            self.save_state.setText(error_text(error))
            emit(self.problem, error_text(error))
            return
        self._clear_errors_from(name)
        self._lot = saved
        # Show the stored form (e.g. "co" becomes "CO"), unless the person has moved on and is
        # typing in another field, which we must not disturb.
        self.fields[name].set_value(field_value(saved, name))
        self.title.setText(f"<b>{_escape(saved.code)}</b> — {_escape(saved.name)}")
        self._mark_saved()
        self._undo.push(FieldEditCommand(self, saved, name, old, field_value(saved, name)))
        emit(self.lot_saved, saved.id)

    def _show_refusal(self, name: str, refused: ValidationFailed) -> None:
        """Each reason goes under the field it names. A rule over two fields (harvest end before
        start) may name another field than the one typed in: that one is marked too, so the
        person sees why the value they typed was not kept."""
        self._clear_errors_from(name)
        elsewhere: list[str] = []
        for error in refused.errors:
            target = error.field if error.field in self.fields else name
            self._set_error(target, field_error_text(error), cause=name)
            if target != name:
                elsewhere.append(f"{field_label(target)}: {field_error_text(error)}")
        if elsewhere and name not in self._errors_from:
            self._set_error(name, "\n".join(elsewhere), cause=name)
        self.save_state.setText(tr("Not saved: fix the field marked in red.", "LotEditor"))

    def apply_history(self, lot_id: str, name: str, value: Any) -> None:
        """Undo or redo a field change (on whichever lot it was made)."""
        try:
            saved = self._lots.update_fields(lot_id, {name: value})
        except KnownError as error:
            emit(self.problem, error_text(error))
            return
        if self._lot is not None and self._lot.id == lot_id:
            self._show_changes(self._lot, saved)
        self._mark_saved()
        emit(self.lot_saved, lot_id)

    def _show_changes(self, before: Lot, after: Lot) -> None:
        """Show a change made from elsewhere (undo, redo) in the fields it touched only: any other
        field may hold typing not saved yet (Undo chosen from the menu with the mouse leaves the
        cursor in the field), which must not be wiped."""
        self._lot = after
        for name, widget in self.fields.items():
            shown = field_value(after, name)
            if field_value(before, name) != shown:
                widget.set_value(shown)
                self._clear_errors_from(name)
        self.title.setText(f"<b>{_escape(after.code)}</b> — {_escape(after.name)}")

    def _mark_saved(self) -> None:
        self.save_state.setText(
            tr("Saved {time}", "LotEditor").format(time=show_time_of_day(self._lots.clock()))
        )

    def _clear_errors_from(self, cause: str) -> None:
        for name, source in list(self._errors_from.items()):
            if source == cause:
                self._set_error(name, None)

    def _set_error(self, name: str, message: str | None, cause: str | None = None) -> None:
        if message is None:
            self._errors_from.pop(name, None)
        else:
            self._errors_from[name] = cause or name
        label = self.errors[name]
        widget = self.fields[name].focus_widget()
        widget.setProperty(_INVALID_PROPERTY, message is not None)
        widget.setStyleSheet("border: 1px solid #b00020;" if message else "")
        label.setText(message or "")
        label.setVisible(message is not None)


def _same(new: Any, old: Any) -> bool:
    if isinstance(new, str) and isinstance(old, str):
        return new.strip() == old.strip()
    return bool(new == old)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
