"""Two short dialogs of the custody tab: splitting a lot into sub-lots, and recording that other
coffee was mixed into it. Each is one service call (one transaction); a refusal keeps the
dialog open with each reason beneath the row it names, and nothing is written."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.lots import Lot
from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.services.provenance.lineage_service import MAX_PARTS, LineageService, SplitResult
from microlot_desk.ui.common.checked_form import CheckedForm, error_label
from microlot_desk.ui.common.texts import error_text, format_decimal
from microlot_desk.ui.provenance.custody_event_dialog import TIME_HINT
from microlot_desk.ui.provenance.provenance_texts import stage_label, t

NOT_SAVED = "Nothing was recorded: fix the fields marked in red."


def _line(parent: QWidget, name: str, hint: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(hint)
    return edit


class _LineageDialog(QDialog):
    """Event fields on top, rows of (text, kg) beneath, one button to add a row."""

    ROWS = "parts"

    def __init__(self, lot: Lot, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.lot = lot
        self.general = error_label(self)
        self.general.setObjectName("generalError")
        self._layout_form = QFormLayout()
        self.form = CheckedForm(self._layout_form, self.general)
        self.event_fields: dict[str, QLineEdit] = {}
        self.rows: list[tuple[QLineEdit, QLineEdit]] = []
        self.add_row_button = QPushButton(self)
        self.add_row_button.clicked.connect(lambda: self.add_row())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        text = QLabel(intro, self)
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(self._layout_form)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_row_button)
        layout.addLayout(add_row)
        layout.addWidget(self.general)
        layout.addWidget(buttons)

    def add_event_field(self, name: str, label: str, hint: str = "") -> QLineEdit:
        edit = _line(self, name, hint)
        self.form.add(name, label, edit, self)
        self.event_fields[name] = edit
        return edit

    def add_row(self, label: str = "", first_hint: str = "", kg_hint: str = "kg") -> None:
        index = len(self.rows)
        first = _line(self, f"{self.ROWS}_{index}_text", first_hint)
        kg = _line(self, f"{self.ROWS}_{index}_kg", t(kg_hint))
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first, 3)
        row.addWidget(kg, 2)
        self.form.add(f"{self.ROWS}[{index}]", label or f"{index + 1}.", holder, self)
        self.form.alias(f"{self.ROWS}[{index}].kg", f"{self.ROWS}[{index}]")
        self.rows.append((first, kg))
        self.add_row_button.setEnabled(len(self.rows) < MAX_PARTS)

    def event_values(self) -> dict[str, Any]:
        return {
            name: edit.text() for name, edit in self.event_fields.items() if edit.text().strip()
        }

    def run(self, call: Callable[[], object]) -> bool:
        """Make the one service call; show a refusal beside the fields."""
        try:
            call()
        except ValidationFailed as refused:
            self.form.show(refused.errors, t(NOT_SAVED))
            return False
        except KnownError as error:
            self.form.show((), error_text(error))
            return False
        self.accept()
        return True

    @abstractmethod
    def save(self) -> None:
        """Make the dialog's one service call (each dialog its own); see run()."""


class SplitDialog(_LineageDialog):
    """Split the lot into sub-lots; each gets the next sub-lot code (or the code given)."""

    ROWS = "parts"

    def __init__(self, lineage: LineageService, lot: Lot, parent: QWidget | None = None) -> None:
        green = format_decimal(lot.green_kg.normalize()) if lot.green_kg is not None else "?"
        intro = t(
            "Split {code} into sub-lots. The lot has {kg} kg green; the parts may add up to "
            "no more. The sub-lots keep the lot's history up to the split, and stay "
            "identity preserved."
        ).format(code=lot.code, kg=green)
        super().__init__(lot, intro, parent)
        self.setObjectName("splitDialog")
        self.setWindowTitle(t("Split {code}").format(code=lot.code))
        self._lineage = lineage
        self.result_: SplitResult | None = None
        self.add_row_button.setText(t("Add a sub-lot"))
        self.add_event_field("started", t("Date"), TIME_HINT)
        self.add_event_field("place", t("Place"))
        self.add_event_field("responsible", t("Responsible person"))
        self.add_event_field("notes", t("Notes"))
        for _ in range(2):
            self.add_row(first_hint=t("name (optional)"), kg_hint="kg green")
        self.form.alias("parts", "parts[0]")
        self.resize(460, self.sizeHint().height())

    def add_row(self, label: str = "", first_hint: str = "", kg_hint: str = "kg") -> None:
        number = len(self.rows) + 1
        super().add_row(
            t("Sub-lot {n}").format(n=number), first_hint or t("name (optional)"), "kg green"
        )

    def parts(self) -> list[dict[str, str]]:
        found = []
        for name, kg in self.rows:
            if name.text().strip() or kg.text().strip():
                part = {"kg": kg.text()}
                if name.text().strip():
                    part["name"] = name.text()
                found.append(part)
        return found

    def save(self) -> None:
        def call() -> None:
            self.result_ = self._lineage.split(self.lot.id, self.parts(), self.event_values())

        self.run(call)


class MergeDialog(_LineageDialog):
    """Record that other coffee was mixed in: lots of this database, or coffee of unknown
    origin. The lot then no longer claims identity preservation."""

    ROWS = "with"

    def __init__(
        self,
        lineage: LineageService,
        lot: Lot,
        stages: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        intro = t(
            "Record that other coffee was mixed into {code}. The lot stays in the records, "
            "but it is no longer identity preserved: a micro-lot claim no longer holds."
        ).format(code=lot.code)
        super().__init__(lot, intro, parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(t("Record a merge into {code}").format(code=lot.code))
        self._lineage = lineage
        self.add_row_button.setText(t("Add a lot"))
        self.stage = QComboBox(self)
        self.stage.setObjectName("stage")
        self.stage.addItem(t("(no stage)"), "")
        for stage in stages:
            self.stage.addItem(stage_label(stage), stage)
        self.form.add("stage", t("At stage"), self.stage, self)
        self.add_event_field("started", t("Date"), TIME_HINT)
        self.add_event_field("place", t("Place"))
        self.add_event_field("notes", t("Notes"))
        self.unknown = _line(self, "unknown_origin_kg", t("kg"))
        self.form.add("unknown_origin_kg", t("kg of unknown origin"), self.unknown, self)
        self.add_row()
        self.form.alias("with", "with[0]")
        self.resize(460, self.sizeHint().height())

    def add_row(self, label: str = "", first_hint: str = "", kg_hint: str = "kg") -> None:
        super().add_row(t("Mixed with lot"), t("lot code"), "kg")

    def sources(self) -> list[dict[str, str]]:
        return [
            {"code": code.text().strip(), "kg": kg.text()}
            for code, kg in self.rows
            if code.text().strip() or kg.text().strip()
        ]

    def save(self) -> None:
        raw: dict[str, Any] = {**self.event_values(), "with": self.sources()}
        if self.stage.currentData():
            raw["stage"] = self.stage.currentData()
        if self.unknown.text().strip():
            raw["unknown_origin_kg"] = self.unknown.text()
        self.run(lambda: self._lineage.record_merge(self.lot.id, raw))
