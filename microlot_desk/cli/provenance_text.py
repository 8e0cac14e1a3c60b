"""Turning issue 5's codes into lines for the terminal (through provenance_messages)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from microlot_desk.domain.custody import CustodyEvent
from microlot_desk.domain.custody_chain import ChainStatus
from microlot_desk.domain.verdict import Verdict
from microlot_desk.provenance_messages import (
    CHAIN_PROBLEMS,
    FACTS,
    GEO_PROBLEMS,
    HALLMARKS,
    OVERALL,
    RED_FLAGS,
    STATUSES,
    WARNINGS,
    say,
)


def event_json(event: CustodyEvent) -> dict[str, Any]:
    def moment(value: Any) -> str | None:
        return value.local().isoformat(timespec="minutes") if value else None

    return {
        "id": event.id,
        "seq": event.seq,
        "kind": event.kind.value,
        "stage": event.stage,
        "started": moment(event.started),
        "ended": moment(event.ended),
        "place": event.place,
        "responsible": event.responsible,
        "kg_in": format(event.kg_in, "f") if event.kg_in is not None else None,
        "form_in": event.form_in.value if event.form_in else None,
        "kg_out": format(event.kg_out, "f") if event.kg_out is not None else None,
        "form_out": event.form_out.value if event.form_out else None,
        "notes": event.notes,
        "amends_id": event.amends_id,
        "void": event.void,
        "related": [
            {"lot_id": s.lot_id, "code": s.code, "kg": format(s.kg, "f")} for s in event.related
        ],
        "recorded_at": event.recorded_at,
        "content_hash": event.content_hash,
        "prev_hash": event.prev_hash,
    }


def print_chain(code: str, status: ChainStatus, out: TextIO) -> None:
    if status.intact:
        print(f"chain intact: {status.count} events, head {status.head_hash[:16]}", file=out)
        return
    for problem in status.problems:
        values = {"lot": code, "seq": problem.seq, "stage": problem.stage}
        print(say(CHAIN_PROBLEMS, f"custody_{problem.code}", values), file=out)


def print_verdict(code: str, name: str, verdict: Verdict, out: TextIO) -> None:
    level = verdict.traceability.value.replace("_", " ")
    print(f"{code} {name}", file=out)
    print(
        f"  {say(OVERALL, verdict.overall.value, {})} ({verdict.met_count} of 6 met; {level})",
        file=out,
    )
    for hallmark in verdict.hallmarks:
        evidence = "; ".join(say(FACTS, f.code, f.values) for f in hallmark.evidence)
        status = STATUSES.get(hallmark.status, hallmark.status)
        print(f"  {status:<13} {HALLMARKS[hallmark.name.value]}: {evidence}", file=out)
    if verdict.red_flags:
        print("red flags:", file=out)
        for flag in verdict.red_flags:
            print(f"  - {say(RED_FLAGS, flag.code, flag.values)}", file=out)
    for warning in verdict.warnings:
        print(f"warning: {say(WARNINGS, warning.code, warning.values)}", file=out)


def write_problems(lines: list[str]) -> None:
    for line in lines:
        print(f"microlot-desk: {line}", file=sys.stderr)


def geo_line(code: str, values: Any) -> str:
    return say(GEO_PROBLEMS, code, values)
