"""Lineage: splitting a lot into sub-lots, and recording a merge with other coffee. Each is one
transaction: the new lots, the events on every lot involved, and their verdicts.

A split keeps identity preservation (the sub-lots are the same coffee, and inherit the parent's
custody history up to the split). A merge is recorded as what it is: with other lots of this
database (traceability: segregated) or with coffee of unknown origin (mass balance); either
way the lot can no longer claim to be identity preserved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from microlot_desk.domain.custody import CoffeeForm, CustodyEvent, EventKind, LotShare
from microlot_desk.domain.custody_fields import KG
from microlot_desk.domain.lineage import Lineage, lineage
from microlot_desk.domain.lot_fields import BadValue
from microlot_desk.domain.lots import Lot
from microlot_desk.errors import FieldError, NotFound, ValidationFailed
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.custody_service import CustodyService

MAX_PARTS = 26
_EVENT_KEYS = ("stage", "started", "ended", "utc_offset", "place", "responsible", "notes")


@dataclass(frozen=True)
class SplitResult:
    parent_event: CustodyEvent
    sub_lots: tuple[Lot, ...]


def _kg(raw: Any, field: str, errors: list[FieldError]) -> Decimal | None:
    try:
        value = KG(raw)
    except BadValue as bad:
        errors.append(FieldError(field, bad.code, bad.params))
        return None
    if value is None or value <= 0:
        errors.append(FieldError(field, "required"))
        return None
    return value


class LineageService:
    def __init__(self, lots: LotService, custody: CustodyService) -> None:
        self._lots = lots
        self._custody = custody
        self._database = lots.database

    def lineage(self, lot_id: str) -> Lineage:
        """Parent, sub-lots, lots merged in, unknown kg mixed in, and the traceability level."""
        events = self._custody.effective(lot_id)
        inherited = self._lots.verdicts.records.inherited(self._custody.events(lot_id))
        return lineage(events, inherited)

    def split(
        self, lot_id: str, parts: Sequence[Mapping[str, Any]], event: Mapping[str, Any] = {}
    ) -> SplitResult:
        """Split a lot into sub-lots: each part {"kg": …, optional "code", "name"}; `event` may
        give stage, started, ended, utc_offset, place, responsible, notes for the record.
        The parts may not add up to more than the lot's green weight."""
        errors: list[FieldError] = []
        if not parts or len(parts) > MAX_PARTS:
            errors.append(FieldError("parts", "out_of_range", {"min": "1", "max": str(MAX_PARTS)}))
        weights = [_kg(part.get("kg"), f"parts[{i}].kg", errors) for i, part in enumerate(parts)]
        values = self._event_values(event, errors)
        with self._database.write():
            parent = self._lots.get(lot_id)
            total = sum((w for w in weights if w is not None), Decimal(0))
            if parent.green_kg is not None and total > parent.green_kg:
                errors.append(
                    FieldError(
                        "parts",
                        "parts_exceed_lot",
                        {"total": format(total, "f"), "green_kg": format(parent.green_kg, "f")},
                    )
                )
            if errors:
                raise ValidationFailed(errors)
            children = [
                self._lots.add_sub_lot(parent, part, weight)
                for part, weight in zip(parts, weights, strict=True)
                if weight is not None
            ]
            shares = tuple(LotShare(c.id, c.green_kg or Decimal(0), c.code) for c in children)
            parent_event = self._custody.append_event(
                parent.id,
                EventKind.SPLIT,
                {
                    **values,
                    "kg_in": parent.green_kg if parent.green_kg is not None else total,
                    "form_in": CoffeeForm.GREEN,
                    "kg_out": total,
                    "form_out": CoffeeForm.GREEN,
                    "related": shares,
                },
            )
            for child, share in zip(children, shares, strict=True):
                origin = LotShare(parent.id, share.kg, parent.code)
                self._custody.append_event(
                    child.id,
                    EventKind.SPLIT_FROM,
                    {
                        **values,
                        "kg_in": share.kg,
                        "form_in": CoffeeForm.GREEN,
                        "kg_out": share.kg,
                        "form_out": CoffeeForm.GREEN,
                        "related": (origin,),
                    },
                )
        return SplitResult(parent_event, tuple(children))

    def record_merge(self, lot_id: str, raw: Mapping[str, Any]) -> CustodyEvent:
        """Record that other coffee was mixed into the lot. `with`: [{"code" or "lot_id", "kg"}]
        for lots of this database; `unknown_origin_kg`: coffee whose origin is not recorded;
        plus the event fields (stage, times, place, responsible, kg_in/out and forms, notes)."""
        errors: list[FieldError] = []
        sources = raw.get("with") or []
        if not isinstance(sources, list):
            errors.append(FieldError("with", "bad_lot_list"))
            sources = []
        unknown = None
        if raw.get("unknown_origin_kg") not in (None, ""):
            unknown = _kg(raw.get("unknown_origin_kg"), "unknown_origin_kg", errors)
        fields = {k: v for k, v in raw.items() if k not in ("with", "unknown_origin_kg")}
        values, problems = self._custody_fields(fields)
        errors += problems
        if not sources and unknown is None:
            errors.append(FieldError("with", "required"))
        with self._database.write():
            self._lots.get(lot_id)
            shares = []
            for index, item in enumerate(sources):
                share = self._share(item, f"with[{index}]", errors)
                if share is not None:
                    shares.append(share)
            if errors:
                raise ValidationFailed(errors)
            values.update(related=tuple(shares), unknown_origin_kg=unknown)
            return self._custody.append_event(lot_id, EventKind.MERGE, values)

    def _share(self, item: Any, field: str, errors: list[FieldError]) -> LotShare | None:
        if not isinstance(item, dict):
            errors.append(FieldError(field, "bad_lot_list"))
            return None
        kg = _kg(item.get("kg"), f"{field}.kg", errors)
        try:
            if item.get("lot_id"):
                lot = self._lots.get(str(item["lot_id"]))
            else:
                lot = self._lots.get_by_code(str(item.get("code", "")))
        except NotFound:
            errors.append(FieldError(field, "unknown_lot", {"value": str(item)[:60]}))
            return None
        return LotShare(lot.id, kg, lot.code) if kg is not None else None

    def _event_values(self, event: Mapping[str, Any], errors: list[FieldError]) -> dict[str, Any]:
        unknown = [k for k in event if k not in _EVENT_KEYS]
        errors += [FieldError(str(k), "unknown_field") for k in unknown]
        values, problems = self._custody_fields(
            {k: v for k, v in event.items() if k in _EVENT_KEYS}
        )
        errors += problems
        return values

    def _custody_fields(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
        from microlot_desk.domain.custody_fields import check_event, parse_event_fields

        values, errors = parse_event_fields(raw, self._custody.stages())
        errors += check_event(values)
        values.pop("void", None)
        return values, errors
