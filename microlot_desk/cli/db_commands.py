"""`db check|backup|backups|restore`: keeping the database file healthy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.command_clock import command_clock
from microlot_desk.cli.common import opened
from microlot_desk.paths import AppPaths
from microlot_desk.provenance_messages import CHAIN_PROBLEMS, say
from microlot_desk.services.workspace import maintenance


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="check, back up and restore the database").add_subparsers(
        dest="db_command", metavar="ACTION", required=True
    )
    db.add_parser("check", help="full integrity check; non-zero exit when damaged").set_defaults(
        handler=_check
    )
    db.add_parser("backup", help="write a backup copy now").set_defaults(handler=_backup)
    db.add_parser("backups", help="list backup copies, newest first").set_defaults(handler=_backups)
    restore = db.add_parser("restore", help="replace the database with a backup copy")
    restore.add_argument("backup", type=Path)
    restore.set_defaults(handler=_restore)


def _check(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        problems = workspace.check()
        if problems != ["ok"]:
            for line in problems:
                print(line, file=out)
            maintenance.refuse_if_damaged(workspace.database, problems)  # names the backup
        records = workspace.check_records()
    if not records:
        print("ok", file=out)
    for found in records:  # custody chains and evidence files (issue 5)
        print(say(CHAIN_PROBLEMS, found.code, found.values), file=out)
    return 1 if records else 0


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
