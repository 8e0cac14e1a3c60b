"""`verify sheet FILE`: hold a provenance sheet (the PDF, a scan, or a photo of the printed
page) to the records this station holds. Exit 0 when it matches them (as they are, or as they
were when it was printed), 1 when it differs or names a lot this station does not hold."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.common import opened, print_json
from microlot_desk.paths import AppPaths


def register(commands: Any) -> None:
    verify = commands.add_parser(
        "verify", help="check a provenance sheet against this station's records"
    ).add_subparsers(dest="verify_command", metavar="WHAT", required=True)
    sheet = verify.add_parser(
        "sheet",
        help="a provenance sheet: the PDF, or a scan or photo of the printed page (its QR code)",
    )
    sheet.add_argument("file", type=Path, metavar="FILE")
    sheet.add_argument("--json", action="store_true")
    sheet.set_defaults(handler=_sheet)


def _sheet(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.printing.sheet_verification import verdict_sentence, verify_sheet

    with opened(paths, write=False) as workspace:
        verdict = verify_sheet(workspace.printing, args.file)
    if args.json:
        print_json(
            {
                "file": str(args.file),
                "outcome": verdict.outcome,
                "verified": verdict.verified,
                "lot": {"code": verdict.code, "id": verdict.lot_id},
                "read_from": verdict.source,
                "signed_by": {"station": verdict.station, "fingerprint": verdict.fingerprint},
                "signed_at": verdict.signed_at or None,
                "recorded_here": verdict.recorded_here,
                "as_of": verdict.as_of or None,
                "events_since": verdict.events_since,
                "sections_differing": list(verdict.sections),
            },
            out,
        )
    else:
        print(verdict_sentence(verdict), file=out)
    return 0 if verdict.verified else 1
