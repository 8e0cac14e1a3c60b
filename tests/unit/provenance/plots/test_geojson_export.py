"""The EUDR GeoJSON of the demo lots passes a validity check written here independently of the
app (closed rings, simple polygons, six decimals, [lon, lat] inside each country); a plot that
breaks a rule stops the export with its name and reason, and no file is written. Also the
due-diligence JSON/CSV and the EPCIS document."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from microlot_desk.domain.geo_input import parse_typed_point
from microlot_desk.services.demo.demo_data import load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.plot_service import GeometryRefused
from microlot_desk.services.provenance.provenance_exports import ExportRefused
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_repository import LotRepository

LOCATED = ["CO-2026-014", "GT-2026-004", "ET-2026-003", "ET-2026-007", "PA-2026-007", "CN-2026-002"]
# Coarse country rectangles (lon min, lat min, lon max, lat max) from an atlas, for this test.
ATLAS = {
    "CO": (-79.1, -4.3, -66.8, 13.4),
    "GT": (-92.3, 13.7, -88.2, 17.9),
    "ET": (32.9, 3.4, 48.0, 14.9),
    "PA": (-83.1, 7.2, -77.1, 9.7),
    "CN": (73.5, 18.1, 135.1, 53.6),
}


@pytest.fixture
def demo(database: OpenDatabase, lots: LotService) -> Iterator[Workspace]:
    load_demo(lots)
    yield Workspace(database, lots)


def _cross(o: tuple[Fraction, ...], a: tuple[Fraction, ...], b: tuple[Fraction, ...]) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _proper_or_touching(p1: Any, p2: Any, p3: Any, p4: Any) -> bool:
    d1, d2 = _cross(p3, p4, p1), _cross(p3, p4, p2)
    d3, d4 = _cross(p1, p2, p3), _cross(p1, p2, p4)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and 0 not in (d1, d2, d3, d4):
        return True

    def on(a: Any, b: Any, c: Any) -> bool:
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(
            a[1], b[1]
        )

    return (
        (d1 == 0 and on(p3, p4, p1))
        or (d2 == 0 and on(p3, p4, p2))
        or (d3 == 0 and on(p1, p2, p3))
        or (d4 == 0 and on(p1, p2, p4))
    )


def assert_valid_ring(ring: list[list[Any]]) -> None:
    """Brute force with exact fractions: closed, 4+ positions, no two sides meet except
    neighbours at their shared corner, non-zero area."""
    assert len(ring) >= 4 and ring[0] == ring[-1]
    points = [tuple(Fraction(str(c)) for c in position) for position in ring]
    sides = list(itertools.pairwise(points))
    for i, (a, b) in enumerate(sides):
        for j in range(i + 1, len(sides)):
            c, d = sides[j]
            if j == i + 1 or (i == 0 and j == len(sides) - 1):
                # neighbours share one corner; they must not fold back over each other
                far = d if j == i + 1 else c
                near_start = a if j == i + 1 else b
                shared = b if j == i + 1 else a
                if _cross(near_start, shared, far) == 0:
                    back = (far[0] - shared[0]) * (near_start[0] - shared[0]) + (
                        far[1] - shared[1]
                    ) * (near_start[1] - shared[1])
                    assert back <= 0, (i, j)
                continue
            assert not _proper_or_touching(a, b, c, d), (i, j)
    area = sum(_cross(points[0], p, q) for p, q in itertools.pairwise(points))
    assert area != 0


def test_the_demo_geojson_passes_an_independent_check(demo: Workspace, tmp_path: Path) -> None:
    path = demo.provenance.write_geojson(LOCATED, tmp_path / "plots.geojson")
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["type"] == "FeatureCollection" and len(document["features"]) == len(LOCATED)
    numbers = re.findall(r"-?\d+\.\d+(?=[,\]\s])", text.split('"properties"')[0])
    assert numbers
    for match in re.finditer(r"\[\s*(-?\d+\.\d+),\s*(-?\d+\.\d+)\s*\]", text):
        assert len(match.group(1).split(".")[1]) == 6 and len(match.group(2).split(".")[1]) == 6
    kinds = []
    for feature in document["features"]:
        geometry, properties = feature["geometry"], feature["properties"]
        assert set(properties) <= {"ProducerName", "ProducerCountry", "ProductionPlace", "Area"}
        country = properties["ProducerCountry"]
        lon_min, lat_min, lon_max, lat_max = ATLAS[country]
        kinds.append(geometry["type"])
        if geometry["type"] == "Point":
            positions = [geometry["coordinates"]]
        else:
            assert geometry["type"] == "Polygon" and len(geometry["coordinates"]) == 1
            positions = geometry["coordinates"][0]
            assert_valid_ring(positions)
        for lon, lat in positions:
            assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max, (country, lon, lat)
    assert sorted(kinds) == ["Point"] * 4 + ["Polygon"] * 2
    shapely = pytest.importorskip("shapely")
    for feature in document["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        assert shape.is_valid and not shape.is_empty


def test_a_plot_of_6_ha_recorded_as_a_point_is_refused(demo: Workspace, tmp_path: Path) -> None:
    lot = demo.lots.get_by_code("PA-2026-007")
    demo.lots.update_fields(lot.id, {"area_ha": "6"})
    with pytest.raises(GeometryRefused) as refused:
        demo.plots.set_location(lot.id, lot.plots[0].id, parse_typed_point("8.779321, -82.427813"))
    assert [p.code for p in refused.value.problems] == ["polygon_required"]
    target = tmp_path / "out.geojson"
    with pytest.raises(ExportRefused) as stopped:
        demo.provenance.write_geojson(["PA-2026-007", "CO-2026-014"], target)
    assert [(r.lot, r.plot, r.code) for r in stopped.value.refusals] == [
        ("PA-2026-007", "Jaramillo alto", "polygon_required")
    ]
    assert not target.exists()


def test_the_cli_names_every_refused_plot_and_writes_nothing(
    cli: Callable[..., Any], data_dir: Path, tmp_path: Path
) -> None:
    assert cli("demo").code == 0
    target = tmp_path / "eudr.geojson"
    result = cli("export", "geojson", "KE-2026-011", "CO-2026-014", "-o", str(target))
    assert result.code == 1 and not target.exists()
    assert "KE-2026-011 plot" in result.err and "no recorded location" in result.err
    ok = cli("export", "geojson", *LOCATED, "-o", str(target))
    assert ok.code == 0 and json.loads(target.read_text())["type"] == "FeatureCollection"


def test_a_stored_point_with_a_lat_lon_swap_is_caught_at_export(demo: Workspace) -> None:
    lot = demo.lots.get_by_code("ET-2026-007")
    stamp = {"updated_at": "2026-11-27T00:00:00+00:00", "updated_by": "test"}
    with demo.database.write():
        LotRepository(demo.database).update_plot_location(
            lot.plots[0].id, {"type": "Point", "coordinates": [6.571148, 38.810243]}, 6, None, stamp
        )
    with pytest.raises(ExportRefused) as stopped:
        demo.provenance.geojson(["ET-2026-007"])
    assert [r.code for r in stopped.value.refusals] == ["lat_lon_swapped"]


def test_dds_json_and_csv_beside_it_with_formula_cells_neutralised(
    demo: Workspace, tmp_path: Path
) -> None:
    lot = demo.lots.get_by_code("CO-2026-014")
    demo.lots.update_fields(lot.id, {"producer": '=HYPERLINK("http://x")'})
    written = demo.provenance.write_dds(["CO-2026-014", "GT-2026-004"], tmp_path / "dds.json")
    assert [p.name for p in written] == ["dds.json", "dds.csv"]
    statements = json.loads(written[0].read_text())["statements"]
    assert statements[0]["hs_code"] == "090111" and statements[0]["net_mass_kg"] == 420
    assert statements[1]["traceability"] == "identity_preserved"
    assert {e["kind"] for e in statements[1]["evidence"]} >= {"q_report", "photo"}
    rows = list(csv.DictReader(io.StringIO(written[1].read_text(encoding="utf-8-sig"))))
    assert rows[0]["producer"].startswith("'=HYPERLINK")
    assert rows[0]["longitude"].startswith("-77.") and rows[0]["geometry_type"] == "Polygon"


def test_epcis_has_object_aggregation_and_transformation_events(demo: Workspace) -> None:
    document = json.loads(demo.provenance.epcis("GT-2026-004"))
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
    events = document["epcisBody"]["eventList"]
    kinds = [e["type"] for e in events]
    assert {"ObjectEvent", "AggregationEvent", "TransformationEvent"} <= set(kinds)
    hulling = next(e for e in events if e.get("mld:stage") == "hulling")
    assert hulling["type"] == "TransformationEvent"
    assert hulling["inputQuantityList"][0]["epcClass"].endswith(":parchment")
    assert hulling["outputQuantityList"][0] == {
        "epcClass": hulling["outputQuantityList"][0]["epcClass"],
        "quantity": 300,
        "uom": "KGM",
    }
    assert hulling["eventTimeZoneOffset"] == "-06:00"
    assert (
        document["mld:chainHead"]
        == demo.custody.chain_status(demo.lots.get_by_code("GT-2026-004").id).head_hash
    )
