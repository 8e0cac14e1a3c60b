"""Mapping between cupping rows and domain objects; the only place that knows their columns."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from microlot_desk.domain.cupping.protocol import PROTOCOL_NUMBERS, Protocol
from microlot_desk.domain.cupping.sessions import (
    Affiliation,
    Cupper,
    CuppingSession,
    Exclusion,
    ExclusionAction,
    ImportedResult,
    Reveal,
    Sample,
    SampleType,
)
from microlot_desk.storage.lot_rows import dec_to_text, text_to_dec

SESSION_COLUMNS = (
    "id, held_on, title, place, form_id, form_version, blind, leader, protocol, notes, "
    "created_at, updated_at, updated_by"
)
SAMPLE_COLUMNS = (
    "id, session_id, lot_id, position, sample_type, blind_code, roast_date, agtron_whole, "
    "agtron_ground, notes, updated_at, updated_by"
)
CUPPER_COLUMNS = "id, name, q_licence, affiliation, updated_at, updated_by"
EXCLUSION_COLUMNS = "id, sheet_id, action, reason, by_name, at, station"
REVEAL_COLUMNS = "id, session_id, by_name, at, station"
IMPORTED_COLUMNS = (
    "sample_id, source, source_row, sections, final, stated_final, graded_on, affiliation, extras"
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def protocol_to_text(protocol: Protocol) -> str:
    data: dict[str, Any] = {}
    for name in PROTOCOL_NUMBERS:
        value = getattr(protocol, name)
        if value is not None:
            data[name] = value if isinstance(value, int) else dec_to_text(value)
    if protocol.robusta:
        data["robusta"] = True
    if protocol.deviation_notes:
        data["deviation_notes"] = protocol.deviation_notes
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def text_to_protocol(text: str | None) -> Protocol:
    data = json.loads(text or "{}")
    values: dict[str, Any] = {}
    for name in PROTOCOL_NUMBERS:
        if name in data:
            raw = data[name]
            values[name] = raw if name == "cups_per_sample" else Decimal(str(raw))
    return Protocol(
        **values,
        robusta=bool(data.get("robusta", False)),
        deviation_notes=str(data.get("deviation_notes", "")),
    )


def session_to_row(session: CuppingSession) -> dict[str, Any]:
    return {
        "id": session.id,
        "held_on": session.held_on.isoformat(),
        "title": session.title,
        "place": session.place,
        "form_id": session.form_id,
        "form_version": session.form_version,
        "blind": int(session.blind),
        "leader": session.leader,
        "protocol": protocol_to_text(session.protocol),
        "notes": session.notes,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "updated_by": session.updated_by,
    }


def row_to_session(row: tuple[Any, ...]) -> CuppingSession:
    return CuppingSession(
        id=row[0],
        held_on=date.fromisoformat(row[1]),
        title=row[2] or "",
        place=row[3] or "",
        form_id=row[4],
        form_version=int(row[5]),
        blind=bool(row[6]),
        leader=row[7] or "",
        protocol=text_to_protocol(row[8]),
        notes=row[9] or "",
        created_at=row[10] or "",
        updated_at=row[11] or "",
        updated_by=row[12] or "",
    )


def sample_to_row(sample: Sample) -> dict[str, Any]:
    return {
        "id": sample.id,
        "session_id": sample.session_id,
        "lot_id": sample.lot_id,
        "position": sample.position,
        "sample_type": sample.sample_type.value,
        "blind_code": sample.blind_code,
        "roast_date": sample.roast_date.isoformat() if sample.roast_date else None,
        "agtron_whole": dec_to_text(sample.agtron_whole),
        "agtron_ground": dec_to_text(sample.agtron_ground),
        "notes": sample.notes,
        "updated_at": sample.updated_at,
        "updated_by": sample.updated_by,
    }


def row_to_sample(row: tuple[Any, ...]) -> Sample:
    return Sample(
        id=row[0],
        session_id=row[1],
        lot_id=row[2],
        position=int(row[3]),
        sample_type=SampleType(row[4]),
        blind_code=row[5],
        roast_date=_day(row[6]),
        agtron_whole=text_to_dec(row[7]),
        agtron_ground=text_to_dec(row[8]),
        notes=row[9] or "",
        updated_at=row[10] or "",
        updated_by=row[11] or "",
    )


def cupper_to_row(cupper: Cupper) -> dict[str, Any]:
    return {
        "id": cupper.id,
        "name": cupper.name,
        "q_licence": cupper.q_licence,
        "affiliation": cupper.affiliation.value,
        "updated_at": cupper.updated_at,
        "updated_by": cupper.updated_by,
    }


def row_to_cupper(row: tuple[Any, ...]) -> Cupper:
    return Cupper(
        id=row[0],
        name=row[1],
        q_licence=row[2] or "",
        affiliation=Affiliation(row[3]),
        updated_at=row[4] or "",
        updated_by=row[5] or "",
    )


def row_to_exclusion(row: tuple[Any, ...]) -> Exclusion:
    return Exclusion(
        id=row[0],
        sheet_id=row[1],
        action=ExclusionAction(row[2]),
        reason=row[3],
        by=row[4],
        at=row[5],
        station=row[6] or "",
    )


def row_to_reveal(row: tuple[Any, ...]) -> Reveal:
    return Reveal(id=row[0], session_id=row[1], by=row[2], at=row[3], station=row[4] or "")


def imported_to_row(result: ImportedResult) -> dict[str, Any]:
    return {
        "sample_id": result.sample_id,
        "source": result.source,
        "source_row": result.source_row,
        "sections": _decimals_to_text(result.sections),
        "final": dec_to_text(result.final),
        "stated_final": dec_to_text(result.stated_final),
        "graded_on": result.graded_on.isoformat() if result.graded_on else None,
        "affiliation": result.affiliation.value,
        "extras": _decimals_to_text(result.extras),
    }


def row_to_imported(row: tuple[Any, ...]) -> ImportedResult:
    final = text_to_dec(row[4])
    assert final is not None  # NOT NULL column
    return ImportedResult(
        sample_id=row[0],
        source=row[1],
        source_row=int(row[2]),
        sections=_text_to_decimals(row[3]),
        final=final,
        stated_final=text_to_dec(row[5]),
        graded_on=_day(row[6]),
        affiliation=Affiliation(row[7]),
        extras=_text_to_decimals(row[8]),
    )


def _decimals_to_text(values: Any) -> str:
    return json.dumps({key: dec_to_text(value) for key, value in values.items()}, sort_keys=True)


def _text_to_decimals(text: str | None) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in json.loads(text or "{}").items()}
