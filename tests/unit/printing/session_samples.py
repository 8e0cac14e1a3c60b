"""Cupping sessions for the report and label tests, built through the services as the app does:
three lots (Latin with accents, Ethiopic, Chinese names), cuppers named in three scripts, every
sheet entered field by field, one sheet left incomplete, one excluded with a reason, a protocol
that departs from the standard, and user text with markup in it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService

LOT_NAMES = ("Finca Nariño Gesha", "ቡና ጎጂ Guji Natural", "普洱 Catimor 蜜处理")
CUPPERS = (
    ("Ana Gómez", "independent_lab"),
    ("ታደሰ በቀለ", "exporter"),
    ("李明", "roaster"),
)
MARKUP_NOTE = '<b>juicy</b> & "clean" <img src="/etc/passwd"/>'
EXCLUSION_REASON = "Palate fatigue after sample 2"
# Quality scores by (sample, cupper): the final is 7 x score + 30 (every cup passes).
SCORES: dict[tuple[int, int], str] = {
    (0, 0): "8",  # 86.00
    (0, 1): "8.5",  # 89.50
    (0, 2): "7.25",  # 80.75: far from the other two, so flagged
    (1, 0): "8",
    (1, 1): "7.75",
    (1, 2): "8.25",  # excluded
    (2, 0): "8.25",
    (2, 1): "8.5",
    # (2, 2) is left incomplete
}
QUALITY = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")


@dataclass(frozen=True)
class Session:
    id: str
    lot_ids: tuple[str, ...]
    lot_codes: tuple[str, ...]
    blind_codes: tuple[str, ...]
    sample_ids: tuple[str, ...]
    cupper_ids: tuple[str, ...]


def build(lots: LotService, cupping: CuppingService, *, blind: bool) -> Session:
    made = [lots.add_lot({"name": name, "country": "CO"}) for name in LOT_NAMES]
    session = cupping.create_session(
        {
            "held_on": "2026-11-27",
            "form_id": "sca-2004",
            "blind": blind,
            "title": "Pre-shipment <round> & co",
            "place": "Pasto lab, 北京",
            "leader": "Ana Leader",
            "dose_g": "8.25",
            "water_ml": "150",
            "water_temp_c": "96",
            "cups_per_sample": 5,
            "deviation_notes": "Grinder swapped mid-session",
        }
    ).session
    samples = [
        cupping.add_sample(
            session.id,
            lot.id,
            {"sample_type": "pre_shipment", "roast_date": "2026-11-26", "agtron_whole": "58"},
        )
        for lot in made
    ]
    cuppers = [
        cupping.add_new_cupper(
            session.id, {"cupper_name": name, "affiliation": kind, "q_licence": f"Q-{n}"}
        )
        for n, (name, kind) in enumerate(CUPPERS)
    ]
    for (s, c), value in SCORES.items():
        sample_id, cupper_id = samples[s].id, cuppers[c].id
        for key in QUALITY:
            cupping.sheets.set_field(sample_id, cupper_id, key, value)
        for key in ("uniformity", "clean_cup", "sweetness"):
            cupping.sheets.set_field(sample_id, cupper_id, key, 5)
        cupping.sheets.set_field(sample_id, cupper_id, "fragrance_dry", 4)
    taint = [False, True, False, False, False]  # the second cup tainted: -2 points
    cupping.sheets.set_field(samples[0].id, cuppers[1].id, "taint_cups", taint)
    cupping.sheets.set_field(samples[2].id, cuppers[2].id, "flavor", "5.5")
    cupping.sheets.set_note(samples[0].id, cuppers[0].id, "", MARKUP_NOTE)
    cupping.sheets.set_note(samples[0].id, cuppers[0].id, "flavor", "茉莉花 ጣፋጭ bergamot")
    excluded = cupping.sheets.get(samples[1].id, cuppers[2].id).sheet_id
    assert excluded is not None
    cupping.sheets.exclude(excluded, EXCLUSION_REASON, "Ana Leader")
    return Session(
        session.id,
        tuple(lot.id for lot in made),
        tuple(lot.code for lot in made),
        tuple(sample.blind_code for sample in samples),
        tuple(sample.id for sample in samples),
        tuple(cupper.id for cupper in cuppers),
    )


def expected_final(cupping: CuppingService, sample_id: str) -> Decimal:
    """The panel's final as the cupping services compute it (not recomputed here)."""
    final = cupping.sheets.panel(sample_id).final_mean
    assert final is not None
    return final
