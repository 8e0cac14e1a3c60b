"""Station settings as the Settings screen changes them: through the open LotService, so the
lot codes it hands out and the size classes it lists follow the change at once.

`LotService` reads the station settings once, when it is made; `station_settings.change_setting`
writes the settings table only. These keep the two in step, and preview the next lot code.
"""

from __future__ import annotations

from microlot_desk.domain.lot_codes import code_prefix, next_code
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.settings.station_settings import change_setting, current_settings
from microlot_desk.storage.lot_repository import LotRepository

PREVIEW_COUNTRY = "CO"  # when the database has no lot yet to take a country from


def change_station_setting(
    lots: LotService, key: str, value: str, progress: Progress | None = None
) -> dict[str, str]:
    """Validate and store one station setting (one transaction; ValidationFailed when refused,
    nothing written) and make `lots` use it; return the settings as they now are. A size
    threshold recomputes every verdict: see station_settings.change_setting."""
    lots.station = change_setting(lots.database, key, value, progress)
    return current_settings(lots.database)


def preview_country(lots: LotService) -> str:
    """A country this station's lots come from, for previewing codes."""
    countries = [c for c in lots.filter_values("country") if c]
    if not countries or PREVIEW_COUNTRY in countries:
        return PREVIEW_COUNTRY
    return countries[0]


def next_code_preview(lots: LotService, pattern: str, *, country: str, year: int) -> str:
    """The code the next lot from `country` harvested in `year` would get under `pattern`.
    Raises domain.lot_codes.BadPattern (or ValueError) for a pattern that cannot be used."""
    station = lots.station.station_name
    prefix = code_prefix(pattern, country=country, year=year, station=station)
    existing = LotRepository(lots.database).codes_with_prefix(prefix)
    return next_code(pattern, country=country, year=year, station=station, existing=existing)
