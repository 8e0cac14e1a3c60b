"""A lot's custody history as a GS1 EPCIS 2.0 document (JSON-LD), the industry's vocabulary for
supply-chain events (DOMAIN.md §8).

- a change of form (cherry → parchment → green, e.g. depulping, hulling) and a split or merge
  are TransformationEvents: input and output quantities of the lot in each form;
- bagging is an AggregationEvent: the lot's green coffee packed into its bags;
- every other stage is an ObjectEvent (picking ADDs the cherry; the rest OBSERVE it).
Quantities are classes of the lot in a form (`urn:microlot-desk:lot:<uuid>:<form>`: the lot has
no GTIN), in kilograms (UN/CEFACT KGM). The app's own facts (stage, place, person, the event's
hashes) are extension fields in the `mld:` namespace, so the chain can be verified downstream.
Plain data in, bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from microlot_desk.export.provenance.json_numbers import dumps_exact

CONTEXT = [
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
    {"mld": "urn:microlot-desk:epcis:"},
]
_BIZ_STEPS = {
    "picking": "commissioning",
    "reception": "receiving",
    "depulping": "commissioning",
    "fermentation": "holding",
    "drying": "holding",
    "resting": "storing",
    "hulling": "commissioning",
    "sorting": "inspecting",
    "bagging": "packing",
    "warehouse": "storing",
    "export": "departing",
    "shipment": "shipping",
    "arrival": "arriving",
}


@dataclass(frozen=True)
class EpcisQuantity:
    lot_id: str
    form: str
    kg: Decimal


@dataclass(frozen=True)
class EpcisStep:
    event_id: str
    kind: str  # stage, split, split_from, merge
    stage: str
    when: datetime  # UTC
    offset_minutes: int
    inputs: tuple[EpcisQuantity, ...]
    outputs: tuple[EpcisQuantity, ...]
    place: str = ""
    responsible: str = ""
    content_hash: str = ""
    prev_hash: str = ""
    amends: str = ""


def lot_class(lot_id: str, form: str) -> str:
    return f"urn:microlot-desk:lot:{lot_id}:{form or 'unknown'}"


def _offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _quantities(items: Sequence[EpcisQuantity]) -> list[dict[str, Any]]:
    return [
        {"epcClass": lot_class(q.lot_id, q.form), "quantity": q.kg, "uom": "KGM"} for q in items
    ]


def _event(step: EpcisStep, lot_id: str) -> dict[str, Any]:
    common: dict[str, Any] = {
        "eventID": f"urn:uuid:{step.event_id}",
        "eventTime": step.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventTimeZoneOffset": _offset(step.offset_minutes),
    }
    forms_change = {q.form for q in step.inputs} != {q.form for q in step.outputs}
    if step.kind in ("split", "merge") or (step.inputs and step.outputs and forms_change):
        event = {
            "type": "TransformationEvent",
            **common,
            "inputQuantityList": _quantities(step.inputs),
            "outputQuantityList": _quantities(step.outputs),
            "bizStep": _BIZ_STEPS.get(step.stage, "commissioning"),
        }
    elif step.stage == "bagging":
        event = {
            "type": "AggregationEvent",
            **common,
            "parentID": f"urn:microlot-desk:lot:{lot_id}:bags",
            "childQuantityList": _quantities(step.outputs or step.inputs),
            "action": "ADD",
            "bizStep": "packing",
        }
    else:
        event = {
            "type": "ObjectEvent",
            **common,
            "quantityList": _quantities(step.outputs or step.inputs),
            "action": "ADD" if step.stage == "picking" else "OBSERVE",
            "bizStep": _BIZ_STEPS.get(step.stage, "other"),
        }
    extensions = {
        "mld:kind": step.kind,
        "mld:stage": step.stage,
        "mld:place": step.place,
        "mld:responsible": step.responsible,
        "mld:contentHash": step.content_hash,
        "mld:prevHash": step.prev_hash,
    }
    if step.amends:
        extensions["mld:amends"] = f"urn:uuid:{step.amends}"
    event.update({key: value for key, value in extensions.items() if value})
    return event


def epcis_document(
    lot_id: str, lot_code: str, steps: Sequence[EpcisStep], created: datetime, head_hash: str
) -> bytes:
    document = {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mld:lotCode": lot_code,
        "mld:lotId": f"urn:uuid:{lot_id}",
        "mld:chainHead": head_hash,
        "epcisBody": {"eventList": [_event(step, lot_id) for step in steps]},
    }
    return (dumps_exact(document, indent=2) + "\n").encode("utf-8")
