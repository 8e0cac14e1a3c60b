"""`score FILE`, `import cqi FILE` and `sessions list|show ID`.

score needs no database: it reads one sheet (issue 3 §6) and prints the final and warnings,
or exits 1 naming every bad section. import cqi writes every new row in one transaction, all or
nothing: a file with a row that cannot be imported writes nothing and exits 1 naming every such
row; with --skip-bad-rows the other rows go in and it exits 3 (SKIPPED_ROWS) naming the rows
left out. It reports rows imported before (unchanged) and totals whose cells disagree beyond
rounding; with --json a refused file is reported as JSON too. sessions
shows what the table recorded; a blind session shows only sample codes until it is revealed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from microlot_desk.cli.common import opened, pad, print_json, read_json_input
from microlot_desk.cli.spreadsheet_commands import SPREADSHEET_IMPORTS
from microlot_desk.domain.cupping import FormTemplate, ScoreWarning
from microlot_desk.domain.cupping.cqi_csv import MAX_BYTES
from microlot_desk.domain.cupping.sessions import SampleType
from microlot_desk.domain.cupping.sheet_codec import field_label
from microlot_desk.errors import BadInputFile, InputFileRefused
from microlot_desk.messages import (
    describe,
    describe_code,
    describe_csv_problem,
    describe_score_warning,
)
from microlot_desk.paths import AppPaths
from microlot_desk.services.common.cupping_errors import CsvRefused, SheetRefused
from microlot_desk.services.common.cupping_views import SessionBoard
from microlot_desk.services.common.form_library import load_form_library
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.cupping.cqi_import import CqiReport
from microlot_desk.services.cupping.cupping_json import (
    board_to_json,
    cqi_refusal_to_json,
    cqi_report_to_json,
    overview_to_json,
    score_to_json,
)
from microlot_desk.services.cupping.cupping_scoring import score_request
from microlot_desk.services.cupping.cupping_service import open_cupping
from microlot_desk.user_files import read_user_file


def register(commands: Any) -> None:
    score = commands.add_parser("score", help="score one cupping sheet given as JSON")
    score.add_argument("file", metavar="FILE.json", help="the sheet, or - for stdin")
    score.add_argument("--json", action="store_true", help="print the result as JSON")
    score.set_defaults(handler=_score)

    importing = commands.add_parser("import", help="import data from other tools")
    sources = importing.add_subparsers(dest="import_source", metavar="SOURCE", required=True)
    cqi = sources.add_parser(
        "cqi",
        help="graded samples from a CQI certificate CSV (a row imported before is left as it is)",
    )
    cqi.add_argument("file", metavar="FILE.csv", help="the CSV file, or - for stdin")
    cqi.add_argument(
        "--sample-type",
        choices=[t.value for t in SampleType],
        default=SampleType.OFFER.value,
        help="what the graded samples were (default: offer)",
    )
    cqi.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows when some cannot be (exit status 3, the rows named); "
        "without it such a file imports nothing (exit status 1)",
    )
    cqi.add_argument("--json", action="store_true", help="print the report as JSON")
    cqi.set_defaults(handler=_import_cqi)
    for add_source in SPREADSHEET_IMPORTS:
        add_source(sources)

    sessions = commands.add_parser("sessions", help="list and show cupping sessions")
    actions = sessions.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every session, newest first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_sessions_list)
    show = actions.add_parser("show", help="one session with its panel results")
    show.add_argument("session", metavar="ID", help="the session id, or its first characters")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_sessions_show)


# ---- score ---------------------------------------------------------------------------------


def _score(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    # A JSON number is kept as the text that was written, so 8.2500000000000000001 and 1e1
    # are judged exactly as the same characters in quotes are (a float would lose the digits).
    request = read_json_input(args.file, parse_float=str)
    if not isinstance(request, dict) or not isinstance(request.get("form"), str):
        raise BadInputFile(
            source=args.file, detail='expected a JSON object with "form" and "scores"'
        )
    forms = load_form_library(
        paths.forms if paths.forms.is_dir() else None, skip_bad_lab_files=True
    )
    try:
        form, result = score_request(forms, request)
    except SheetRefused as refused:
        lines = [describe(refusal) for refusal in refused.refusals]
        print(f"microlot-desk: {describe(refused)}", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        if args.json:
            problems = [
                {"section": r.section, "reason": r.reason, "message": line}
                for r, line in zip(refused.refusals, lines, strict=True)
            ]
            print_json({"form": form_id(request), "final": None, "errors": problems}, out)
        return 1
    data = score_to_json(form, result)
    for warning, raw in zip(data["warnings"], result.warnings, strict=True):
        warning["message"] = describe_score_warning(raw.code, _warning_params(form, raw))
    if args.json:
        print_json(data, out)
        return 0
    final = "-" if result.final is None else format(result.final, "f")
    band = f"  ({result.band})" if result.band else ""
    print(f"{form.name} (form {form.id}, version {form.version})", file=out)
    print(f"final {final}{band}", file=out)
    for warning in data["warnings"]:
        print(f"warning: {warning['message']}", file=out)
    return 0


def form_id(request: dict[str, Any]) -> str:
    return str(request.get("form", ""))


def _warning_params(form: FormTemplate, warning: ScoreWarning) -> dict[str, object]:
    return {
        "key": warning.key,
        "label": field_label(form, warning.key),
        "cups": ", ".join(str(cup) for cup in warning.cups),
        "value": "" if warning.value is None else format(warning.value, "f"),
        "limit": "" if warning.limit is None else format(warning.limit, "f"),
        "related": field_label(form, warning.related) if warning.related else "",
    }


# ---- import cqi ----------------------------------------------------------------------------


SKIPPED_ROWS = 3  # exit status: imported, but some rows could not be and were left out


def _import_cqi(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    source = "standard input" if args.file == "-" else args.file  # how messages name it
    progress = _TerminalProgress(sys.stderr)
    try:
        data = read_user_file(args.file, max_bytes=MAX_BYTES)
        with opened(paths, write=True) as workspace:
            cupping = open_cupping(workspace, paths.forms)
            report = cupping.import_cqi(
                data,
                source,
                SampleType(args.sample_type),
                skip_bad_rows=args.skip_bad_rows,
                progress=Progress(progress.show),
            )
    except (CsvRefused, BadInputFile, InputFileRefused) as refused:
        progress.end()
        if not args.json:
            raise
        # A script reading the JSON learns of a refused file from the JSON too.
        print(f"microlot-desk: {describe(refused)}", file=sys.stderr)
        print_json(cqi_refusal_to_json(refused.code, describe(refused)), out)
        return 1
    progress.end()
    if report.refused:
        bad_rows = describe_code("csv_bad_rows", {"source": source})
        if args.json:
            print_json(cqi_report_to_json(report, refused=("csv_bad_rows", bad_rows)), out)
        else:
            _print_report(report, source, out)
        print(f"microlot-desk: {bad_rows}", file=sys.stderr)
        return 1
    if args.json:
        print_json(cqi_report_to_json(report), out)
    else:
        _print_report(report, source, out)
    if report.errors:
        return SKIPPED_ROWS if report.imported or report.unchanged else 1
    return 0


class _TerminalProgress:
    """ "Importing: row N of about M" on one line of a terminal; nothing when the output goes to
    a file or a pipe (a script reads the report, not a counter)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = False

    def show(self, done: int, total: int) -> None:
        if self._stream.isatty():
            self._stream.write(f"\rImporting: row {done:,} of about {total:,}")
            self._stream.flush()
            self._shown = True

    def end(self) -> None:
        if self._shown:
            self._stream.write("\n")
            self._shown = False


