"""`settings show|set`: this station's name, lot-code pattern and size thresholds."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from microlot_desk.cli.common import opened, print_json
from microlot_desk.paths import AppPaths
from microlot_desk.services.settings.station_settings import (
    EDITABLE,
    change_setting,
    current_settings,
)


def register(commands: Any) -> None:
    settings = commands.add_parser(
        "settings", help="this station's name, lot-code pattern and size thresholds"
    ).add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = settings.add_parser("show", help="print the settings")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    change = settings.add_parser(
        "set",
        help="change one setting",
        description="Settings: " + "; ".join(f"{k}: {v}" for k, v in EDITABLE.items()),
    )
    change.add_argument("key", choices=sorted(EDITABLE))
    change.add_argument("value")
    change.set_defaults(handler=_set)


def _show(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        values = current_settings(workspace.database)
    if args.json:
        print_json(values, out)
    else:
        for key, value in values.items():
            print(f"{key:<22} {value}", file=out)
    return 0


def _set(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=True) as workspace:
        change_setting(workspace.database, args.key, args.value)
        value = current_settings(workspace.database)[args.key]
    print(f"{args.key} = {value}", file=out)
    return 0
