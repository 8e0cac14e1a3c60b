"""The Verdict tab says each hallmark as met / not met / not recorded with the evidence in words,
and the red flags; the lot list carries the verdict in a column and filters on it."""

from __future__ import annotations

import pytest
from driving import OFFSCREEN_POPUP_NOISE, cell, column, shown_codes
from provenance_driving import choose_from_popup, open_lot_tab
from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from microlot_desk.domain.verdict import HallmarkName
from microlot_desk.services.demo.demo_data import DEMO_TOTAL
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.provenance.verdict_view import VerdictView

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def verdict_tab(qtbot: QtBot, window: MainWindow, code: str) -> VerdictView:
    view = open_lot_tab(qtbot, window, code, "Verdict")
    assert isinstance(view, VerdictView)
    return view


def statuses(view: VerdictView) -> dict[str, str]:
    """What each hallmark's status reads, the markup left out."""
    found = {}
    for name in HallmarkName:
        text = view.status_text(name)
        found[name.value] = next(s for s in ("not recorded", "not met", "met") if s in text)
    return found


def test_the_genuine_demo_lot_meets_every_hallmark_with_the_evidence_in_words(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = verdict_tab(qtbot, window, "GT-2026-004")
    assert "Genuine micro-lot" in view.overall.text()
    assert set(statuses(view).values()) == {"met"}
    assert "6 of 6 hallmarks met; traceability: identity preserved" in view.summary.text()
    evidence = {name: view.evidence_text(name) for name in HallmarkName}
    assert "producer Grupo Ixchel de Todos Santos" in evidence[HallmarkName.PROVENANCE]
    assert "300 kg green: a micro-lot (limit 1000 kg)" in evidence[HallmarkName.VOLUME]
    assert "Picking, Depulping, Fermentation, Drying" in evidence[HallmarkName.SEPARATION]
    assert "87.25" in evidence[HallmarkName.SCORE]
    assert "third party: yes" in evidence[HallmarkName.SCORE]
    assert "× the reference" in evidence[HallmarkName.PREMIUM]
    assert "third-party Q-grader report: attached" in evidence[HallmarkName.DOCUMENTS]
    assert "None raised." in view.flags.text()


def test_the_blended_lot_fails_separation_and_says_why(qtbot: QtBot, window: MainWindow) -> None:
    view = verdict_tab(qtbot, window, "CN-2026-002")
    assert "Not a genuine micro-lot" in view.overall.text()
    found = statuses(view)
    assert found["separation"] == "not met"
    assert found["volume"] == "met"
    assert found["score"] == "not recorded"  # no panel yet: not the same as failing
    assert "more coffee came out than went in" in view.evidence_text(HallmarkName.SEPARATION)
    assert "355 kg in, 600 kg out" in view.evidence_text(HallmarkName.SEPARATION)
    flags = view.flags.text()
    assert "blend signal at Bagging (event 8)" in flags
    assert "600 kg is a lot for a micro-lot" in flags


def test_the_lot_too_large_for_its_claim_fails_volume(qtbot: QtBot, window: MainWindow) -> None:
    view = verdict_tab(qtbot, window, "KE-2026-011")
    assert statuses(view)["volume"] == "not met"
    assert "2400 kg green: a regular lot (limit 1000 kg)" in view.evidence_text(HallmarkName.VOLUME)


def test_the_list_shows_and_filters_the_verdict(qtbot: QtBot, window: MainWindow) -> None:
    page = window.lots_page
    assert cell(page, "GT-2026-004", "Verdict") == "Genuine (6/6)"
    assert cell(page, "CO-2026-014", "Verdict") == "Incomplete (5/6)"
    assert cell(page, "KE-2026-011", "Verdict").startswith("Failing")
    tip = page.model.index(shown_codes(page).index("KE-2026-011"), column(page, "Verdict")).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "at least one hallmark not met" in tip

    choose_from_popup(qtbot, page.verdict_filter, "Genuine")
    assert shown_codes(page) == ["GT-2026-004"]
    assert page.count_label.text() == f"1 of {DEMO_TOTAL} lots"
    choose_from_popup(qtbot, page.verdict_filter, "Incomplete")
    assert shown_codes(page) == ["CO-2026-014"]
    choose_from_popup(qtbot, page.verdict_filter, "Failing")
    failing = shown_codes(page)
    assert {"CN-2026-002", "KE-2026-011", "PE-2026-006"} <= set(failing)
    assert "GT-2026-004" not in failing and "CO-2026-014" not in failing
    assert all(cell(page, code, "Verdict").startswith("Failing") for code in failing)
    choose_from_popup(qtbot, page.verdict_filter, "All verdicts")
    assert len(shown_codes(page)) == DEMO_TOTAL


def test_sorting_by_verdict_and_the_model_contract(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow
) -> None:
    page = window.lots_page
    qtmodeltester.check(page.model)
    header = page.table.horizontalHeader()
    verdict = column(page, "Verdict")
    page.table.scrollTo(page.model.index(0, verdict))  # beside the editor it is off to the right
    where = QPoint(header.sectionViewportPosition(verdict) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert page.model.query.sort.value == "verdict"
    words = [cell(page, code, "Verdict").split(" ")[0] for code in shown_codes(page)]
    assert words == sorted(words)
