"""`lots list|show|add` and `demo`."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from microlot_desk.cli.common import opened, pad, print_json, read_json_input
from microlot_desk.cli.lot_edit_command import add_lot_edit
from microlot_desk.cli.plot_commands import LOT_ACTIONS
from microlot_desk.domain.lot_query import UNASSESSED, LotQuery
from microlot_desk.domain.size_classes import SizeClass
from microlot_desk.domain.verdict_overall import Overall
from microlot_desk.errors import BadInputFile
from microlot_desk.export.lots.lot_json import lot_to_json, summary_to_json
from microlot_desk.paths import AppPaths
from microlot_desk.services.demo.demo_data import load_demo


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="load the demo lots (safe to run twice)")
    demo.set_defaults(handler=_demo)

    lots = commands.add_parser("lots", help="list, show, add and edit lots").add_subparsers(
        dest="lots_command", metavar="ACTION", required=True
    )
    listing = lots.add_parser("list", help="list lots, optionally searched and filtered")
    listing.add_argument("--search", default="", help="text; accents and case are ignored")
    listing.add_argument("--country", default="", help="ISO country code, e.g. CO")
    listing.add_argument("--process", default="", help="e.g. washed, natural, honey_red")
    listing.add_argument("--variety", default="", help="e.g. Gesha")
    listing.add_argument("--size-class", choices=[s.value for s in SizeClass])
    listing.add_argument(
        "--verdict",
        choices=[*(o.value for o in Overall), UNASSESSED],
        help="the micro-lot verdict stored with each lot",
    )
    listing.add_argument("--limit", type=int, default=1000, help="at most this many (default 1000)")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_lots_list)

    show = lots.add_parser("show", help="show one lot by its code")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_lots_show)

    add = lots.add_parser("add", help="add a lot from a JSON object; prints its code")
    add.add_argument(
        "--json",
        dest="json_file",
        required=True,
        metavar="FILE",
        help="a JSON file, or - for stdin",
    )
    add.set_defaults(handler=_lots_add)
    add_lot_edit(lots)
    for adder in LOT_ACTIONS:
        adder(lots)


def _demo(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=True) as workspace:
        added = load_demo(workspace.lots)
        total = workspace.lots.total()
    print(f"demo data: {added} lots added, {total} lots in {paths.database}", file=out)
    return 0


def _lots_list(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    query = LotQuery(
        search=args.search,
        country=args.country.upper(),
        process=args.process,
        variety=args.variety,
        size_class=SizeClass(args.size_class) if args.size_class else None,
        verdict=args.verdict or "",
    )
    with opened(paths, write=False) as workspace:
        lots = workspace.lots
        rows = lots.page(query, 0, max(args.limit, 0))
        thresholds = lots.station.thresholds
    if args.json:
        print_json([summary_to_json(row, thresholds) for row in rows], out)
        return 0
    for row in rows:
        size = row.size_class(thresholds)
        weight = f"{row.green_kg} kg" if row.green_kg is not None else "-"
        print(
            f"{pad(row.code, 14)} {pad(row.name, 32)} {pad(row.producer, 28)} "
            f"{pad(row.country, 2)} {weight:>10} {size.value if size else '-'}",
            file=out,
        )
    return 0


def _lots_show(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.exchange.lot_origins import lot_origin

    with opened(paths, write=False) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        data = lot_to_json(lot, workspace.lots.station.thresholds)
        origin = lot_origin(workspace.database, lot.id)
    if origin is not None:
        data["recorded_at"] = {
            "station": origin.station,
            "fingerprint": origin.fingerprint,
            "signed_at": origin.signed_at,
            "received_at": origin.received_at,
        }
    if args.json:
        print_json(data, out)
        return 0
    for key, value in data.items():
        if value in (None, "", []):
            continue
        if key == "recorded_at" and isinstance(value, dict):
            value = f"{value['station']}, signed {value['fingerprint']}"
        elif isinstance(value, list):
            value = json.dumps(value, ensure_ascii=False)
        print(f"{key:<18} {value}", file=out)
    return 0


def _lots_add(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    raw = read_json_input(args.json_file)
    if not isinstance(raw, dict):
        raise BadInputFile(source=args.json_file, detail="expected a JSON object of lot fields")
    with opened(paths, write=True) as workspace:
        lot = workspace.lots.add_lot(raw)
    print(lot.code, file=out)
    return 0
