"""A demo cupping panel: an independent lab's pre-shipment cupping of one demo lot on the SCA
2004 form (final 87.25), so the verdict has a third-party score to judge."""

from __future__ import annotations

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService

SHEET: dict[str, object] = {
    "fragrance_aroma": "8.5",
    "flavor": "8.25",
    "aftertaste": "8",
    "acidity": "8.25",
    "body": "8",
    "balance": "8",
    "uniformity": 5,
    "clean_cup": 5,
    "sweetness": 5,
    "overall": "8.25",
}


def add_demo_panel(lots: LotService, lot_id: str) -> None:
    """Inside the caller's transaction (each call below joins it as a savepoint)."""
    cupping = CuppingService(lots.database, clock=lots.clock)
    session = cupping.create_session(
        {
            "held_on": "2026-03-30",
            "form_id": "sca-2004",
            "title": "Pre-shipment cupping (demo)",
            "place": "Laboratorio Independiente, Huehuetenango",
        }
    )
    cupper = cupping.add_new_cupper(
        session.session.id,
        {
            "cupper_name": "Ana Q. Ríos",
            "q_licence": "Q-DEMO-0001",
            "affiliation": "independent_lab",
        },
    )
    sample = cupping.add_sample(session.session.id, lot_id, {"sample_type": "pre_shipment"})
    for key, value in SHEET.items():
        cupping.sheets.set_field(sample.id, cupper.id, key, value)
