"""The verdict as a pure function of a LotRecord: "not recorded" when the data to decide is
missing (different from "not met"), a third-party score preferred, the premium against the
reference price, and the red flags about who scored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from microlot_desk.domain.lots import Lot, Plot, Producer, VarietyShare
from microlot_desk.domain.verdict import HallmarkName, LotRecord, ScoreFact, VerdictSettings
from microlot_desk.domain.verdict_rules import assess


def lot(**changes: object) -> Lot:
    values: dict[str, object] = {
        "id": "l1",
        "code": "CO-1",
        "name": "Test",
        "producer": Producer("p1", "Ana"),
        "farm": "Finca",
        "plots": (Plot("x", "Lote 1", altitude_m=1900),),
        "varieties": (VarietyShare("Gesha"),),
        "harvest_start": date(2026, 5, 1),
        "harvest_end": date(2026, 5, 3),
        "green_kg": Decimal(300),
        "process": "washed",
    }
    values.update(changes)
    return Lot(**values)  # type: ignore[arg-type]


def score(final: str, *, third: bool, seller: bool, day: int = 1) -> ScoreFact:
    return ScoreFact(Decimal(final), "sca-2004", "offer", date(2026, 6, day), 3, third, seller)


def status(record: LotRecord, name: HallmarkName, settings: VerdictSettings | None = None) -> str:
    return assess(record, settings).hallmark(name).status


def test_missing_data_is_not_recorded_and_absent_data_is_named() -> None:
    bare = LotRecord(lot(green_kg=None, fob_price=None))
    found = assess(bare)
    assert found.hallmark(HallmarkName.VOLUME).status == "not_recorded"
    assert found.hallmark(HallmarkName.SCORE).status == "not_recorded"
    assert found.hallmark(HallmarkName.PREMIUM).status == "not_recorded"
    assert found.hallmark(HallmarkName.SEPARATION).status == "not_recorded"
    unnamed = assess(LotRecord(lot(varieties=(), harvest_end=None)))
    provenance = unnamed.hallmark(HallmarkName.PROVENANCE)
    assert provenance.status == "not_met"
    assert provenance.evidence[0].values["fields"] == "varieties,harvest_end"
    assert [f.code for f in unnamed.red_flags] == ["missing_production_data"]


def test_a_third_party_score_is_preferred_to_a_later_one_of_the_seller() -> None:
    record = LotRecord(
        lot(),
        scores=(
            score("87", third=True, seller=False),
            score("90", third=False, seller=True, day=9),
        ),
    )
    evidence = assess(record).hallmark(HallmarkName.SCORE).evidence[0].values
    assert (evidence["final"], evidence["third_party"]) == ("87", "yes")
    assert (
        status(record, HallmarkName.SCORE, VerdictSettings(min_score=Decimal("87.5"))) == "not_met"
    )


def test_scores_only_from_the_seller_raise_both_flags() -> None:
    record = LotRecord(lot(), scores=(score("88", third=False, seller=True),))
    assert status(record, HallmarkName.SCORE) == "met"
    assert [f.code for f in assess(record).red_flags] == [
        "no_third_party_score",
        "score_only_from_seller",
    ]


def test_the_premium_is_the_price_over_the_reference() -> None:
    priced = lot(fob_price=Decimal("9"), reference_price=Decimal("4.5"), currency="USD")
    assert status(LotRecord(priced), HallmarkName.PREMIUM) == "met"
    cheap = lot(fob_price=Decimal("8.9"), reference_price=Decimal("4.5"), currency="USD")
    assert status(LotRecord(cheap), HallmarkName.PREMIUM) == "not_met"


def test_a_micro_lot_of_500_kg_or_more_warrants_a_second_look() -> None:
    assert [f.code for f in assess(LotRecord(lot(green_kg=Decimal(500)))).red_flags] == [
        "micro_claim_large"
    ]
    assert assess(LotRecord(lot(green_kg=Decimal(499)))).red_flags == ()
    assert status(LotRecord(lot(green_kg=Decimal(1001))), HallmarkName.VOLUME) == "not_met"
