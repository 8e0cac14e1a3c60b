"""`plots set-geometry|check`, `lots assess|reassess` and `export geojson|dds|epcis`.

The lots and export groups are made in lot_commands and export_commands; the sub-commands of
this issue register into them through LOT_ACTIONS and PROVENANCE_EXPORTS.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from microlot_desk.cli.common import opened, print_json
from microlot_desk.paths import AppPaths
from microlot_desk.user_files import read_user_file

if TYPE_CHECKING:
    from microlot_desk.services.provenance.provenance_exports import ExportRefused

# The handlers import the plot, verdict and export services themselves: `lots list` registers
# these sub-commands too and must not pay for loading them.


def register(commands: Any) -> None:
    plots = commands.add_parser("plots", help="plot locations (EUDR geolocation)")
    actions = plots.add_subparsers(dest="plots_command", metavar="ACTION", required=True)
    setter = actions.add_parser("set-geometry", help="set a plot's point or outline")
    setter.add_argument("code")
    setter.add_argument("plot", metavar="PLOT", help="the plot's name (or id)")
    source = setter.add_mutually_exclusive_group(required=True)
    source.add_argument("--geojson", type=Path, metavar="FILE", help="GeoJSON, or - for stdin")
    source.add_argument("--gpx", type=Path, metavar="FILE", help="a GPX walk around the plot")
    source.add_argument(
        "--point", metavar="LAT,LON", help="e.g. --point=-4.123456,-77.123456 (latitude first)"
    )
    source.add_argument("--polygon", type=Path, metavar="FILE", help="'lat, lon' per line")
    setter.set_defaults(handler=_set_geometry)
    check = actions.add_parser("check", help="check every plot of a lot with the EUDR rules")
    check.add_argument("code")
    check.set_defaults(handler=_check)


def add_assess(lots: Any) -> None:
    assess = lots.add_parser("assess", help="the micro-lot verdict: six hallmarks, red flags")
    assess.add_argument("code")
    assess.add_argument("--json", action="store_true")
    assess.set_defaults(handler=_assess)
    again = lots.add_parser("reassess", help="store the verdict of lots never assessed")
    again.set_defaults(handler=_reassess)


LOT_ACTIONS = (add_assess,)


def _set_geometry(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.cli.provenance_text import geo_line, write_problems
    from microlot_desk.provenance_messages import INPUT_PROBLEMS, say
    from microlot_desk.services.provenance.plot_service import (
        MAX_LOCATION_FILE_BYTES,
        GeometryRefused,
        GeometryUnreadable,
        read_location,
    )

    def read(path: Path) -> bytes:
        return read_user_file(path, max_bytes=MAX_LOCATION_FILE_BYTES)

    try:
        if args.point is not None:
            shape = read_location(point=args.point)
        elif args.polygon is not None:
            shape = read_location(polygon=read(args.polygon).decode("utf-8", "replace"))
        elif args.gpx is not None:
            shape = read_location(gpx=read(args.gpx))
        else:
            shape = read_location(geojson=read(args.geojson))
    except GeometryUnreadable as error:
        reason = str(error.params.get("reason", ""))
        write_problems([say(INPUT_PROBLEMS, reason, error.params)])
        return 1
    try:
        with opened(paths, write=True) as workspace:
            lot = workspace.lots.get_by_code(args.code)
            report = workspace.plots.set_location(lot.id, args.plot, shape)
    except GeometryRefused as refused:
        write_problems(
            [f"plot {refused.plot}: {geo_line(p.code, p.values)}" for p in refused.problems]
        )
        write_problems(["nothing was saved"])
        return 1
    assert report.shape is not None
    area = f", {report.area_ha} ha" if report.area_ha is not None else ""
    count = len(report.shape.positions)
    print(f"{args.code} {args.plot}: {report.shape.kind.value} ({count} positions{area})", file=out)
    for warning in report.warnings:
        print(f"warning: {geo_line(warning.code, warning.values)}", file=out)
    return 0


def _check(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.cli.provenance_text import geo_line

    with opened(paths, write=False) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        reports = workspace.plots.check_stored(lot)
        unlocated = [p.name for p in lot.plots if p.geometry is None]
    failed = bool(unlocated) or not lot.plots
    for plot, report in reports:
        state = "ok" if report.ok else "refused"
        print(f"{plot.name}: {state}", file=out)
        for problem in (*report.problems, *report.warnings):
            print(f"  {geo_line(problem.code, problem.values)}", file=out)
        failed = failed or not report.ok
    for name in unlocated:
        print(f"{name}: {geo_line('no_location', {})}", file=out)
    if not lot.plots:
        print(geo_line("no_plots", {}), file=out)
    return 1 if failed else 0


def _assess(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.cli.provenance_text import print_verdict
    from microlot_desk.services.exchange.lot_origins import lot_origin
    from microlot_desk.services.provenance.verdict_service import verdict_to_json

    with opened(paths, write=False) as workspace:
        lot = workspace.lots.get_by_code(args.code)
        verdict = workspace.verdicts.assess(lot.id)
        origin = lot_origin(workspace.database, lot.id)
    # Whether the evidence behind the verdict came signed from the station that recorded it.
    received = (
        None
        if origin is None
        else {
            "station": origin.station,
            "fingerprint": origin.fingerprint,
            "signed_at": origin.signed_at,
        }
    )
    if args.json:
        print_json({"lot": lot.code, **verdict_to_json(verdict), "records_from": received}, out)
    else:
        print_verdict(lot.code, lot.name, verdict, out)
        if origin is None:
            print("records: recorded at this station", file=out)
        else:
            station = origin.station or "an unnamed station"
            print(
                f"records: received signed by {station} ({origin.fingerprint}) on "
                f"{origin.signed_at[:10]}",
                file=out,
            )
    return 0


def _reassess(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    done = 0
    with opened(paths, write=True) as workspace:
        while True:
            batch = workspace.verdicts.refresh_pending()
            done += batch
            if not batch:
                break
    print(f"{done} lots assessed", file=out)
    return 0


# ---- export geojson | dds | epcis -----------------------------------------------------------


def _add_geojson(actions: Any) -> None:
    parser = actions.add_parser("geojson", help="EUDR GeoJSON of the lots' plots (RFC 7946)")
    parser.add_argument("codes", nargs="+", metavar="CODE")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    parser.set_defaults(handler=_geojson)


def _add_dds(actions: Any) -> None:
    parser = actions.add_parser("dds", help="due-diligence information (JSON + CSV)")
    parser.add_argument("codes", nargs="+", metavar="CODE")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="FILE.json (and FILE.csv beside it), or FILE.csv alone",
    )
    parser.set_defaults(handler=_dds)


def _add_epcis(actions: Any) -> None:
    parser = actions.add_parser("epcis", help="a lot's custody history as GS1 EPCIS 2.0 JSON")
    parser.add_argument("code")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    parser.set_defaults(handler=_epcis)


PROVENANCE_EXPORTS = (_add_geojson, _add_dds, _add_epcis)


def _refused(refused: ExportRefused) -> int:
    from microlot_desk.cli.provenance_text import geo_line, write_problems

    lines = []
    for item in refused.refusals:
        where = f"{item.lot} plot {item.plot}" if item.plot else item.lot
        lines.append(f"{where}: {geo_line(item.code, item.values)}")
    write_problems([*lines, "nothing was written"])
    return 1


def _geojson(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.provenance.provenance_exports import ExportRefused

    try:
        with opened(paths, write=False) as workspace:
            workspace.provenance.write_geojson(args.codes, args.output)
    except ExportRefused as refused:
        return _refused(refused)
    print(args.output, file=out)
    return 0


def _dds(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from microlot_desk.services.provenance.provenance_exports import ExportRefused

    try:
        with opened(paths, write=False) as workspace:
            written = workspace.provenance.write_dds(args.codes, args.output)
    except ExportRefused as refused:
        return _refused(refused)
    for path in written:
        print(path, file=out)
    return 0


def _epcis(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    with opened(paths, write=False) as workspace:
        workspace.provenance.write_epcis(args.code, args.output)
    print(args.output, file=out)
    return 0
