"""The provenance side of the demo data (issue 5), added with the demo lots in the same
transaction: plot locations (points, a 1.8 ha polygon and a 4.85 ha one), custody histories
(complete, incomplete, blended at packing, merged with coffee of unknown origin), a split into
two sub-lots, a cupping panel by an independent lab, and evidence files made in code.

What the verdict makes of it:
- GT-2026-004 Pacamara Huehuetenango: complete, separated history, third-party score 87.25,
  plot photo, Q-grader report → genuine;
- CO-2026-014: complete history and documents, but not cupped yet → incomplete;
- CN-2026-002: 355 kg went into bagging and 600 kg came out → blend signal, separation fails;
- PE-2026-006: merged with 120 kg of unknown origin → mass balance, separation fails;
- ET-2026-003: no fermentation or hulling recorded and a gap of weeks → separation fails;
- KE-2026-011: 2,400 kg → volume fails; most lots have no documents → documents fail;
- RW-2026-002 split into RW-2026-002-A and -B (they inherit its history).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from microlot_desk.domain.evidence import EvidenceKind, TargetType
from microlot_desk.domain.geo_input import parse_typed_point, parse_typed_polygon
from microlot_desk.export.demo.demo_files import demo_photo, demo_report_pdf
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.custody_service import CustodyService
from microlot_desk.services.provenance.evidence_service import EvidenceService
from microlot_desk.services.provenance.lineage_service import LineageService
from microlot_desk.services.provenance.plot_service import PlotService

POINTS = {
    "ET-2026-003": "5.901234, 38.243117",
    "ET-2026-007": "6.571148, 38.810243",
    "PA-2026-007": "8.779321, -82.427813",
    "CN-2026-002": "22.330147, 99.585309",
}
POLYGONS = {
    # about 1.8 ha above the Juanambú canyon
    "CO-2026-014": "1.605012, -77.130061; 1.605113, -77.128712; 1.606087, -77.128653; "
    "1.606203, -77.129492; 1.605941, -77.130118",
    # the group's parcels, about 4.85 ha: a polygon is required over 4 ha
    "GT-2026-004": "15.508213, -91.604211; 15.508301, -91.601787; 15.510066, -91.601803; "
    "15.510041, -91.603472; 15.509305, -91.604239",
}
PHOTO_IN_PLOT = {
    "CO-2026-014": (Decimal("1.6056"), Decimal("-77.1294")),
    "GT-2026-004": (Decimal("15.5091"), Decimal("-91.6029")),
}


def _stage(stage: str, start: str, end: str, **fields: Any) -> dict[str, Any]:
    return {"stage": stage, "started": start, "ended": end, **fields}


def _washed(prefix: str, tz: str, cherry: str, parchment: str, green: str) -> list[dict[str, Any]]:
    """A washed lot from picking to the warehouse, every stage, no gap."""
    p = prefix
    return [
        _stage(
            "picking", f"{p}-12T06:00{tz}", f"{p}-14T16:00{tz}", kg_out=cherry, form_out="cherry"
        ),
        _stage(
            "reception",
            f"{p}-12T17:00{tz}",
            f"{p}-14T18:00{tz}",
            kg_in=cherry,
            form_in="cherry",
            kg_out=cherry,
            form_out="cherry",
        ),
        _stage(
            "depulping", f"{p}-14T19:00{tz}", f"{p}-14T22:00{tz}", kg_in=cherry, form_in="cherry"
        ),
        _stage("fermentation", f"{p}-14T22:00{tz}", f"{p}-16T10:00{tz}"),
        _stage(
            "drying",
            f"{p}-16T11:00{tz}",
            f"{p}-18T16:00{tz}",
            kg_out=parchment,
            form_out="parchment",
        ),
        _stage(
            "resting",
            f"{p}-18T17:00{tz}",
            f"{p}-20T07:00{tz}",
            kg_in=parchment,
            form_in="parchment",
            kg_out=parchment,
            form_out="parchment",
        ),
        _stage(
            "hulling",
            f"{p}-20T08:00{tz}",
            f"{p}-20T12:00{tz}",
            kg_in=parchment,
            form_in="parchment",
            kg_out=green,
            form_out="green",
        ),
        _stage(
            "bagging",
            f"{p}-20T13:00{tz}",
            f"{p}-20T17:00{tz}",
            kg_in=green,
            form_in="green",
            kg_out=green,
            form_out="green",
        ),
        _stage(
            "warehouse",
            f"{p}-20T17:30{tz}",
            f"{p}-22T17:30{tz}",
            kg_in=green,
            form_in="green",
            kg_out=green,
            form_out="green",
        ),
    ]


def _with_places(events: list[dict[str, Any]], place: str, who: str) -> list[dict[str, Any]]:
    return [{"place": place, "responsible": who, **event} for event in events]


CUSTODY: Mapping[str, list[dict[str, Any]]] = {
    "GT-2026-004": _with_places(
        _washed("2026-03", "-06:00", "1800", "375", "300"), "Aldea Chalhuitz", "Rosa Pablo Mendoza"
    ),
    "CO-2026-014": _with_places(
        _washed("2026-05", "-05:00", "2520", "525", "420"), "Finca La Esperanza", "José Ñáñez"
    ),
    "CN-2026-002": _with_places(
        [
            *(e for e in _washed("2026-01", "+08:00", "2150", "445", "355")[:7]),
            _stage(  # blended at packing: more green came out than went in
                "bagging",
                "2026-01-20T13:00+08:00",
                "2026-01-20T17:00+08:00",
                kg_in="355",
                form_in="green",
                kg_out="600",
                form_out="green",
            ),
        ],
        "孟连 Mengsuo",
        "李明华",
    ),
    "PE-2026-006": _with_places(
        _washed("2026-07", "-05:00", "2500", "500", "400")[:8], "Huabal", "Rosa Chuquimango"
    ),
    "ET-2026-003": _with_places(
        [  # no fermentation or hulling recorded, and weeks unaccounted for
            _stage(
                "picking",
                "2026-11-03T06:00+03:00",
                "2026-11-20T17:00+03:00",
                kg_out="5400",
                form_out="cherry",
            ),
            _stage(
                "depulping",
                "2026-11-03T18:00+03:00",
                "2026-11-20T21:00+03:00",
                kg_in="5400",
                form_in="cherry",
            ),
            _stage(
                "drying",
                "2026-11-22T08:00+03:00",
                "2026-12-06T17:00+03:00",
                kg_out="1125",
                form_out="parchment",
            ),
            _stage(
                "bagging",
                "2027-01-10T09:00+03:00",
                "2027-01-10T16:00+03:00",
                kg_in="900",
                form_in="green",
                kg_out="900",
                form_out="green",
            ),
        ],
        "Konga washing station",
        "Tadesse Alemu",
    ),
    "RW-2026-002": _with_places(
        [
            _stage(
                "picking",
                "2026-04-14T06:00+02:00",
                "2026-04-15T15:00+02:00",
                kg_out="1400",
                form_out="cherry",
            ),
            _stage(
                "depulping",
                "2026-04-15T16:00+02:00",
                "2026-04-15T19:00+02:00",
                kg_in="1400",
                form_in="cherry",
            ),
            _stage(
                "drying",
                "2026-04-15T20:00+02:00",
                "2026-05-07T16:00+02:00",
                kg_out="300",
                form_out="parchment",
            ),
            _stage(
                "hulling",
                "2026-05-08T08:00+02:00",
                "2026-05-08T12:00+02:00",
                kg_in="300",
                form_in="parchment",
                kg_out="240",
                form_out="green",
            ),
            _stage(
                "bagging",
                "2026-05-08T13:00+02:00",
                "2026-05-08T16:00+02:00",
                kg_in="240",
                form_in="green",
                kg_out="240",
                form_out="green",
            ),
        ],
        "Kivu Hills Washing Station",
        "Jean-Claude Habimana",
    ),
}
MERGE = {
    "PE-2026-006": {
        "stage": "bagging",
        "started": "2026-07-20T13:00-05:00",
        "ended": "2026-07-20T17:00-05:00",
        "place": "Jaén warehouse",
        "kg_in": "400",
        "form_in": "green",
        "kg_out": "520",
        "form_out": "green",
        "unknown_origin_kg": "120",
        "notes": "Topped up with neighbours' coffee to fill the container.",
    }
}
SPLIT = {
    "RW-2026-002": (
        [
            {"kg": "120", "name": "Kivu Hills Red Honey · Lot A"},
            {"kg": "120", "name": "Kivu Hills Red Honey · Lot B"},
        ],
        {"stage": "warehouse", "started": "2026-05-09T09:00+02:00", "place": "Kigali"},
    )
}


def add_provenance(lots: LotService, codes: set[str]) -> int:
    """Add the provenance demo for the demo lots in `codes` (just added, inside the caller's
    transaction); return how many sub-lots the splits added."""
    plots = PlotService(lots)
    custody = CustodyService(lots)
    evidence = EvidenceService(lots)
    lineage = LineageService(lots, custody)
    for code in sorted(codes & {*POINTS, *POLYGONS}):
        lot = lots.get_by_code(code)
        shape = (
            parse_typed_point(POINTS[code])
            if code in POINTS
            else parse_typed_polygon(POLYGONS[code])
        )
        plots.set_location(lot.id, lot.plots[0].id, shape)
    for code in sorted(codes & set(CUSTODY)):
        lot = lots.get_by_code(code)
        custody.add_events(lot.id, CUSTODY[code])
        if code in MERGE:
            lineage.record_merge(lot.id, MERGE[code])
    for code in sorted(codes & set(PHOTO_IN_PLOT)):
        _documents(lots, evidence, code)
    if "GT-2026-004" in codes:
        from microlot_desk.services.demo.demo_cupping import add_demo_panel

        add_demo_panel(lots, lots.get_by_code("GT-2026-004").id)
    added = 0
    for code in sorted(codes & set(SPLIT)):
        parts, event = SPLIT[code]
        added += len(lineage.split(lots.get_by_code(code).id, parts, event).sub_lots)
    return added


def _documents(lots: LotService, evidence: EvidenceService, code: str) -> None:
    lot = lots.get_by_code(code)
    lat, lon = PHOTO_IN_PLOT[code]
    plot = lot.plots[0]
    evidence.attach(
        TargetType.PLOT,
        plot.id,
        demo_photo((120, 160, 210), lat, lon),
        kind=EvidenceKind.PHOTO,
        name=f"{code}-plot.jpg",
        caption=plot.name,
    )
    if lot.producer is not None:
        evidence.attach(
            TargetType.PRODUCER,
            lot.producer.id,
            demo_photo((200, 170, 140)),
            kind=EvidenceKind.PORTRAIT,
            name=f"{code}-producer.jpg",
            caption=lot.producer.name,
        )
    report = demo_report_pdf(
        [
            f"Q-grader report: lot {code}",
            "Independent laboratory (demo data)",
            "Sample: pre-shipment, 350 g green, 5 cups",
            "Protocol: SCA 2004; final score 87.25",
        ]
    )
    evidence.attach(
        TargetType.LOT, lot.id, report, kind=EvidenceKind.Q_REPORT, name=f"{code}-q-report.pdf"
    )
    if code == "CO-2026-014":
        scan = demo_photo((235, 235, 225))
        evidence.attach(
            TargetType.LOT, lot.id, scan, kind=EvidenceKind.CUPPING_SHEET, name="sheet-scan.jpg"
        )
