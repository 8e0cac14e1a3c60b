"""`export csv|xlsx [CODE...] -o FILE`: lots and their latest panel scores for a spreadsheet."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.common import opened
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
