"""`db check [--repair]|backup|backups|restore`: keeping the database file healthy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.command_clock import command_clock
from microlot_desk.cli.common import opened
from microlot_desk.paths import AppPaths
from microlot_desk.provenance_messages import CHAIN_PROBLEMS, EVIDENCE_REPAIR, say
from microlot_desk.services.workspace import maintenance
from microlot_desk.services.workspace.evidence_repair import MovedFile


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="check, back up and restore the database").add_subparsers(
        dest="db_command", metavar="ACTION", required=True
    )
    check = db.add_parser(
        "check",
        help="full integrity check, custody chains, evidence files; non-zero exit when anything "
        "is found",
    )
    check.add_argument(
        "--repair",
        action="store_true",
        help="move evidence files no attachment points to into DATA/evidence-quarantine/ "
        "(nothing is deleted)",
    )
    check.set_defaults(handler=_check)
    db.add_parser("backup", help="write a backup copy now").set_defaults(handler=_backup)
    db.add_parser("backups", help="list backup copies, newest first").set_defaults(handler=_backups)
    restore = db.add_parser("restore", help="replace the database with a backup copy")
    restore.add_argument("backup", type=Path)
    restore.set_defaults(handler=_restore)


def _check(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    # --repair moves files, so it needs the write lock: beside another window it is refused.
    with opened(paths, write=args.repair) as workspace:
        problems = workspace.check()
        if problems != ["ok"]:
            for line in problems:
                print(line, file=out)
            maintenance.refuse_if_damaged(workspace.database, problems)  # names the backup
        records = workspace.check_records()
        moved = workspace.move_stray_evidence() if args.repair else []
    return _report(records, moved, repairing=args.repair, out=out)


def _report(
    records: list[maintenance.RecordProblem],
    moved: list[MovedFile],
    *,
    repairing: bool,
    out: TextIO,
) -> int:
    """One line per problem in the records (custody chains and evidence files, issues 5 and
    10), the moves a repair made in place of the strays it moved, and what to do next."""
    codes = [found.code for found in records]
    for found in records:
        if not (repairing and found.code == "evidence_stray"):
            print(say(CHAIN_PROBLEMS, found.code, found.values), file=out)
    for move in moved:
        values = {"path": str(move.source), "target": str(move.target)}
        print(say(EVIDENCE_REPAIR, "moved", values), file=out)
    strays = codes.count("evidence_stray")
    if strays and not repairing:
        hint = "stray_hint_one" if strays == 1 else "stray_hint"
        print(say(EVIDENCE_REPAIR, hint, {"count": strays}), file=out)
    if {"evidence_missing", "evidence_damaged"} & set(codes):
        print(say(EVIDENCE_REPAIR, "cannot_repair", {}), file=out)
    if not records and not moved:
        print("ok", file=out)
    return 1 if records or moved else 0


def _backup(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        print(workspace.backup_now(), file=out)
    return 0


def _backups(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    for backup in maintenance.list_backups(paths.database):
        print(
            f"{backup.taken_at:%Y-%m-%d %H:%M:%S} UTC  {backup.reason:<22} {backup.path}", file=out
        )
    return 0


def _restore(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    kept = maintenance.restore(paths.database, args.backup, clock=command_clock.get())
    print(f"restored {args.backup} to {paths.database}", file=out)
    if kept:
        print(f"the replaced file was kept as {kept}", file=out)
    return 0
