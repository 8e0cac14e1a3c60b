"""Plot geolocation: reading a point or an outline (typed, GeoJSON, GPX), checking it with the
EUDR rules, and saving it on the plot — one transaction that refreshes the verdict of every lot
the plot belongs to. The GUI can `check()` what a person typed before saving it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from microlot_desk.clock import stamp
from microlot_desk.domain.geo_input import (
    GeoInputError,
    parse_geojson,
    parse_typed_point,
    parse_typed_polygon,
)
from microlot_desk.domain.geo_rules import (
    Box,
    CountryBounds,
    GeoProblem,
    GeoReport,
    check_plot_shape,
)
from microlot_desk.domain.geo_shapes import PlotShape, ShapeKind, from_stored
from microlot_desk.domain.gpx import read_gpx
from microlot_desk.domain.lots import Lot, Plot
from microlot_desk.domain.strict_json import loads_strict
from microlot_desk.errors import KnownError, NotFound
from microlot_desk.paths import resources_dir
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.lot_repository import LotRepository

# The largest location file (GPX walk, GeoJSON) read: a walk of a large farm, logged every
# second, is well under 1 MB.
MAX_LOCATION_FILE_BYTES = 10 * 1024 * 1024


class GeometryRefused(KnownError):
    """A plot location was not accepted: `problems` lists every rule it breaks (codes and
    values, see domain.geo_rules); `plot` names the plot. Nothing was saved."""

    code = "geometry_refused"

    def __init__(self, plot: str, problems: Sequence[GeoProblem]) -> None:
        super().__init__(plot=plot, count=len(problems))
        self.plot = plot
        self.problems = tuple(problems)


class GeometryUnreadable(KnownError):
    """The input could not be read as a location: `reason` (a domain.geo_input code)."""

    code = "geometry_unreadable"


@functools.cache
def country_bounds() -> CountryBounds:
    """resources/geo/country_bounds.json (see its "source")."""
    data = loads_strict((resources_dir() / "geo" / "country_bounds.json").read_bytes())
    boxes: dict[str, tuple[Box, ...]] = {}
    for code, items in data["boxes"].items():
        boxes[code] = tuple((float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in items)
    return boxes


def read_location(
    *,
    point: str | None = None,
    polygon: str | None = None,
    geojson: bytes | str | None = None,
    gpx: bytes | None = None,
) -> PlotShape:
    """Exactly one source: typed 'lat, lon'; typed polygon ('lat, lon' per line); GeoJSON text;
    GPX bytes. GeometryUnreadable says what is wrong with it."""
    try:
        if point is not None:
            return parse_typed_point(point)
        if polygon is not None:
            return parse_typed_polygon(polygon)
        if geojson is not None:
            return parse_geojson(geojson)
        if gpx is not None:
            return read_gpx(gpx)
    except GeoInputError as error:
        raise GeometryUnreadable(**{**error.values, "reason": error.code}) from None
    raise GeometryUnreadable(reason="no_input")


class PlotService:
    def __init__(self, lots: LotService, bounds: CountryBounds | None = None) -> None:
        self._lots = lots
        self._database = lots.database
        self._repo = LotRepository(self._database)
        self._bounds = bounds

    @property
    def bounds(self) -> CountryBounds:
        return self._bounds if self._bounds is not None else country_bounds()

    def plot(self, lot: Lot, plot: str) -> Plot:
        """A plot of the lot by id or by name (case-insensitive); NotFound otherwise."""
        for candidate in lot.plots:
            if candidate.id == plot or candidate.name.casefold() == plot.casefold():
                return candidate
        raise NotFound(kind="plot", key=plot)

    def check(self, lot: Lot, plot: Plot, shape: PlotShape) -> GeoReport:
        """The EUDR rules applied to a location for this plot, without saving anything."""
        return check_plot_shape(
            shape, area_ha=plot.area_ha, country=lot.country, bounds=self.bounds
        )

    def check_stored(self, lot: Lot) -> list[tuple[Plot, GeoReport]]:
        """Each plot's recorded location checked as the export will check it."""
        return [
            (plot, self.check(lot, plot, from_stored(plot.geometry, plot.geometry_decimals)))  # type: ignore[arg-type]
            for plot in lot.plots
            if plot.geometry is not None
        ]

    def set_location(self, lot_id: str, plot: str, shape: PlotShape) -> GeoReport:
        """Check and save a plot's point or outline (normalised: 6-decimal ring, closed,
        counter-clockwise). GeometryRefused lists every broken rule and nothing is saved. A
        polygon's computed area fills the plot's area when none was recorded."""
        with self._database.write():
            lot = self._lots.get(lot_id)
            target = self.plot(lot, plot)
            report = self.check(lot, target, shape)
            if not report.ok or report.shape is None:
                raise GeometryRefused(target.name or target.id, report.problems)
            area = None
            if report.shape.kind is ShapeKind.POLYGON and target.area_ha is None:
                area = format(report.area_ha, "f") if report.area_ha is not None else None
            geometry = report.shape.to_geojson()
            decimals = shape.fewest_decimals()
            self._repo.update_plot_location(target.id, geometry, decimals, area, self._stamp())
            self._lots.verdicts.refresh(self._repo.lots_of_plot(target.id))
        return report

    def clear_location(self, lot_id: str, plot: str) -> None:
        with self._database.write():
            target = self.plot(self._lots.get(lot_id), plot)
            self._repo.update_plot_location(target.id, None, None, None, self._stamp())
            self._lots.verdicts.refresh(self._repo.lots_of_plot(target.id))

    def _stamp(self) -> dict[str, str]:
        return {
            "updated_at": stamp(self._lots.clock),
            "updated_by": self._lots.station.station_id,
        }
