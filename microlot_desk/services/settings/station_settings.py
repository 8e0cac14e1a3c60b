"""Changing this station's conventions: its name, the lot-code pattern, the size thresholds,
the largest evidence file it accepts.

Each change is validated against the others (the thresholds must stay in order) and written in
one transaction; nothing is written when a value is refused.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from microlot_desk.domain.evidence import EVIDENCE_MAX_MB_RANGE
from microlot_desk.domain.lot_codes import BadPattern, check_pattern, next_code
from microlot_desk.domain.size_classes import SizeThresholds
from microlot_desk.errors import FieldError, ValidationFailed
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.station import StationSettings, load_station
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.settings_repository import SettingsRepository

# Setting name -> what a person calls it; the keys are also the names in the settings table.
EDITABLE = {
    "station_name": "Station name (may stand in lot codes as {station})",
    "lot_code_pattern": "Lot code pattern, e.g. {country}-{year}-{seq:03d}",
    "size_nano_below": "Nano-lot: below this many kg green",
    "size_micro_from": "Micro-lot: from this many kg green",
    "size_micro_to": "Micro-lot: up to and including this many kg green",
    "size_second_look_from": "A micro-lot claim warrants a second look from this many kg",
    "evidence_max_mb": "Largest photo or document accepted as evidence, in MB",
}
_THRESHOLDS = ("size_nano_below", "size_micro_from", "size_micro_to", "size_second_look_from")
SIZE_THRESHOLDS = _THRESHOLDS  # a change to one of these recomputes every lot's verdict


def _checked(current: StationSettings, key: str, value: str) -> str:
    text = value.strip()
    if key == "station_name":
        if len(text) > 40:
            raise ValidationFailed([FieldError(key, "too_long", {"max": "40"})])
        return text
    if key == "lot_code_pattern":
        try:
            check_pattern(text)
            next_code(text, country="CO", year=2026, station=current.station_name, existing=[])
        except (BadPattern, ValueError, KeyError, IndexError):
            raise ValidationFailed([FieldError(key, "bad_pattern")]) from None
        return text
    if key == "evidence_max_mb":
        return _megabytes(key, text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed([FieldError(key, "not_a_number")]) from None
    if not number.is_finite() or number <= 0:
        raise ValidationFailed([FieldError(key, "out_of_range", {"min": "0", "max": "∞"})])
    values = {
        "size_nano_below": current.thresholds.nano_below,
        "size_micro_from": current.thresholds.micro_from,
        "size_micro_to": current.thresholds.micro_to,
        "size_second_look_from": current.thresholds.second_look_from,
    }
    values[key] = number
    try:
        SizeThresholds(*(values[name] for name in _THRESHOLDS))
    except ValueError:
        raise ValidationFailed([FieldError(key, "thresholds_out_of_order")]) from None
    return format(number, "f")


def _megabytes(key: str, text: str) -> str:
    low, high = EVIDENCE_MAX_MB_RANGE
    if not text.isascii() or not text.isdigit():
        raise ValidationFailed([FieldError(key, "not_a_whole_number")])
    if not low <= int(text) <= high:
        raise ValidationFailed(
            [FieldError(key, "out_of_range", {"min": str(low), "max": str(high)})]
        )
    return str(int(text))


def check_setting(database: OpenDatabase, key: str, value: str) -> str:
    """The value as it would be stored; ValidationFailed when refused. Writes nothing."""
    if key not in EDITABLE:
        raise ValidationFailed([FieldError(key, "unknown_setting")])
    return _checked(load_station(database), key, value)


def change_setting(
    database: OpenDatabase, key: str, value: str, progress: Progress | None = None
) -> StationSettings:
    """Validate and store one setting; return the settings as they now are. A size threshold
    recomputes every lot's verdict in the same transaction (only in a worker; a cancel through
    `progress` leaves the old value and verdicts)."""
    checked = check_setting(database, key, value)
    with database.write():
        SettingsRepository(database).set(key, checked)
        if key in _THRESHOLDS:  # size classes decide the volume hallmark of every lot
            from microlot_desk.services.lots.verdict_refresh import VerdictRefresher

            VerdictRefresher(database).refresh_every_lot(progress)
    return load_station(database)


def current_settings(database: OpenDatabase) -> dict[str, str]:
    station = load_station(database)
    return {
        "station_id": station.station_id,
        "station_name": station.station_name,
        "lot_code_pattern": station.code_pattern,
        "size_nano_below": format(station.thresholds.nano_below, "f"),
        "size_micro_from": format(station.thresholds.micro_from, "f"),
        "size_micro_to": format(station.thresholds.micro_to, "f"),
        "size_second_look_from": format(station.thresholds.second_look_from, "f"),
        "evidence_max_mb": str(station.evidence_max_mb),
    }
