"""The lot editor's Verdict tab: the six hallmarks of a genuine micro-lot, each met, not met or
not recorded, with the evidence behind it in words; the red flags; the warnings. Never a bare
score: the one word on top is followed by every reason for it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from microlot_desk import provenance_messages as pm
from microlot_desk.domain.verdict import Hallmark, HallmarkName, Verdict
from microlot_desk.domain.verdict_overall import Overall
from microlot_desk.errors import KnownError
from microlot_desk.services.provenance.verdict_service import VerdictService
from microlot_desk.ui.common.page_parts import vertical_scroll
from microlot_desk.ui.common.texts import error_text
from microlot_desk.ui.provenance.provenance_texts import (
    fact_text,
    flag_text,
    level_label,
    t,
    warning_text,
)

COLOURS = {"met": "#2e6b30", "not_met": "#b00020", "not_recorded": "#6b6b6b"}
MARKS = {"met": "✓", "not_met": "✗", "not_recorded": "?"}
OVERALL_COLOURS = {
    Overall.GENUINE: "#2e6b30",
    Overall.FLAGGED: "#a15c00",
    Overall.INCOMPLETE: "#6b6b6b",
    Overall.FAILING: "#b00020",
}
OVERALL_WORDS = {
    Overall.GENUINE: "Genuine micro-lot",
    Overall.FLAGGED: "Flagged",
    Overall.INCOMPLETE: "Incomplete",
    Overall.FAILING: "Not a genuine micro-lot",
}


def status_label(status: str) -> str:
    return t(pm.STATUSES.get(status, status))


def overall_word(overall: str) -> str:
    return t(OVERALL_WORDS.get(Overall(overall), overall)) if overall else ""


@dataclass
class HallmarkRow:
    status: QLabel
    name: QLabel
    evidence: QLabel


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class VerdictView(QWidget):
    def __init__(self, verdicts: VerdictService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictView")
        self._verdicts = verdicts
        self.verdict: Verdict | None = None

        body = QWidget(self)
        self.overall = QLabel(body)
        self.overall.setObjectName("verdictOverall")
        self.overall.setWordWrap(True)
        self.summary = QLabel(body)
        self.summary.setObjectName("verdictSummary")
        self.summary.setWordWrap(True)
        grid_frame = QFrame(body)
        grid_frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(grid_frame)
        grid.setColumnStretch(2, 1)
        grid.setVerticalSpacing(8)
        self.rows: dict[HallmarkName, HallmarkRow] = {}
        for number, name in enumerate(HallmarkName):
            status = QLabel(grid_frame)
            status.setObjectName(f"status_{name.value}")
            status.setMinimumWidth(96)
            status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            title = QLabel(f"<b>{t(pm.HALLMARKS[name.value])}</b>", grid_frame)
            title.setWordWrap(True)
            title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            evidence = QLabel(grid_frame)
            evidence.setObjectName(f"evidence_{name.value}")
            evidence.setWordWrap(True)
            evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            evidence.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(status, number * 2, 0)
            grid.addWidget(title, number * 2, 1, 1, 2)
            grid.addWidget(evidence, number * 2 + 1, 1, 1, 2)
            self.rows[name] = HallmarkRow(status, title, evidence)
        self.flags = QLabel(body)
        self.flags.setObjectName("redFlags")
        self.flags.setWordWrap(True)
        self.flags.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel(body)
        self.warnings.setObjectName("verdictWarnings")
        self.warnings.setWordWrap(True)
        self.note = QLabel(body)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #6b6b6b;")

        column = QVBoxLayout(body)
        column.addWidget(self.overall)
        column.addWidget(self.summary)
        column.addWidget(grid_frame)
        column.addWidget(self.flags)
        column.addWidget(self.warnings)
        column.addWidget(self.note)
        column.addStretch(1)
        scroll = vertical_scroll(body, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.show_lot(None)

    def show_lot(self, lot_id: str | None) -> None:
        self.verdict = None
        if lot_id is not None:
            try:
                self.verdict = self._verdicts.assess(lot_id)
            except KnownError as error:
                self._clear(error_text(error))
                return
        if self.verdict is None:
            self._clear("")
            return
        self._show(self.verdict)

    def _clear(self, text: str) -> None:
        self.overall.setText(text)
        self.summary.clear()
        for row in self.rows.values():
            row.status.clear()
            row.evidence.clear()
        self.flags.clear()
        self.warnings.clear()
        self.note.clear()

    def _show(self, verdict: Verdict) -> None:
        overall = verdict.overall
        colour = OVERALL_COLOURS[overall]
        self.overall.setText(
            f"<span style='font-size: 15pt; color: {colour};'><b>"
            f"{_escape(overall_word(overall.value))}</b></span>"
        )
        self.summary.setText(
            _escape(t(pm.OVERALL[overall.value]))
            + "<br>"
            + t("{met} of 6 hallmarks met; traceability: {level}.").format(
                met=verdict.met_count, level=level_label(verdict.traceability.value)
            )
        )
        for hallmark in verdict.hallmarks:
            self._show_hallmark(hallmark)
        if verdict.red_flags:
            lines = [f"<b style='color: #b00020;'>{t('Red flags')}</b>"]
            lines += [
                f"<span style='color: #b00020;'>⚑ {_escape(flag_text(f.code, f.values))}</span>"
                for f in verdict.red_flags
            ]
            self.flags.setText("<br>".join(lines))
        else:
            self.flags.setText(f"<b>{t('Red flags')}</b><br>{t('None raised.')}")
        if verdict.warnings:
            lines = [f"<b>{t('Check the records')}</b>"]
            lines += [f"⚠ {_escape(warning_text(w.code, w.values))}" for w in verdict.warnings]
            self.warnings.setText("<br>".join(lines))
        else:
            self.warnings.clear()
        self.note.setText(
            t(
                "Judged now from the lot's records, custody history, evidence and panel "
                "scores. 'Not recorded' means the data to decide is missing, which is not "
                "the same as 'not met'."
            )
        )

    def _show_hallmark(self, hallmark: Hallmark) -> None:
        row = self.rows[hallmark.name]
        colour = COLOURS.get(hallmark.status, "#000000")
        mark = MARKS.get(hallmark.status, "")
        row.status.setText(
            f"<b style='color: {colour};'>{mark} {_escape(status_label(hallmark.status))}</b>"
        )
        facts = [f"• {_escape(fact_text(f.code, f.values))}" for f in hallmark.evidence]
        row.evidence.setText("<br>".join(facts) or t("No evidence on record."))

    def status_text(self, name: HallmarkName) -> str:
        """What the status of a hallmark reads (met, not met, not recorded)."""
        return self.rows[name].status.text()

    def evidence_text(self, name: HallmarkName) -> str:
        return self.rows[name].evidence.text()
