"""Which fields the lot editor shows, in which groups, with which widget, and how a stored lot
becomes the text a person edits (the same text the field parsers accept back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from microlot_desk.domain.lots import Lot
from microlot_desk.domain.vocabulary import (
    DEFAULT_PROCESSES,
    Isolation,
    LotStatus,
    PriceUnit,
    ProducerKind,
)
from microlot_desk.ui.common.texts import format_decimal, tr
from microlot_desk.ui.lots.field_widgets import (
    ChecksField,
    ChoiceField,
    CountryField,
    EditorField,
    LineField,
    TextField,
)


def _label(key: str, context: str) -> str:
    return tr(key.replace("_", " ").capitalize(), context)


def _choices(keys: list[str], context: str, blank: bool = False) -> list[tuple[str, str]]:
    items = [(key, _label(key, context)) for key in keys]
    return [("", "—"), *items] if blank else items


@dataclass(frozen=True)
class FieldSpec:
    name: str
    make: Callable[[], EditorField]


def _line(placeholder: str = "") -> Callable[[], EditorField]:
    return lambda: LineField(placeholder)


def _example(example: str) -> Callable[[], EditorField]:
    """A placeholder that reads as an example, not as a value ("1850" alone looked stored)."""
    return _line(tr("e.g. {example}", "LotEditor").format(example=example))


def _text(placeholder: str = "", lines: int = 3) -> Callable[[], EditorField]:
    return lambda: TextField(placeholder, lines)


def editor_sections() -> list[tuple[str, list[FieldSpec]]]:
    """Groups of the lot editor, top to bottom. Built at call time so labels are translated."""
    return [
        (
            tr("Lot", "LotEditor"),
            [
                FieldSpec("name", _line()),
                FieldSpec("code", _example("CO-2026-014")),
                FieldSpec(
                    "status", lambda: ChoiceField(_choices([s.value for s in LotStatus], "status"))
                ),
            ],
        ),
        (
            tr("Producer and origin", "LotEditor"),
            [
                FieldSpec("producer", _line(tr("Person, family, group or station", "LotEditor"))),
                FieldSpec(
                    "producer_kind",
                    lambda: ChoiceField(_choices([k.value for k in ProducerKind], "producer_kind")),
                ),
                FieldSpec("farm", _line()),
                FieldSpec("plot", _line()),
                FieldSpec("altitude_m", _example("1850")),
                FieldSpec("area_ha", _example("1.5")),
                FieldSpec("country", CountryField),
                FieldSpec("region", _line()),
            ],
        ),
        (
            tr("Coffee and process", "LotEditor"),
            [
                FieldSpec("varieties", _example("Caturra 60%, Castillo 40%")),
                FieldSpec(
                    "process",
                    lambda: ChoiceField(_choices(list(DEFAULT_PROCESSES), "process", blank=True)),
                ),
                FieldSpec("fermentation_hours", _line()),
                FieldSpec("drying_method", _line(tr("raised beds, patio, tunnel…", "LotEditor"))),
                FieldSpec("drying_days", _line()),
                FieldSpec("harvest_start", _line(tr("YYYY-MM-DD", "LotEditor"))),
                FieldSpec("harvest_end", _line(tr("YYYY-MM-DD", "LotEditor"))),
                FieldSpec(
                    "isolation",
                    lambda: ChecksField(_choices([i.value for i in Isolation], "isolation")),
                ),
                FieldSpec(
                    "separation_notes",
                    _text(tr("How it was kept apart, and what makes it distinctive", "LotEditor")),
                ),
            ],
        ),
        (
            tr("Story", "LotEditor"),
            [FieldSpec("story", _text(tr("A name, a face, a story", "LotEditor"), lines=6))],
        ),
        (
            tr("Weight and physical", "LotEditor"),
            [
                FieldSpec("green_kg", _line()),
                FieldSpec("bag_count", _line()),
                FieldSpec("bag_kg", _example("60")),
                FieldSpec("moisture_pct", _example("10–12")),
                FieldSpec("water_activity", _example("< 0.70")),
                FieldSpec("density_g_l", _line()),
                FieldSpec("screen_size", _example("15–18")),
            ],
        ),
        (
            tr("Prices", "LotEditor"),
            [
                FieldSpec("farm_gate_price", _line()),
                FieldSpec("fob_price", _line()),
                FieldSpec("reference_price", _line(tr("standard specialty", "LotEditor"))),
                FieldSpec("currency", _example("USD")),
                FieldSpec(
                    "price_unit",
                    lambda: ChoiceField(
                        [(u.value, tr(f"per {u.value}", "LotEditor")) for u in PriceUnit]
                    ),
                ),
            ],
        ),
        (tr("Notes", "LotEditor"), [FieldSpec("notes", _text(lines=4))]),
    ]


def field_value(lot: Lot, name: str) -> Any:
    """The lot's value of `name` as the editor shows it (and as the parser reads it back)."""
    first_plot = lot.plots[0] if lot.plots else None
    if name == "producer":
        return lot.producer_name
    if name == "producer_kind":
        return lot.producer.kind.value if lot.producer else ProducerKind.PERSON.value
    if name == "plot":
        return first_plot.name if first_plot else ""
    if name == "altitude_m":
        return (
            ""
            if first_plot is None or first_plot.altitude_m is None
            else str(first_plot.altitude_m)
        )
    if name == "area_ha":
        return format_decimal(first_plot.area_ha) if first_plot else ""
    if name == "varieties":
        return lot.varieties_text
    if name == "isolation":
        return sorted(i.value for i in lot.isolation)
    value = getattr(lot, name)
    if value is None:
        return ""
    if hasattr(value, "value"):  # enums
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return format_decimal(value)
    return str(value)
