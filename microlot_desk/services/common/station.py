"""This station's identity and conventions, read from and written to its settings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.evidence import DEFAULT_EVIDENCE_MAX_MB
from microlot_desk.domain.lot_changes import new_id
from microlot_desk.domain.lot_codes import DEFAULT_PATTERN, check_pattern
from microlot_desk.domain.size_classes import SizeThresholds
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.settings_repository import SettingsRepository


@dataclass(frozen=True)
class StationSettings:
    station_id: str
    station_name: str
    code_pattern: str
    thresholds: SizeThresholds
    evidence_max_mb: int = DEFAULT_EVIDENCE_MAX_MB

    @property
    def evidence_max_bytes(self) -> int:
        return self.evidence_max_mb * 1024 * 1024


def load_station(database: OpenDatabase) -> StationSettings:
    """Read the station settings, giving a new database its random station id on first use."""
    settings = SettingsRepository(database)
    station_id = settings.get("station_id")
    if not station_id and not database.read_only:
        station_id = new_id()
        with database.write():
            settings.set("station_id", station_id)
    pattern = settings.get("lot_code_pattern", DEFAULT_PATTERN)
    check_pattern(pattern)
    thresholds = SizeThresholds(
        nano_below=Decimal(settings.get("size_nano_below", "50")),
        micro_from=Decimal(settings.get("size_micro_from", "100")),
        micro_to=Decimal(settings.get("size_micro_to", "1000")),
        second_look_from=Decimal(settings.get("size_second_look_from", "500")),
    )
    return StationSettings(
        station_id=station_id or "read-only",
        station_name=settings.get("station_name", ""),
        code_pattern=pattern,
        thresholds=thresholds,
        evidence_max_mb=int(settings.get("evidence_max_mb", str(DEFAULT_EVIDENCE_MAX_MB))),
    )
