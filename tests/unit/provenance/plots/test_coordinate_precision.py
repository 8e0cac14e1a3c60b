"""A location accepted at entry is never refused at export: coordinates typed with trailing
zeros (`15.500000, -88.100000`) keep their six decimals from every entry (typed point, typed
polygon, GeoJSON, GPX) through `plots check` to the exported GeoJSON and DDS files."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microlot_desk.domain.geo_input import parse_typed_point
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.plot_service import PlotService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_repository import LotRepository

Cli = Callable[..., Any]
LOT = {"name": "Finca El Cedro", "country": "HN", "plot": "La Loma", "area_ha": "1.5"}
# A square of about 100 m near Santa Rosa de Copán, every corner with trailing zeros.
CORNERS = ("14.770000, -88.780000", "14.770000, -88.779100", "14.770900, -88.779100",
           "14.770900, -88.780000")  # fmt: skip


def add_lot(cli: Cli) -> str:
    result = cli("lots", "add", "--json", "-", stdin=json.dumps(LOT).encode())
    assert result.code == 0, result
    return str(result.out.strip())


def exported_geojson(cli: Cli, code: str, tmp_path: Path) -> str:
    target = tmp_path / "plots.geojson"
    result = cli("plots", "check", code)
    assert result.code == 0, result
    assert "ok" in result.out
    exported = cli("export", "geojson", code, "-o", str(target))
    assert exported.code == 0, exported
    return target.read_text(encoding="utf-8")


def test_a_typed_point_with_trailing_zeros_exports_with_its_six_decimals(
    cli: Cli, tmp_path: Path
) -> None:
    code = add_lot(cli)
    saved = cli("plots", "set-geometry", code, "La Loma", "--point=15.500000,-88.100000")
    assert saved.code == 0, saved
    text = exported_geojson(cli, code, tmp_path)
    assert '"coordinates": [-88.100000, 15.500000]' in text


def test_a_typed_polygon_with_trailing_zeros_exports_with_its_six_decimals(
    cli: Cli, tmp_path: Path
) -> None:
    code = add_lot(cli)
    corners = tmp_path / "corners.txt"
    corners.write_text("\n".join(CORNERS), encoding="utf-8")
    saved = cli("plots", "set-geometry", code, "La Loma", "--polygon", str(corners))
    assert saved.code == 0, saved
    text = exported_geojson(cli, code, tmp_path)
    assert "[-88.780000, 14.770000]" in text and "[-88.779100, 14.770900]" in text


def test_a_geojson_file_with_trailing_zeros_exports_with_its_six_decimals(
    cli: Cli, tmp_path: Path
) -> None:
    code = add_lot(cli)
    saved = cli(
        "plots", "set-geometry", code, "La Loma", "--geojson", "-",
        stdin=b'{"type": "Point", "coordinates": [-88.100000, 15.500000]}',
    )  # fmt: skip
    assert saved.code == 0, saved
    assert '"coordinates": [-88.100000, 15.500000]' in exported_geojson(cli, code, tmp_path)


def test_a_gpx_waypoint_with_trailing_zeros_exports_with_its_six_decimals(
    cli: Cli, tmp_path: Path
) -> None:
    code = add_lot(cli)
    gpx = tmp_path / "point.gpx"
    gpx.write_text(
        '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        '<wpt lat="15.500000" lon="-88.100000"/></gpx>',
        encoding="utf-8",
    )
    saved = cli("plots", "set-geometry", code, "La Loma", "--gpx", str(gpx))
    assert saved.code == 0, saved
    assert '"coordinates": [-88.100000, 15.500000]' in exported_geojson(cli, code, tmp_path)


def test_the_dds_files_keep_the_six_decimals(cli: Cli, tmp_path: Path) -> None:
    code = add_lot(cli)
    assert cli("plots", "set-geometry", code, "La Loma", "--point=15.500000,-88.100000").code == 0
    dds = cli("export", "dds", code, "-o", str(tmp_path / "dds.json"))
    assert dds.code == 0, dds
    squeezed = "".join((tmp_path / "dds.json").read_text(encoding="utf-8").split())
    assert "[-88.100000,15.500000]" in squeezed
    assert "15.500000" in (tmp_path / "dds.csv").read_text(encoding="utf-8-sig")


def test_fewer_than_six_decimals_are_still_refused_at_entry(cli: Cli) -> None:
    code = add_lot(cli)
    refused = cli("plots", "set-geometry", code, "La Loma", "--point=15.5,-88.1")
    assert refused.code == 1
    assert "fewer than 6 decimals" in refused.err


def test_a_location_saved_before_its_precision_was_recorded_keeps_the_lenient_rule(
    database: OpenDatabase, lots: LotService
) -> None:
    """Floats stored by an earlier version lost their trailing zeros: five decimals pass."""
    lot = lots.add_lot(dict(LOT))
    stamp = {"updated_at": "2026-11-27T09:00:00+00:00", "updated_by": "test"}
    with database.write():
        LotRepository(database).update_plot_location(
            lot.plots[0].id, {"type": "Point", "coordinates": [-88.10001, 15.50001]}, None, None,
            stamp,
        )  # fmt: skip
    [(_, report)] = PlotService(lots).check_stored(lots.get(lot.id))
    assert report.ok, report.problems


micro_degrees = st.integers(min_value=0, max_value=999_999)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lat_micro=micro_degrees, lon_micro=micro_degrees)
def test_any_six_decimal_point_accepted_at_entry_exports_with_the_same_digits(
    database: OpenDatabase, lots: LotService, lat_micro: int, lon_micro: int
) -> None:
    lat = f"14.{lat_micro:06d}"  # inside Honduras, trailing zeros as they come
    lon = f"-87.{lon_micro:06d}"
    workspace = Workspace(database, lots)
    lot = lots.get_by_code("HN-2026-001") if lots.total() else lots.add_lot(dict(LOT))
    report = workspace.plots.set_location(lot.id, "La Loma", parse_typed_point(f"{lat}, {lon}"))
    assert report.ok
    text = workspace.provenance.geojson([lot.code]).decode("utf-8")
    assert f'"coordinates": [{lon}, {lat}]' in text
    checked = workspace.plots.check_stored(lots.get(lot.id))
    assert [r.ok for _, r in checked] == [True]
    feature = json.loads(text, parse_float=Decimal)["features"][0]
    assert feature["geometry"]["coordinates"] == [Decimal(lon), Decimal(lat)]


@pytest.mark.parametrize("typed", ["15.500000, -88.100000", "15.5000000, -88.1000000"])
def test_the_entered_precision_is_recorded_with_the_location(
    database: OpenDatabase, lots: LotService, typed: str
) -> None:
    lot = lots.add_lot(dict(LOT))
    PlotService(lots).set_location(lot.id, "La Loma", parse_typed_point(typed))
    plot = lots.get(lot.id).plots[0]
    assert plot.geometry == {"type": "Point", "coordinates": [-88.1, 15.5]}
    assert plot.geometry_decimals == len(typed.split(",")[0].split(".")[1])
