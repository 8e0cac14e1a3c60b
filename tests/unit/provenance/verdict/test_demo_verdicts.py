"""Issue 5's "done when" on the demo data: the lot with a complete, separated history is judged
genuine; the blended one, the one too large for its claim and those lacking documents fail the
right hallmarks; the verdict is stored with every write and the list filters on it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from microlot_desk.domain.lot_query import UNASSESSED, LotQuery
from microlot_desk.domain.verdict import HallmarkName, Verdict
from microlot_desk.domain.verdict_overall import Overall
from microlot_desk.services.demo.demo_data import DEMO_TOTAL, load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase


@pytest.fixture
def demo(database: OpenDatabase, lots: LotService) -> Iterator[Workspace]:
    load_demo(lots)
    yield Workspace(database, lots)


def verdict(demo: Workspace, code: str) -> Verdict:
    return demo.verdicts.assess(demo.lots.get_by_code(code).id)


def statuses(found: Verdict) -> dict[str, str]:
    return {h.name.value: h.status for h in found.hallmarks}


def flags(found: Verdict) -> list[str]:
    return [f.code for f in found.red_flags]


def test_the_complete_separated_lot_is_genuine_with_evidence_for_each_hallmark(
    demo: Workspace,
) -> None:
    found = verdict(demo, "GT-2026-004")
    assert found.overall is Overall.GENUINE and found.met_count == 6 and found.red_flags == ()
    assert all(h.evidence for h in found.hallmarks)
    score = found.hallmark(HallmarkName.SCORE).evidence[0]
    assert score.values["final"] == "87.25" and score.values["third_party"] == "yes"
    separation = found.hallmark(HallmarkName.SEPARATION).evidence[0]
    assert separation.code == "stages_covered"


def test_the_lot_blended_at_packing_fails_separation_with_a_blend_signal(demo: Workspace) -> None:
    found = verdict(demo, "CN-2026-002")
    assert statuses(found)["separation"] == "not_met"
    assert {"blend_signal", "micro_claim_large"} <= set(flags(found))
    assert found.overall is Overall.FAILING


def test_the_lot_merged_with_unknown_coffee_is_no_longer_identity_preserved(
    demo: Workspace,
) -> None:
    found = verdict(demo, "PE-2026-006")
    assert found.traceability.value == "mass_balance"
    assert statuses(found)["separation"] == "not_met"
    assert "merged_with_other_coffee" in flags(found)


def test_the_lot_too_large_for_its_claim_fails_volume(demo: Workspace) -> None:
    assert statuses(verdict(demo, "KE-2026-011"))["volume"] == "not_met"


def test_lots_without_documents_fail_the_documents_hallmark(demo: Workspace) -> None:
    for code in ("ET-2026-003", "CN-2026-002", "KE-2026-011"):
        documents = verdict(demo, code).hallmark(HallmarkName.DOCUMENTS)
        assert documents.status == "not_met", code
        assert {f.values["found"] for f in documents.evidence} == {"no"}


def test_an_incomplete_history_fails_separation_naming_the_missing_stages_and_the_gap(
    demo: Workspace,
) -> None:
    separation = verdict(demo, "ET-2026-003").hallmark(HallmarkName.SEPARATION)
    missing = [f.values["stage"] for f in separation.evidence if f.code == "missing_stage"]
    assert missing == ["fermentation", "hulling"]
    assert [f.code for f in separation.evidence].count("gap") == 1


def test_a_lot_not_cupped_yet_is_incomplete_not_failing(demo: Workspace) -> None:
    found = verdict(demo, "CO-2026-014")
    assert statuses(found)["score"] == "not_recorded"
    assert found.overall is Overall.INCOMPLETE


def test_the_sub_lots_of_the_split_inherit_the_separated_history(demo: Workspace) -> None:
    for code in ("RW-2026-002-A", "RW-2026-002-B"):
        assert statuses(verdict(demo, code))["separation"] == "met", code


def test_every_stored_verdict_matches_a_fresh_one_and_the_list_filters_on_it(
    demo: Workspace,
) -> None:
    rows = demo.lots.page(LotQuery(), 0, 100)
    assert len(rows) == DEMO_TOTAL
    for row in rows:
        fresh = demo.verdicts.assess(row.id)
        assert (row.verdict, row.verdict_met) == (fresh.overall.value, fresh.met_count), row.code
    genuine = demo.lots.page(LotQuery(verdict=Overall.GENUINE.value), 0, 100)
    assert [r.code for r in genuine] == ["GT-2026-004"]
    assert demo.lots.count(LotQuery(verdict=UNASSESSED)) == 0


def test_loading_the_demo_twice_adds_nothing(demo: Workspace, lots: LotService) -> None:
    before = demo.database.conn.execute("SELECT count(*) FROM custody_events").fetchone()
    assert load_demo(lots) == 0
    after = demo.database.conn.execute("SELECT count(*) FROM custody_events").fetchone()
    assert before == after and lots.total() == DEMO_TOTAL


def test_lots_assess_json(cli: Callable[..., Any]) -> None:
    assert cli("demo").code == 0
    result = cli("lots", "assess", "GT-2026-004", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert [h["name"] for h in data["hallmarks"]] == [
        "provenance",
        "volume",
        "separation",
        "score",
        "premium",
        "documents",
    ]
    assert {h["status"] for h in data["hallmarks"]} == {"met"}
    assert data["red_flags"] == [] and data["overall"] == "genuine"
    text = cli("lots", "assess", "CN-2026-002")
    assert "not met       Physical separation" in text.out
    assert "blend signal at bagging" in text.out


def test_lots_list_json_carries_the_verdict(cli: Callable[..., Any]) -> None:
    cli("demo")
    rows = json.loads(cli("lots", "list", "--json").out)
    assert {r["code"]: r["verdict"] for r in rows}["GT-2026-004"] == "genuine"
