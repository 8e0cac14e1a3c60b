"""`export sheet|labels|blank-form|session`: print-ready PDFs, each file written atomically.

Every export is one sub-command registered from EXPORTS. `export labels` prints labels for lots
given by code, or with --session for the samples of a cupping session (blind codes only while
a blind session is not revealed); `export session` prints a session's report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.command_clock import command_clock
from microlot_desk.cli.common import opened
from microlot_desk.cli.plot_commands import PROVENANCE_EXPORTS
from microlot_desk.cli.spreadsheet_commands import SPREADSHEET_EXPORTS
from microlot_desk.export.printing.labels import LABEL_SHEETS
from microlot_desk.export.printing.pdf_text import UncoveredText
from microlot_desk.export.printing.sheet_data import PAPERS, Paper
from microlot_desk.messages import WARNINGS, describe_code
from microlot_desk.paths import AppPaths
from microlot_desk.provenance_labels import with_provenance
from microlot_desk.services.printing.batch_export import DEFAULT_WORKERS, export_batch
from microlot_desk.services.printing.print_service import (
    PrintOptions,
    PrintService,
    WrittenFile,
    export_blank_form,
)
from microlot_desk.services.workspace.session_print import session_printing
from microlot_desk.sheet_labels import labels_for


def register(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="PDFs (sheets, labels, blank forms), provenance data (GeoJSON, DDS, EPCIS) and "
        "spreadsheets (CSV, XLSX)",
    )
    actions = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    for add in EXPORTS:
        add(actions)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", default="en", metavar="xx", help="language of the printed words (default en)"
    )


def _add_sheet(actions: Any) -> None:
    sheet = actions.add_parser("sheet", help="provenance sheets: DIR/<code>.pdf per lot")
    sheet.add_argument("codes", nargs="+", metavar="CODE", help="lot codes, e.g. CO-2026-014")
    sheet.add_argument(
        "-o", "--output", required=True, metavar="DIR", type=Path, help="folder (made if missing)"
    )
    sheet.add_argument("--paper", choices=PAPERS, default="a4")
    sheet.add_argument(
        "--workers",
        type=_count(1, 16),
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"processes building a long batch (default {DEFAULT_WORKERS}: both cores)",
    )
    _common(sheet)
    sheet.set_defaults(handler=_sheet)


def _add_labels(actions: Any) -> None:
    labels = actions.add_parser(
        "labels",
        help="sample labels with QR code for bags and bowls",
        usage="%(prog)s (CODE... | --session ID) -o FILE [options]",
    )
    labels.add_argument("codes", nargs="*", metavar="CODE", help="lot codes, in label order")
    labels.add_argument(
        "--session",
        metavar="ID",
        help="a cupping session (id or its first characters): one label per sample",
    )
    labels.add_argument("-o", "--output", required=True, metavar="FILE", type=Path, help="PDF")
    labels.add_argument("--sheet", choices=sorted(LABEL_SHEETS), default="a4-3x8")
    labels.add_argument(
        "--copies", type=_count(1, 100), default=1, help="labels per lot or sample (per bowl)"
    )
    labels.add_argument(
        "--skip", type=_count(0, 29), default=0, help="positions already used on the first sheet"
    )
    _common(labels)
    labels.set_defaults(handler=_labels)


def _add_blank_form(actions: Any) -> None:
    form = actions.add_parser("blank-form", help="a blank paper form for a cupping template")
    form.add_argument("form", metavar="FORM", help="template id, e.g. sca-2004, cva-affective")
    form.add_argument("-o", "--output", required=True, metavar="FILE", type=Path, help="PDF")
    form.add_argument("--paper", choices=PAPERS, default="a4")
    _common(form)
    form.set_defaults(handler=_blank_form)


def _add_session(actions: Any) -> None:
    session = actions.add_parser(
        "session", help="a cupping session's report: panel results and every cupper's sheet"
    )
    session.add_argument("session", metavar="ID", help="the session id, or its first characters")
    session.add_argument("-o", "--output", required=True, metavar="FILE", type=Path, help="PDF")
    session.add_argument("--paper", choices=PAPERS, default="a4")
    _common(session)
    session.set_defaults(handler=_session)


EXPORTS: tuple[Callable[[Any], None], ...] = (
    _add_sheet,
    _add_labels,
    _add_blank_form,
    _add_session,
    *PROVENANCE_EXPORTS,
    *SPREADSHEET_EXPORTS,
)


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


def _options(args: argparse.Namespace) -> PrintOptions:
    paper: Paper = getattr(args, "paper", "a4")  # argparse allowed only PAPERS
    labels = with_provenance(labels_for(args.lang))
    return PrintOptions(labels, paper=paper, language=args.lang)


def _report(written: WrittenFile, out: TextIO) -> None:
    print(written.path, file=out)
    for warning in written.warnings:
        _warn(written.subject, warning)


def _warn(subject: str, warning: UncoveredText) -> None:
    text = WARNINGS["uncovered_characters"].format(
        subject=subject, characters=warning.code_points, text=warning.text
    )
    print(f"microlot-desk: warning: {text}", file=sys.stderr)


def _sheet(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    """Every code is looked up first, so an unknown one stops the export before any file is
    written; the sheets are then built as a batch (on `--workers` processes when long) and
    listed in the order the codes were given."""
    options = _options(args)
    with opened(paths, write=False) as workspace:
        lots = workspace.printing.lots_by_code(args.codes)
        database = workspace.path
    result = export_batch(
        database,
        [lot.id for lot in lots],
        args.output,
        options,
        clock=command_clock.get(),
        workers=args.workers,
    )
    place = {lot.code: n for n, lot in enumerate(lots)}
    for written in sorted(result.written, key=lambda w: place[w.subject]):
        _report(written, out)
    codes = {lot.id: lot.code for lot in lots}
    for failure in result.failed:
        reason = describe_code(failure.code, failure.params)
        print(f"microlot-desk: {codes[failure.lot_id]}: {reason}", file=sys.stderr)
    return 1 if result.failed else 0


def _labels(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    sheet = LABEL_SHEETS[args.sheet]
    if args.skip >= sheet.per_page:
        print(
            f"microlot-desk: --skip must be below {sheet.per_page} for {sheet.key}", file=sys.stderr
        )
        return 2
    if bool(args.codes) == bool(args.session):
        print("microlot-desk: give either lot codes or --session ID", file=sys.stderr)
        return 2
    options = _options(args)
    if args.session:
        return _session_labels(args, paths, options, out)
    with opened(paths, write=False) as workspace:
        written, _ = PrintService(workspace.lots).export_labels(
            args.codes,
            args.output,
            sheet=args.sheet,
            copies=args.copies,
            skip=args.skip,
            options=options,
        )
    _report(written, out)
    return 0


def _blank_form(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    lab_dir = paths.forms if paths.forms.is_dir() else None
    written = export_blank_form(args.form, args.output, _options(args), lab_dir=lab_dir)
    _report(written, out)
    return 0


def _session_labels(
    args: argparse.Namespace, paths: AppPaths, options: PrintOptions, out: TextIO
) -> int:
    with opened(paths, write=False) as workspace:
        printing = session_printing(workspace)
        written, _ = printing.export_labels(
            workspace.cupping.find_session(args.session),
            args.output,
            sheet=args.sheet,
            copies=args.copies,
            skip=args.skip,
            options=options,
        )
    _report(written, out)
    return 0


def _session(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    options = _options(args)
    with opened(paths, write=False) as workspace:
        session_id = workspace.cupping.find_session(args.session)
        written = session_printing(workspace).export_report(session_id, args.output, options)
    _report(written, out)
    return 0
