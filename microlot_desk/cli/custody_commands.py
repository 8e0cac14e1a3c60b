"""`custody add|amend|list|check|split|merge` and `evidence add|list|export`.

custody add takes one event as a JSON object, or several as an array (one transaction). Every
event's fields: stage, started, ended (ISO 8601 with an offset, or a date), utc_offset, place,
responsible, kg_in, form_in, kg_out, form_out (cherry, parchment, green), notes.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.atomic_files import write_atomic
from microlot_desk.cli.common import opened, pad, print_json, read_json_input
from microlot_desk.cli.provenance_text import (
    event_json,
    print_chain,
    write_problems,
)
from microlot_desk.domain.evidence import EvidenceKind, TargetType
from microlot_desk.errors import BadInputFile, KnownError
from microlot_desk.paths import AppPaths
from microlot_desk.provenance_messages import FACTS, WARNINGS, say
from microlot_desk.services.provenance.evidence_service import read_evidence_file


def register(commands: Any) -> None:
    custody = commands.add_parser("custody", help="the chain of custody of a lot")
    actions = custody.add_subparsers(dest="custody_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record custody events (a JSON object or array)")
    add.add_argument("code")
    _json_input(add)
    add.set_defaults(handler=_add)
    amend = actions.add_parser("amend", help="correct an event with a new one (JSON object)")
    amend.add_argument("event", metavar="EVENT_ID")
    _json_input(amend)
    amend.set_defaults(handler=_amend)
    listing = actions.add_parser("list", help="a lot's custody history, amendments included")
    listing.add_argument("code")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    check = actions.add_parser("check", help="check a lot's hash chain and mass balance")
    check.add_argument("code")
    check.set_defaults(handler=_check)
    split = actions.add_parser("split", help='split into sub-lots: {"parts": [{"kg": ...}]}')
    split.add_argument("code")
    _json_input(split)
    split.set_defaults(handler=_split)
    merge = actions.add_parser("merge", help='record a merge: {"with": [...], ...}')
    merge.add_argument("code")
    _json_input(merge)
    merge.set_defaults(handler=_merge)

    evidence = commands.add_parser("evidence", help="photos and documents of a lot")
    ev = evidence.add_subparsers(dest="evidence_command", metavar="ACTION", required=True)
    attach = ev.add_parser("add", help="attach a photo or a PDF to a lot (or its plot, ...)")
    attach.add_argument("code")
    attach.add_argument("file", type=Path)
    attach.add_argument("--kind", choices=[k.value for k in EvidenceKind], default="photo")
    target = attach.add_mutually_exclusive_group()
    target.add_argument("--plot", metavar="NAME", help="attach to this plot of the lot")
    target.add_argument("--producer", action="store_true", help="attach to the lot's producer")
    target.add_argument("--event", metavar="EVENT_ID", help="attach to a custody event")
    attach.add_argument("--caption", default="")
    attach.set_defaults(handler=_evidence_add)
    shown = ev.add_parser("list", help="everything attached to a lot")
    shown.add_argument("code")
    shown.add_argument("--json", action="store_true")
    shown.set_defaults(handler=_evidence_list)
    share = ev.add_parser("export", help="a copy to share (photos without their GPS)")
    share.add_argument("attachment", metavar="ATTACHMENT_ID")
    share.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    share.set_defaults(handler=_evidence_export)


def _json_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", dest="json_file", required=True, metavar="FILE", help="a JSON file, or -"
    )


def _object(args: argparse.Namespace) -> dict[str, Any]:
    raw = read_json_input(args.json_file)
    if not isinstance(raw, dict):
        raise BadInputFile(source=args.json_file, detail="expected a JSON object")
    return raw


def _add(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    raw = read_json_input(args.json_file)
    if not isinstance(raw, dict | list) or (isinstance(raw, list) and not raw):
        raise BadInputFile(source=args.json_file, detail="expected an event object or an array")
    with opened(paths, write=True) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        if isinstance(raw, dict):
            events = [workspace.custody.add_event(lot.id, raw)]
        else:
            if not all(isinstance(item, dict) for item in raw):
                raise BadInputFile(source=args.json_file, detail="expected event objects")
            events = workspace.custody.add_events(lot.id, raw)
    for event in events:
        print(f"{event.seq:>3} {event.stage:<14} {event.id}", file=out)
    return 0


def _amend(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    raw = _object(args)
    with opened(paths, write=True) as workspace:
        event = workspace.custody.amend(args.event, raw)
    print(f"{event.seq:>3} {event.stage:<14} {event.id} amends {event.amends_id}", file=out)
    return 0


def _list(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        history = workspace.custody.history(lot.id)
        status = workspace.custody.chain_status(lot.id)
    if args.json:
        print_json(
            {
                "lot": lot.code,
                "chain_intact": status.intact,
                "head": status.head_hash,
                "events": [
                    {
                        **event_json(line.event),
                        "in_force": line.in_force,
                        "amended_by": list(line.amended_by),
                    }
                    for line in history
                ],
            },
            out,
        )
        return 0
    for line in history:
        e = line.event
        start = e.started.local().strftime("%Y-%m-%d %H:%M") if e.started else "-"
        weights = f"{e.kg_in or '-'} {e.form_in or ''} → {e.kg_out or '-'} {e.form_out or ''}"
        mark = " " if line.in_force else "~"
        label = e.stage or e.kind.value
        note = f" amends #{_seq_of(history, e.amends_id)}" if e.amends_id else ""
        print(
            f"{mark}{e.seq:>3} {start:<16} {pad(label, 12)} {pad(weights.strip(), 34)} "
            f"{pad(e.place, 24)} {e.responsible}{note}",
            file=out,
        )
    print_chain(lot.code, status, out)
    return 0


def _seq_of(history: Any, event_id: str | None) -> str:
    return next((str(line.event.seq) for line in history if line.event.id == event_id), "?")


def _check(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        status = workspace.custody.chain_status(lot.id)
        balance = workspace.custody.balance(lot.id)
    print_chain(lot.code, status, out)
    for finding in (*balance.blend_signals, *balance.gaps):
        print(f"  {say(FACTS, finding.code, finding.values)}", file=out)
    for finding in balance.yield_warnings:
        print(f"  warning: {say(WARNINGS, finding.code, finding.values)}", file=out)
    return 0 if status.intact else 1


def _split(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    raw = _object(args)
    parts = raw.get("parts")
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        raise BadInputFile(source=args.json_file, detail='expected {"parts": [{"kg": ...}]}')
    event = raw.get("event") or {}
    if not isinstance(event, dict) or set(raw) - {"parts", "event"}:
        raise BadInputFile(source=args.json_file, detail='only "parts" and "event" are read')
    with opened(paths, write=True) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        result = workspace.lineage.split(lot.id, parts, event)
    for child in result.sub_lots:
        print(f"{child.code} {child.green_kg} kg", file=out)
    return 0


def _merge(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    raw = _object(args)
    with opened(paths, write=True) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        event = workspace.lineage.record_merge(lot.id, raw)
        level = workspace.lineage.lineage(lot.id).level
    print(f"{event.seq:>3} merge {event.id} ({level.value})", file=out)
    return 0


def _evidence_add(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=True) as workspace:
        data = read_evidence_file(args.file, max_bytes=workspace.evidence.max_bytes())
        lot = workspace.lots.get_by_code(args.code)
        target_type, target_id = TargetType.LOT, lot.id
        if args.plot:
            target_type, target_id = TargetType.PLOT, workspace.plots.plot(lot, args.plot).id
        elif args.producer and lot.producer is not None:
            target_type, target_id = TargetType.PRODUCER, lot.producer.id
        elif args.event:
            target_type, target_id = TargetType.EVENT, args.event
        attachment = workspace.evidence.attach(
            target_type,
            target_id,
            data,
            kind=EvidenceKind(args.kind),
            name=args.file.name,
            caption=args.caption,
        )
        fit = workspace.evidence.photo_position(attachment.id) if attachment.gps else None
    print(f"{attachment.id} {attachment.sha256}", file=out)
    if fit is not None:
        where = f" ({fit.distance_m} m)" if fit.distance_m else ""
        print(f"GPS {attachment.gps.lat}, {attachment.gps.lon}: {fit.fit.value}{where}", file=out)  # type: ignore[union-attr]
    return 0


def _evidence_list(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        items = workspace.evidence.of_lot(lot.id)
    rows = [
        {
            "id": a.id,
            "kind": a.kind.value,
            "attached_to": a.target_type.value,
            "name": a.name,
            "media_type": a.media_type.value,
            "size_bytes": a.size_bytes,
            "sha256": a.sha256,
            "gps": [str(a.gps.lat), str(a.gps.lon)] if a.gps else None,
        }
        for a in items
    ]
    if args.json:
        print_json(rows, out)
        return 0
    for row in rows:
        print(
            f"{row['id']} {row['kind']:<13} {row['attached_to']:<8} {pad(str(row['name']), 28)} "
            f"{row['size_bytes']:>9} B {str(row['sha256'])[:16]}",
            file=out,
        )
    return 0


def _evidence_export(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        data = workspace.evidence.shareable(args.attachment)
    write_atomic(args.output, data)
    print(args.output, file=out)
    return 0


__all__ = ["KnownError", "register", "write_problems"]
