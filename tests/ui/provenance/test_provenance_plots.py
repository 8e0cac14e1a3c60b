"""The Plots tab: a polygon typed as coordinates is checked as it is typed, its geodesic area
shown and its outline drawn to scale, then saved; a plot of 6 ha given as a point is refused
with the EUDR rule it breaks, and nothing is saved; a GPX walk is imported."""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from driving import OFFSCREEN_POPUP_NOISE, retype
from provenance_driving import click, committed, open_lot_tab, pick, type_into
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.provenance.plot_view import PlotView

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)

# About 111 m x 100 m near Popayán, Colombia (latitude first, as maps and phones show it).
SQUARE = (
    "2.440000, -76.610000",
    "2.440000, -76.609000",
    "2.440900, -76.609000",
    "2.440900, -76.610000",
)
# A walk round the same square, a point every 50 m or so, back where it started.
WALK = (
    ("2.4400000", "-76.6100000"),
    ("2.4400000", "-76.6095000"),
    ("2.4400000", "-76.6090000"),
    ("2.4404500", "-76.6090000"),
    ("2.4409000", "-76.6090000"),
    ("2.4409000", "-76.6095000"),
    ("2.4409000", "-76.6100000"),
    ("2.4404500", "-76.6100000"),
    ("2.4400001", "-76.6100001"),
)
GPX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
    "<trk><trkseg>"
    + "".join(f'<trkpt lat="{lat}" lon="{lon}"/>' for lat, lon in WALK)
    + "</trkseg></trk></gpx>"
)


def plots_tab(qtbot: QtBot, window: MainWindow, code: str) -> PlotView:
    view = open_lot_tab(qtbot, window, code, "Plots")
    assert isinstance(view, PlotView)
    return view


def type_lines(qtbot: QtBot, view: PlotView, lines: tuple[str, ...]) -> None:
    type_into(qtbot, view.text, lines[0])
    for line in lines[1:]:
        qtbot.keyClick(view.text, Qt.Key.Key_Return)
        qtbot.keyClicks(view.text, line)


def test_a_typed_polygon_shows_its_area_and_outline_and_is_saved(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    view = plots_tab(qtbot, window, "CO-2026-021")
    assert view.plot_choice.currentText() == "El Guadual"
    assert "Location: none recorded" in view.facts.text()
    pick(qtbot, view.mode, "polygon")
    type_lines(qtbot, view, SQUARE)  # the closing corner is added for the person

    qtbot.waitUntil(lambda: "Area (geodesic)" in view.result.text(), timeout=3000)
    assert "Meets the EUDR rules" in view.result.text()
    assert "Area (geodesic): 1.1" in view.result.text()  # 111 m x 100 m
    assert view.report is not None and view.report.area_ha is not None
    assert Decimal("1.10") < view.report.area_ha < Decimal("1.12")
    outline = view.outline
    assert outline.kind == "Polygon" and len(outline.positions) == 5
    picture = outline.grab().toImage()  # painted: the scale bar and the filled outline
    assert outline.scale_text.endswith(" m")
    middle = picture.pixelColor(outline.width() // 2, outline.height() // 2)
    assert middle != QColor("#fbfaf6") and middle.green() > middle.red()

    click(qtbot, view.save_button)
    assert view.message.text().startswith("Location saved.")
    assert "a polygon of 4 corners" in view.facts.text()
    assert not view.save_button.isEnabled()  # what is in the box is what is recorded
    with committed(db_path) as stored:
        plot = stored.lots.get_by_code("CO-2026-021").plots[0]
        assert plot.geometry is not None and plot.geometry["type"] == "Polygon"
        ring = plot.geometry["coordinates"][0]
        assert len(ring) == 5 and ring[0] == ring[-1]
        assert [-76.61, 2.44] in ring  # [longitude, latitude], as GeoJSON has it
        assert plot.area_ha is not None and Decimal("1.10") < plot.area_ha < Decimal("1.12")


def test_a_point_for_a_plot_of_6_ha_is_refused_with_the_rule(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]], db_path: Path
) -> None:
    page = window.lots_page
    open_lot_tab(qtbot, window, "CO-2026-021", "Record")
    retype(qtbot, page, "area_ha", "6")
    qtbot.keyClick(page.editor.fields["area_ha"].focus_widget(), Qt.Key.Key_Tab)
    with committed(db_path) as stored:
        assert stored.lots.get_by_code("CO-2026-021").plots[0].area_ha == Decimal("6")

    view = plots_tab(qtbot, window, "CO-2026-021")
    assert "Area recorded: 6 ha" in view.facts.text()
    before = dump()
    pick(qtbot, view.mode, "point")
    type_into(qtbot, view.text, "2.440000, -76.610000")
    qtbot.waitUntil(lambda: "polygon is required" in view.result.text(), timeout=3000)
    report = view.result.text()
    assert "the plot has 6 ha: over 4 ha a polygon is required, not a point" in report
    assert "EUDR: a point only for plots up to 4 ha" in report  # the rule it breaks
    assert not view.save_button.isEnabled()
    assert view.outline.kind == "Point" and not view.outline.valid  # drawn, in red

    view.save()  # even asked directly, the service refuses it
    assert "was not saved: it breaks 1 rule(s)" in view.message.text()
    assert dump() == before


