"""`bundle export|verify`: lots as a signed `.mlot` file for another station, and checking one
that arrived (whole, unaltered, and from whom) without writing anything."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.common import opened, print_json
from microlot_desk.paths import AppPaths


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
