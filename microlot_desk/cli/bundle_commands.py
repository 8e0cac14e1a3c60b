"""`bundle export|verify|import|conflicts|resolve`: lots as a signed `.mlot` file for another
station; checking one that arrived (whole, unaltered, and from whom) without writing anything;
merging it in (or previewing the merge); and settling the conflicts a merge left.

`bundle import` exits 3 while conflicts remain open (the local values stay meanwhile)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from microlot_desk.cli.common import opened, print_json
from microlot_desk.paths import AppPaths

if TYPE_CHECKING:
    from microlot_desk.services.exchange.bundle_import import ImportReport


def register(commands: Any) -> None:
    bundle = commands.add_parser(
        "bundle", help="signed lot bundles (.mlot) between stations"
    ).add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    export = bundle.add_parser(
        "export",
        help="the lots (every lot when no code is given) with their plots, custody, cupping "
        "and evidence files, signed by this station",
    )
    export.add_argument("codes", nargs="*", metavar="CODE")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.mlot")
    export.set_defaults(handler=_export)
    verify = bundle.add_parser(
        "verify", help="check a bundle: whole, unaltered, signed by whom; writes nothing"
    )
    verify.add_argument("file", type=Path, metavar="FILE.mlot")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_verify)
    imports = bundle.add_parser(
        "import",
        help="merge a bundle from a trusted station (new, updated, unchanged and conflicting "
        "records); exit 3 when conflicts remain",
    )
    imports.add_argument("file", type=Path, metavar="FILE.mlot")
    imports.add_argument(
        "--dry-run", action="store_true", help="only say what the import would change"
    )
    imports.add_argument("--json", action="store_true")
    imports.set_defaults(handler=_import)
    conflicts = bundle.add_parser(
        "conflicts", help="the open conflicts: both values of each, and who sent theirs"
    )
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=_conflicts)
    resolve = bundle.add_parser("resolve", help="settle a conflict by keeping one side")
    resolve.add_argument("conflict_id", metavar="ID")
    resolve.add_argument("--keep", required=True, choices=("mine", "theirs"))
    resolve.set_defaults(handler=_resolve)


CONFLICTS_REMAIN = 3


def _export(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.exchange.bundle_export import export_bundle

    with opened(paths, write=False) as workspace:
        done = export_bundle(
            workspace.database,
            list(dict.fromkeys(args.codes)) or None,
            args.output,
            clock=workspace.database.clock,
        )
    print(args.output, file=out)
    evidence = f", {done.evidence_files} evidence file(s)" if done.evidence_files else ""
    print(f"{done.lots} lot(s){evidence}", file=sys.stderr)
    if not done.kept_copies:
        print(
            "microlot-desk: the database was open read-only (the app has it), so the copies "
            "sent were not noted: when the receiver's changes come back, every field that "
            "differs is shown as a conflict. Export from the app, or close it first.",
            file=sys.stderr,
        )
    return 0


def _verify(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.messages import describe_reasoned
    from microlot_desk.services.exchange.bundle_check import check_bundle

    with opened(paths, write=False) as workspace:
        checked = check_bundle(workspace.database, args.file)
    sender = checked.sender
    if args.json:
        print_json(
            {
                "file": str(checked.path),
                "intact": True,
                "signed_by": {"station": sender.station, "fingerprint": sender.fingerprint},
                "trusted": checked.trusted is not None,
                "trusted_as": checked.trusted.name if checked.trusted else None,
                "own_key": checked.own_key,
                "created_at": checked.created_at,
                "app_version": checked.app_version,
                "lots": list(checked.lot_codes),
                "records": checked.records,
                "evidence_files": checked.evidence_files,
                "signed_chain_heads": checked.chains,
            },
            out,
        )
    else:
        station = sender.station or "an unnamed station"
        print(f"intact: every member matches the manifest signed by {station}", file=out)
        print(f"fingerprint {sender.fingerprint}", file=out)
        print(f"made {checked.created_at} by microlot_desk {checked.app_version}", file=out)
        codes = ", ".join(checked.lot_codes[:10])
        more = f" and {len(checked.lot_codes) - 10} more" if len(checked.lot_codes) > 10 else ""
        print(f"{len(checked.lot_codes)} lot(s): {codes}{more}", file=out)
        print(
            f"{sum(checked.records.values())} record(s), {checked.evidence_files} evidence "
            f"file(s), {checked.chains} signed custody chain head(s)",
            file=out,
        )
        if checked.own_key:
            print("trusted: yes, signed with this station's own key", file=out)
        elif checked.trusted is not None:
            print(f"trusted: yes, as {checked.trusted.name or sender.fingerprint}", file=out)
    if checked.trusted is None:
        reason = describe_reasoned(
            "bundle_refused",
            {"source": str(args.file), "reason": "untrusted", "detail": sender.fingerprint},
        ).replace(" was refused:", " would be refused:")
        print(f"microlot-desk: {reason}", file=sys.stderr)
        return 1
    return 0


def _import(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.exchange.bundle_import import import_bundle

    with opened(paths, write=True) as workspace:
        report = import_bundle(
            workspace.database,
            args.file,
            clock=workspace.database.clock,
            dry_run=args.dry_run,
            forms=workspace.forms_provider,
        )
    if args.json:
        print_json(
            {
                "file": str(report.path),
                "dry_run": report.dry_run,
                "signed_by": {
                    "station": report.sender.station,
                    "fingerprint": report.sender.fingerprint,
                },
                "lots": list(report.lot_codes),
                "records": {table: vars(counts) for table, counts in report.tables.items()},
                "files_added": report.files_added,
                "conflicts": report.conflicts,
                "conflicts_open": report.conflicts_open,
            },
            out,
        )
    else:
        _print_report(report, out)
    return CONFLICTS_REMAIN if report.conflicts_open and not report.dry_run else 0


def _print_report(report: ImportReport, out: TextIO) -> None:
    station = report.trusted_as or report.sender.station or report.sender.fingerprint
    print(f"{report.path}: {len(report.lot_codes)} lot(s) from {station}", file=out)
    for table, counts in report.tables.items():
        parts = [
            f"{n} {what}"
            for n, what in (
                (counts.new, "new"),
                (counts.updated, "updated"),
                (counts.unchanged, "unchanged"),
                (counts.older, "older than here"),
                (counts.conflicts, "in conflict"),
            )
            if n
        ]
        if parts:
            print(f"  {table.replace('_', ' ')}: {', '.join(parts)}", file=out)
    files = "to add" if report.dry_run else "added"
    print(f"  evidence files {files}: {report.files_added}", file=out)
    if report.dry_run and report.conflicts:
        print(f"  {report.conflicts} record(s) would be in conflict", file=out)
    if not report.changed and not report.conflicts:
        print("nothing new: every record is already here", file=out)
    elif report.dry_run:
        print("a dry run: nothing was written", file=out)
    if report.conflicts_open:
        print(
            f"{report.conflicts_open} conflict(s) open: the values here stay until you choose"
            " (bundle conflicts; bundle resolve ID --keep mine|theirs)",
            file=out,
        )


def _conflicts(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.exchange.merge_conflicts import open_conflicts

    with opened(paths, write=False) as workspace:
        found = open_conflicts(workspace.database)
    if args.json:
        print_json(
            [
                {
                    "id": c.id,
                    "record": c.label,
                    "table": c.table,
                    "field": c.field,
                    "mine": c.mine,
                    "theirs": c.theirs,
                    "from": {"station": c.station, "fingerprint": c.fingerprint},
                    "found_at": c.found_at,
                    "history": c.history,
                }
                for c in found
            ],
            out,
        )
        return 0
    if not found:
        print("no open conflicts", file=out)
    for c in found:
        print(f"{c.id}  {c.label}, {c.field}", file=out)
        print(f"    mine:   {_shown(c.mine)}", file=out)
        print(f"    theirs: {_shown(c.theirs)}  (from {c.station or c.fingerprint})", file=out)
    return 0


def _shown(value: object) -> str:
    import json

    return "(empty)" if value is None else json.dumps(value, ensure_ascii=False)


def _resolve(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.exchange.merge_conflicts import resolve_conflict

    with opened(paths, write=True) as workspace:
        settled = resolve_conflict(
            workspace.database,
            args.conflict_id,
            args.keep,
            clock=workspace.database.clock,
            forms=workspace.forms_provider,
        )
    kept = settled.mine if args.keep == "mine" else settled.theirs
    print(f"{settled.label}, {settled.field}: kept {args.keep} ({_shown(kept)})", file=out)
    return 0