def test_too_few_decimals_and_swapped_coordinates_name_their_rule(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = plots_tab(qtbot, window, "CO-2026-021")
    pick(qtbot, view.mode, "point")
    type_into(qtbot, view.text, "2.44, -76.61")
    qtbot.waitUntil(lambda: "fewer than 6 decimals" in view.result.text(), timeout=3000)
    assert "EUDR: WGS84 decimal degrees with at least 6 decimals" in view.result.text()
    type_into(qtbot, view.text, "-76.610000, 2.440000")
    qtbot.waitUntil(lambda: "look swapped" in view.result.text(), timeout=3000)
    type_into(qtbot, view.text, "2.44 north")
    qtbot.waitUntil(lambda: "is not a coordinate" in view.result.text(), timeout=3000)
    assert view.outline.kind == ""


def test_a_gpx_walk_is_imported_into_the_box_and_checked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    walk = tmp_path / "walk.gpx"
    walk.write_text(GPX, encoding="utf-8")
    view = plots_tab(qtbot, window, "CO-2026-021")
    view.import_path(walk)  # what "Import GeoJSON or GPX…" does with the chosen file
    qtbot.waitUntil(lambda: view.message.text().startswith("Imported from walk.gpx"), timeout=5000)
    assert view.mode.currentData() == "polygon"
    assert view.text.toPlainText().splitlines()[0] == "2.4400000, -76.6100000"
    assert "Meets the EUDR rules" in view.result.text()
    assert view.save_button.isEnabled()


def test_a_point_typed_with_trailing_zeros_is_saved_and_exports_with_six_decimals(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = plots_tab(qtbot, window, "CO-2026-021")
    pick(qtbot, view.mode, "point")
    type_into(qtbot, view.text, "2.440000, -76.610000")
    qtbot.waitUntil(lambda: "Meets the EUDR rules" in view.result.text(), timeout=3000)
    click(qtbot, view.save_button)
    assert view.message.text().startswith("Location saved.")

    workspace = window.workspace
    lot = workspace.lots.get_by_code("CO-2026-021")
    assert [report.ok for _, report in workspace.plots.check_stored(lot)] == [True]
    exported = workspace.provenance.geojson(["CO-2026-021"]).decode("utf-8")
    assert '"coordinates": [-76.610000, 2.440000]' in exported


HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "files"


def test_a_location_file_that_is_a_pipe_or_a_link_is_refused_and_the_box_kept(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    fifo = tmp_path / "walk.gpx"
    os.mkfifo(fifo)  # a plain open() would wait for a writer that never comes
    view = plots_tab(qtbot, window, "CO-2026-021")
    pick(qtbot, view.mode, "polygon")
    type_lines(qtbot, view, SQUARE)
    typed = view.text.toPlainText()
    for path, why in ((fifo, "it is a pipe, not a file"), (HOSTILE / "zero.jpg", "a link to")):
        view.import_path(path)
        qtbot.waitUntil(
            lambda path=path: f"{path} was not read" in view.message.text(), timeout=5000
        )
        assert why in view.message.text()
        assert view.text.toPlainText() == typed
