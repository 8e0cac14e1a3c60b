"""The sheet's total as the person types: the domain's own score function run on the values on
screen (nothing is written), with what is still to fill and the warnings (defect without a
type, incoherent cup marks, a score below the form's warning line)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from microlot_desk.domain.cupping import (
    FormTemplate,
    LinearFormula,
    ScoreWarning,
    Section,
    SheetError,
    score_sheet,
)
from microlot_desk.ui.common.cupping_texts import (
    CONTEXT,
    band_label,
    field_labels,
    show_score,
    warning_text,
)
from microlot_desk.ui.common.texts import format_decimal, tr

WARNING_STYLE = "color: #8a5300;"


@dataclass(frozen=True)
class LiveTotal:
    """final: the score (None while a section is missing or wrong, or on a record-only form);
    complete: every required section is there and every value fits the form."""

    final: Decimal | None
    band: str | None
    complete: bool
    to_fill: tuple[str, ...]
    wrong: tuple[str, ...]
    warnings: tuple[ScoreWarning, ...]


def live_total(form: FormTemplate, values: Mapping[str, object]) -> LiveTotal:
    """Score what is on screen; an incomplete sheet still gets the warnings of what is there."""
    present = {key: value for key, value in values.items() if value is not None}
    try:
        result = score_sheet(form, present)
    except SheetError as error:
        missing = tuple(p.key for p in error.problems if p.code == "missing")
        wrong = tuple(dict.fromkeys(p.key for p in error.problems if p.code != "missing"))
        warnings = () if wrong else _partial_warnings(form, present, missing)
        return LiveTotal(None, None, False, missing, wrong, warnings)
    return LiveTotal(result.final, result.band, True, (), (), result.warnings)


def _partial_warnings(
    form: FormTemplate, values: Mapping[str, object], missing: tuple[str, ...]
) -> tuple[ScoreWarning, ...]:
    """The warnings of the values given: the missing sections are stood in for by a valid
    value only to let the rules run, and any warning about a stand-in is dropped."""
    filled = dict(values)
    for key in missing:
        filled[key] = _stand_in(form.section(key), form.cups or 0)
    try:
        result = score_sheet(form, filled)
    except SheetError:
        return ()
    return tuple(w for w in result.warnings if w.key not in missing)


def _stand_in(section: Section, cups: int) -> object:
    if section.kind == "choice":
        return section.choices[0]
    if section.kind == "cups":
        return cups
    assert section.range is not None
    return section.range.maximum if section.range.maximum is not None else section.range.minimum


class TotalPanel(QFrame):
    """The big number beside the sheet, what is left to fill, and the warnings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(tr("Total", CONTEXT), self)
        self.total = QLabel("—", self)
        self.total.setObjectName("sheetTotal")
        self.total.setAccessibleName(tr("Total", CONTEXT))
        font = QFont(self.font())
        font.setPointSizeF(34)
        font.setBold(True)
        self.total.setFont(font)
        self.total.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.band = QLabel(self)
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel(self)
        self.status.setObjectName("sheetStatus")
        self.status.setWordWrap(True)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("sheetWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.total)
        layout.addWidget(self.band)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings)
        layout.addStretch(1)

    def show_total(self, form: FormTemplate, live: LiveTotal) -> None:
        labels = field_labels(form)
        if live.final is not None:
            linear = isinstance(form.formula, LinearFormula)
            self.total.setText(show_score(live.final) if linear else format_decimal(live.final))
        else:
            self.total.setText("✓" if live.complete else "—")
        self.band.setText(band_label(live.band))
        if live.wrong:
            names = ", ".join(labels.get(key, key) for key in live.wrong)
            self.status.setText(tr("To correct: {names}", CONTEXT).format(names=names))
        elif live.to_fill:
            names = ", ".join(labels.get(key, key) for key in live.to_fill)
            self.status.setText(
                tr("{n} to fill: {names}", CONTEXT).format(n=len(live.to_fill), names=names)
            )
        else:
            self.status.setText(tr("Sheet complete", CONTEXT))
        lines = [f"⚠ {warning_text(form, warning)}" for warning in live.warnings]
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))