def _print_report(report: CqiReport, source: str, out: TextIO) -> None:
    codes = ", ".join(report.lot_codes[:10]) + (" ..." if len(report.lot_codes) > 10 else "")
    if not report.refused:
        print(
            f"imported {report.imported} rows from {source} (form {report.form_id})"
            + (f": {codes}" if codes else ""),
            file=out,
        )
    if report.unchanged:
        print(f"unchanged {len(report.unchanged)} rows (imported before)", file=out)
    for mismatch in report.mismatches:
        print(
            f"row {mismatch.row}: stated total {mismatch.stated}, computed {mismatch.computed}"
            " (the cells disagree beyond rounding; the computed total is recorded)",
            file=out,
        )
    word = "cannot import" if report.refused else "skipped"
    for error in report.errors:
        problem = describe_csv_problem(error.row, error.column, error.reason, error.value)
        print(f"{word} {problem}", file=out)


# ---- sessions ------------------------------------------------------------------------------


def _sessions_list(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        overviews = open_cupping(workspace, paths.forms).sessions()
    if args.json:
        print_json([overview_to_json(o) for o in overviews], out)
        return 0
    for overview in overviews:
        session = overview.session
        state = ("revealed" if overview.revealed else "blind") if session.blind else "open"
        print(
            f"{session.id[:8]}  {session.held_on.isoformat()}  {pad(session.form_id, 16)} "
            f"{state:<8} samples {overview.samples:>3}  cuppers {overview.cuppers:>3}  "
            f"{pad(session.title, 30)}",
            file=out,
        )
    return 0


def _sessions_show(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        cupping = open_cupping(workspace, paths.forms)
        board = cupping.open_session(cupping.find_session(args.session))
    if args.json:
        print_json(board_to_json(board), out)
        return 0
    _print_board(board, out)
    return 0


def _print_board(board: SessionBoard, out: TextIO) -> None:
    view, session = board.view, board.view.session
    state = "open" if not session.blind else ("blind" if view.hidden else "revealed")
    print(f"session   {session.id}", file=out)
    print(f"held on   {session.held_on.isoformat()}  {session.place}  {session.title}", file=out)
    print(f"form      {view.form.name} ({view.form.id} v{view.form.version}), {state}", file=out)
    if view.reveal is not None:
        print(f"revealed  by {view.reveal.by} at {view.reveal.at}", file=out)
    for deviation in view.deviations:
        print(
            f"deviation {deviation.parameter} {deviation.value} "
            f"(standard {deviation.low}-{deviation.high})",
            file=out,
        )
    print("cuppers   " + ", ".join(c.name for c in view.cuppers), file=out)
    for panel in board.panels:
        sample = panel.sample
        name = (
            f"{sample.lot.code} {sample.lot.name}" if sample.lot else f"sample {sample.blind_code}"
        )
        final = "-" if panel.final_mean is None else format(panel.final_mean, "f")
        spread = ""
        if panel.summary is not None and panel.summary.final.stdev is not None:
            spread = f" sd {panel.summary.final.stdev}"
        counted = panel.summary.final.count if panel.summary else 0
        source = f"{counted} sheets"
        if panel.imported is not None and panel.summary is None:
            stated = panel.imported.stated_final
            source = f"{panel.imported.source} row {panel.imported.source_row}, stated {stated}"
        print(
            f"  {sample.blind_code}  {pad(name, 40)} {sample.sample_type.value:<15} "
            f"final {final}{spread} ({source})",
            file=out,
        )
        for line in panel.lines:
            marks = " flagged" if line.flagged else ""
            if line.exclusion is not None:
                marks += f" excluded: {line.exclusion.reason}"
            score = "incomplete" if line.final is None else format(line.final, "f")
            print(f"        {pad(line.cupper.name, 28)} {score}{marks}", file=out)
