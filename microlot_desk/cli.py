"""The headless face of the app: the same services as the GUI, driven from a terminal or a script.

Exit codes: 0 done, 1 refused (bad input, damaged or locked file; nothing was written),
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from microlot_desk import __version__
from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.domain.size_classes import SizeClass
from microlot_desk.domain.strict_json import JsonInputError, loads_strict
from microlot_desk.errors import BadInputFile, DatabaseLocked, KnownError, ValidationFailed
from microlot_desk.export.lot_json import lot_to_json, summary_to_json
from microlot_desk.messages import describe
from microlot_desk.paths import AppPaths, app_paths
from microlot_desk.services import maintenance
from microlot_desk.services.demo_data import load_demo
from microlot_desk.services.lot_service import LotService
from microlot_desk.storage.database import OpenDatabase, open_database


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microlot-desk",
        description="Records, cupping and provenance for specialty-coffee micro-lots. "
        "With no command, the desktop app opens.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="folder holding the database and backups")
    parser.add_argument("--version", action="version", version=f"microlot-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="load the demo lots (safe to run twice)")
    demo.set_defaults(handler=_demo)

    lots = commands.add_parser("lots", help="list, show and add lots").add_subparsers(
        dest="lots_command", metavar="ACTION", required=True
    )
    listing = lots.add_parser("list", help="list lots, optionally searched and filtered")
    listing.add_argument("--search", default="", help="text; accents and case are ignored")
    listing.add_argument("--country", default="", help="ISO country code, e.g. CO")
    listing.add_argument("--process", default="", help="e.g. washed, natural, honey_red")
    listing.add_argument("--variety", default="", help="e.g. Gesha")
    listing.add_argument("--size-class", choices=[s.value for s in SizeClass])
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
        help="a JSON file, or - for standard input",
    )
    add.set_defaults(handler=_lots_add)

    db = commands.add_parser("db", help="check, back up and restore the database").add_subparsers(
        dest="db_command", metavar="ACTION", required=True
    )
    db.add_parser("check", help="full integrity check; non-zero exit when damaged").set_defaults(
        handler=_db_check
    )
    db.add_parser("backup", help="write a backup copy now").set_defaults(handler=_db_backup)
    db.add_parser("backups", help="list backup copies, newest first").set_defaults(
        handler=_db_backups
    )
    restore = db.add_parser("restore", help="replace the database with a backup copy")
    restore.add_argument("backup", type=Path)
    restore.set_defaults(handler=_db_restore)
    return parser


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    handler: Callable[[argparse.Namespace, AppPaths, TextIO], int] = args.handler
    try:
        return handler(args, app_paths(args.data_dir), out)
    except KnownError as error:
        print(f"microlot-desk: {describe(error)}", file=err)
        return 1
    except BrokenPipeError:
        return 0


@contextmanager
def _opened(paths: AppPaths, *, write: bool) -> Iterator[OpenDatabase]:
    """Open for writing; a reading command falls back to read-only when another instance
    has the file, so `lots list` still works while the GUI is open."""
    try:
        database = open_database(paths.database)
    except DatabaseLocked:
        if write or not paths.database.exists():
            raise
        database = open_database(paths.database, read_only=True)
    try:
        yield database
    finally:
        database.close()


def _print_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _demo(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with _opened(paths, write=True) as database:
        lots = LotService(database)
        added = load_demo(lots)
        print(f"demo data: {added} lots added, {lots.total()} lots in {paths.database}", file=out)
    return 0


def _lots_list(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    query = LotQuery(
        search=args.search,
        country=args.country.upper(),
        process=args.process,
        variety=args.variety,
        size_class=SizeClass(args.size_class) if args.size_class else None,
    )
    with _opened(paths, write=False) as database:
        lots = LotService(database)
        rows = lots.page(query, 0, max(args.limit, 0))
        thresholds = lots.station.thresholds
        if args.json:
            _print_json([summary_to_json(row, thresholds) for row in rows], out)
            return 0
        for row in rows:
            size = row.size_class(thresholds)
            weight = f"{row.green_kg} kg" if row.green_kg is not None else "-"
            print(
                f"{row.code:<14} {row.name[:32]:<32} {row.producer[:28]:<28} {row.country:<2} "
                f"{weight:>10} {size.value if size else '-'}",
                file=out,
            )
    return 0


def _lots_show(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with _opened(paths, write=False) as database:
        lots = LotService(database)
        lot = lots.get_by_code(args.code)
        data = lot_to_json(lot, lots.station.thresholds)
    if args.json:
        _print_json(data, out)
        return 0
    for key, value in data.items():
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = json.dumps(value, ensure_ascii=False)
        print(f"{key:<18} {value}", file=out)
    return 0


def _read_json_input(source: str) -> Any:
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise BadInputFile(source=source, detail=exc.strerror or str(exc)) from exc
    try:
        return loads_strict(data)
    except JsonInputError as exc:
        raise BadInputFile(source=source, detail=f"not valid JSON ({exc})") from exc


def _lots_add(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    raw = _read_json_input(args.json_file)
    if not isinstance(raw, dict):
        raise BadInputFile(source=args.json_file, detail="expected a JSON object of lot fields")
    with _opened(paths, write=True) as database:
        lot = LotService(database).add_lot(raw)
    print(lot.code, file=out)
    return 0


def _db_check(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with _opened(paths, write=False) as database:
        problems = maintenance.check(database)
    for line in problems:
        print(line, file=out)
    return 0 if problems == ["ok"] else 1


def _db_backup(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with _opened(paths, write=False) as database:
        print(maintenance.backup_now(database), file=out)
    return 0


def _db_backups(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    for backup in maintenance.list_backups(paths.database):
        print(
            f"{backup.taken_at:%Y-%m-%d %H:%M:%S} UTC  {backup.reason:<22} {backup.path}", file=out
        )
    return 0


def _db_restore(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    kept = maintenance.restore(paths.database, args.backup)
    print(f"restored {args.backup} to {paths.database}", file=out)
    if kept:
        print(f"the replaced file was kept as {kept}", file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry for the CLI alone (tests call this); `python -m microlot_desk` goes via __main__."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    return run(args)


__all__ = ["ValidationFailed", "build_parser", "main", "run"]
