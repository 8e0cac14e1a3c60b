"""`lots edit CODE --set FIELD=VALUE...`: change a lot's fields from the command line, checked
by the same rules as the lot editor, all in one transaction (one bad field changes nothing)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from microlot_desk.cli.common import opened
from microlot_desk.paths import AppPaths


def _field_value(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not FIELD=VALUE (e.g. green_kg=420)")
    return name.strip(), value


def add_lot_edit(lots: Any) -> None:
    edit = lots.add_parser(
        "edit",
        help="change fields of a lot, e.g. --set green_kg=420 --set process=washed "
        "(an empty value clears the field)",
    )
    edit.add_argument("code")
    edit.add_argument(
        "--set",
        dest="changes",
        action="append",
        required=True,
        type=_field_value,
        metavar="FIELD=VALUE",
    )
    edit.set_defaults(handler=_lots_edit)


def _lots_edit(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.export.lots.lot_json import lot_to_json

    changes = dict(args.changes)
    with opened(paths, write=True) as workspace:
        lots = workspace.lots
        before = lot_to_json(lots.get_by_code(args.code))
        saved = lots.update_fields(str(before["id"]), changes)
        after = lot_to_json(saved)
    changed = [key for key in after if key not in ("updated_at",) and after[key] != before[key]]
    if not changed:
        print(f"{saved.code}: nothing changed", file=out)
    for key in changed:
        print(f"{saved.code} {key}: {_shown(before[key])} -> {_shown(after[key])}", file=out)
    return 0


def _shown(value: object) -> str:
    return "(empty)" if value in (None, "", []) else str(value)
