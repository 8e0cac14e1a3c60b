"""`export csv|xlsx [CODE...] -o FILE`: lots and their latest panel scores for a spreadsheet;
`import csv|xlsx FILE [--map JSON] [--dry-run] [--json]`: lots from one, every refused row
named (row, column, reason), the good rows added in one transaction. Exit 3 when rows were
refused (the good ones are added all the same; with --dry-run nothing is)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.common import opened, print_json, read_json_input
from microlot_desk.errors import BadInputFile
from microlot_desk.paths import AppPaths


def _add(kind: str) -> Callable[[Any], None]:
    def add(actions: Any) -> None:
        parser = actions.add_parser(
            kind,
            help=f"lots (every lot when no code is given) and their latest panel score as "
            f"{kind.upper()}; text that a spreadsheet would run as a formula is kept as text",
        )
        parser.add_argument("codes", nargs="*", metavar="CODE")
        parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
        parser.set_defaults(handler=_export, kind=kind)

    return add


def _export(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.exchange.spreadsheet_export import export_lots_table

    with opened(paths, write=False) as workspace:
        export_lots_table(
            workspace.lots,
            workspace.cupping.lots_history,
            args.codes or None,
            args.output,
            kind=args.kind,
        )
    print(args.output, file=out)
    return 0


SPREADSHEET_EXPORTS = (_add("csv"), _add("xlsx"))


def _add_import(kind: str) -> Callable[[Any], None]:
    def add(sources: Any) -> None:
        parser = sources.add_parser(
            kind,
            help=f"lots from a {kind.upper()} table, one row each; refused rows are named "
            "and the good ones added (exit status 3 when some were refused)",
        )
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--map",
            metavar="JSON",
            help='which column holds which lot field, e.g. {"Lote": "code", "Kilos": '
            '"green_kg", "Comentario": ""} (a file, or - for stdin; "" ignores a column); '
            "without it the mapping remembered for these headers, or one guessed from them",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only report what would be imported"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.set_defaults(handler=_import, kind=kind)

    return add


SOME_ROWS_REFUSED = 3


def _import(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.messages import field_reason
    from microlot_desk.services.exchange.spreadsheet_import import import_lots_table

    mapping = _mapping(args.map) if args.map is not None else None
    with opened(paths, write=True) as workspace:
        report = import_lots_table(
            workspace.lots, args.file, args.kind, mapping=mapping, dry_run=args.dry_run
        )
    refused = [
        {"row": c.row, "column": c.column, "reason": field_reason(c.error)} for c in report.refused
    ]
    if args.json:
        print_json(
            {
                "file": str(report.path),
                "dry_run": report.dry_run,
                "mapping": report.mapping,
                "rows": report.rows,
                "imported": report.imported,
                "refused": refused,
            },
            out,
        )
    else:
        verb = "would be added" if report.dry_run else "added"
        print(
            f"{report.path}: {report.rows} row(s); {len(report.imported)} lot(s) {verb}", file=out
        )
        for cell in refused:
            print(f"  row {cell['row']}, {cell['column']}: {cell['reason']}", file=out)
        if report.dry_run:
            print("a dry run: nothing was written", file=out)
    return SOME_ROWS_REFUSED if report.refused else 0


def _mapping(given: str) -> dict[str, str]:
    """--map: inline JSON (it starts with "{"), or a JSON file or - for stdin."""
    from microlot_desk.domain.strict_json import JsonInputError, loads_strict

    if given.lstrip().startswith("{"):
        try:
            mapping = loads_strict(given)
        except JsonInputError as error:
            raise BadInputFile(source="--map", detail=str(error)) from None
    else:
        mapping = read_json_input(given)
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise BadInputFile(
            source="--map", detail="expected an object from column header to lot field"
        )
    return mapping


SPREADSHEET_IMPORTS = (_add_import("csv"), _add_import("xlsx"))
