"""`keys show|list|trust|forget`: this station's fingerprint, and the stations it trusts."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from microlot_desk.cli.common import opened, print_json
from microlot_desk.paths import AppPaths
from microlot_desk.services.exchange.station_identity import TrustedStations, station_identity


def register(commands: Any) -> None:
    keys = commands.add_parser(
        "keys", help="this station's key fingerprint, and the stations it trusts"
    ).add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    show = keys.add_parser(
        "show", help="this station's fingerprint (on a line of its own), name and key file"
    )
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    listed = keys.add_parser("list", help="the trusted stations, in the order trusted")
    listed.add_argument("--json", action="store_true")
    listed.set_defaults(handler=_list)
    trust = keys.add_parser(
        "trust",
        help="trust a station by its fingerprint (compare it with the sender first, e.g. by "
        "phone); again to rename it",
    )
    trust.add_argument("fingerprint", metavar="FINGERPRINT")
    trust.add_argument("--name", default="", help="who it is, e.g. 'Finca La Esperanza'")
    trust.set_defaults(handler=_trust)
    forget = keys.add_parser("forget", help="stop trusting a station")
    forget.add_argument("fingerprint", metavar="FINGERPRINT")
    forget.set_defaults(handler=_forget)


def _show(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        me = station_identity(workspace.database)
    if args.json:
        print_json(
            {
                "fingerprint": me.fingerprint,
                "station": me.name,
                "public_key": me.public_key.hex(),
                "key_file": str(me.key_file),
            },
            out,
        )
    else:
        print(me.fingerprint, file=out)
        print(f"station  {me.name or '(no name yet: settings set station_name NAME)'}", file=out)
        print(f"key file {me.key_file}", file=out)
    return 0


def _list(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        stations = TrustedStations(workspace.database).all()
    if args.json:
        print_json(
            [
                {"fingerprint": s.fingerprint, "name": s.name, "trusted_at": s.trusted_at}
                for s in stations
            ],
            out,
        )
    elif not stations:
        print("no trusted stations yet (keys trust FINGERPRINT --name NAME)", file=out)
    for station in stations if not args.json else ():
        print(f"{station.fingerprint}  {station.trusted_at[:10]}  {station.name}", file=out)
    return 0


def _trust(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=True) as workspace:
        station = TrustedStations(workspace.database).trust(args.fingerprint, args.name)
    print(f"trusted {station.fingerprint} {station.name}".rstrip(), file=out)
    return 0


def _forget(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=True) as workspace:
        station = TrustedStations(workspace.database).forget(args.fingerprint)
    print(f"no longer trusted: {station.fingerprint} {station.name}".rstrip(), file=out)
    return 0
