"""Rules over several fields, and applying parsed changes to a lot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from microlot_desk.domain.lot_changes import apply_changes, check_lot
from microlot_desk.domain.lots import Lot, Plot, Producer
from microlot_desk.domain.vocabulary import LotStatus, ProducerKind
from microlot_desk.errors import FieldError


def resolver(name: str, kind: ProducerKind, country: str) -> Producer:
    return Producer(id=f"p-{name}", name=name, kind=kind, country=country)


def test_a_lot_without_a_name_is_refused() -> None:
    assert check_lot(Lot(id="1", code="CO-1", name="")) == [FieldError("name", "required")]


def test_harvest_end_before_start_names_the_start() -> None:
    lot = Lot(
        id="1",
        code="CO-1",
        name="n",
        harvest_start=date(2026, 5, 12),
        harvest_end=date(2026, 5, 1),
    )
    assert check_lot(lot) == [
        FieldError("harvest_end", "end_before_start", {"start": "2026-05-12"})
    ]


def test_a_price_needs_a_currency() -> None:
    lot = Lot(id="1", code="CO-1", name="n", fob_price=Decimal("22"))
    assert check_lot(lot) == [FieldError("currency", "required_with_prices")]
    assert (
        check_lot(Lot(id="1", code="CO-1", name="n", fob_price=Decimal("22"), currency="USD")) == []
    )


def test_every_cross_field_problem_is_reported_together() -> None:
    lot = Lot(
        id="1",
        code="CO-1",
        name="",
        harvest_start=date(2026, 5, 12),
        harvest_end=date(2026, 5, 1),
        farm_gate_price=Decimal("3"),
    )
    assert {e.field for e in check_lot(lot)} == {"name", "harvest_end", "currency"}


def test_apply_changes_sets_producer_and_first_plot() -> None:
    lot = Lot(id="1", code="CO-1", name="n", country="CO")
    changed = apply_changes(
        lot,
        {"producer": "José", "producer_kind": "family", "plot": "Alto", "altitude_m": 2150},
        resolver,
    )
    assert changed.producer == Producer("p-José", "José", ProducerKind.FAMILY, "CO")
    assert len(changed.plots) == 1
    assert (changed.plots[0].name, changed.plots[0].altitude_m) == ("Alto", 2150)
    assert lot.producer is None and lot.plots == ()  # the original is untouched


def test_apply_changes_keeps_the_plot_id_when_editing_it() -> None:
    plot = Plot(id="plot-1", name="Alto", altitude_m=2000)
    lot = Lot(id="1", code="CO-1", name="n", plots=(plot,))
    changed = apply_changes(lot, {"altitude_m": 2150}, resolver)
    assert changed.plots == (Plot(id="plot-1", name="Alto", altitude_m=2150),)


def test_clearing_every_plot_field_removes_the_plot() -> None:
    lot = Lot(id="1", code="CO-1", name="n", plots=(Plot(id="plot-1", name="Alto"),))
    assert apply_changes(lot, {"plot": ""}, resolver).plots == ()


def test_status_text_becomes_the_enum() -> None:
    lot = apply_changes(Lot(id="1", code="CO-1", name="n"), {"status": "sold"}, resolver)
    assert lot.status is LotStatus.SOLD
