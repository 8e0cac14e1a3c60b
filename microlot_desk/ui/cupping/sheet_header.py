"""The bar above the sheet at the table: which sample and which cupper (big, so a wrong sample
is hard to miss), where they are in the table, the save state, and touch buttons to move."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from microlot_desk.services.common.cupping_views import SessionView
from microlot_desk.ui.common.cupping_texts import CONTEXT, field_labels, sample_type_label
from microlot_desk.ui.common.locale_formats import show_time_of_day
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.cupping.table_glance import sample_title

KEYS_HINT = (
    "Enter: next section · ↑ ↓ or + −: step · PgDn / Ctrl+→: next sample · "
    "Ctrl+PgDn / Ctrl+↓: next cupper · Esc: take back typing · F11: full screen"
)
MOVES = ("previous_sample", "next_sample", "previous_cupper", "next_cupper", "full_screen")


class SheetHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sample_title = self._title_label("sampleTitle", 17)
        self.cupper_title = self._title_label("cupperTitle", 14)
        self.position = QLabel(self)
        self.position.setObjectName("sheetPosition")
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.save_state.setAccessibleName(tr("Save state", CONTEXT))
        tips = (
            ("◀", tr("Previous sample (PgUp)", CONTEXT)),
            ("▶", tr("Next sample (PgDn)", CONTEXT)),
            ("▲", tr("Previous cupper (Ctrl+PgUp)", CONTEXT)),
            ("▼", tr("Next cupper (Ctrl+PgDn)", CONTEXT)),
            ("⛶", tr("Full screen (F11)", CONTEXT)),
        )
        self.buttons = {name: self._button(*tip) for name, tip in zip(MOVES, tips, strict=True)}

        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.sample_title)
        titles.addWidget(self.cupper_title)
        bar.addLayout(titles, 1)
        for name in MOVES[:4]:
            bar.addWidget(self.buttons[name])
        bar.addSpacing(12)
        states = QVBoxLayout()
        states.addWidget(self.position)
        states.addWidget(self.save_state)
        bar.addLayout(states)
        bar.addWidget(self.buttons["full_screen"])

    def _title_label(self, name: str, points: float) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        font = QFont(self.font())
        font.setPointSizeF(points)
        font.setBold(True)
        label.setFont(font)
        return label

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setMinimumSize(48, 44)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the sheet
        return button

    def show_empty(self) -> None:
        self.sample_title.setText(tr("Add samples and cuppers in Set-up first.", CONTEXT))
        self.cupper_title.setText("")
        self.position.setText("")

    def show_sheet(self, view: SessionView, sample_id: str, cupper_id: str) -> None:
        samples = [s.id for s in view.samples]
        cuppers = [c.id for c in view.cuppers]
        sample = view.samples[samples.index(sample_id)]
        cupper = view.cuppers[cuppers.index(cupper_id)]
        details = [sample_type_label(sample.sample_type)]
        if sample.roast_date is not None:
            details.append(tr("roasted {date}", CONTEXT).format(date=sample.roast_date))
        self.sample_title.setText(f"{sample_title(sample)}  ·  {', '.join(details)}")
        self.cupper_title.setText(tr("Cupper: {name}", CONTEXT).format(name=cupper.name))
        self.position.setText(
            tr("Sample {s} of {ns} · cupper {c} of {nc}", CONTEXT).format(
                s=samples.index(sample_id) + 1,
                ns=len(samples),
                c=cuppers.index(cupper_id) + 1,
                nc=len(cuppers),
            )
        )

    def show_saved(self, moment: datetime) -> None:
        """`moment` is the service clock's time of the save, shown in the cupper's local time."""
        self.save_state.setText(tr("Saved {time}", CONTEXT).format(time=show_time_of_day(moment)))


def change_text(view: SessionView | None, where: tuple[str, str], key: str, note: bool) -> str:
    """How an undoable change is named in the Edit menu: "Flavor of 412 (Ana)"."""
    label = field_labels(view.form).get(key, key) if view else key
    if note:
        label = tr("note", CONTEXT) if not key else f"{label} {tr('note', CONTEXT)}"
    sample = next((s.label for s in view.samples if s.id == where[0]), "") if view else ""
    cupper = next((c.name for c in view.cuppers if c.id == where[1]), "") if view else ""
    return tr("{field} of {sample} ({cupper})", CONTEXT).format(
        field=label, sample=sample, cupper=cupper
    )


def first_open_sheet(view: SessionView) -> tuple[str, str] | None:
    """Where the table starts: the first sheet not done, cupper by cupper."""
    for cupper in view.cuppers:
        for sample in view.samples:
            if view.state(sample.id, cupper.id) != "complete":
                return sample.id, cupper.id
    if view.samples and view.cuppers:
        return view.samples[0].id, view.cuppers[0].id
    return None


def keys_hint(parent: QWidget) -> QLabel:
    """The line under the sheet that says which keys do what."""
    label = QLabel(tr(KEYS_HINT, CONTEXT), parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555555;")
    return label
