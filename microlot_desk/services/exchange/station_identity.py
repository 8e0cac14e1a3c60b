"""Who this station is to others, and whom it trusts.

Its identity is the Ed25519 key pair beside the database (storage.station_key),
made on first start, and the fingerprint people compare (domain.fingerprints). The stations
it trusts are a list the user keeps (name, fingerprint, when trusted), stored in the
database's settings so it travels with every backup; a bundle is accepted only from a
station on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.fingerprints import BadFingerprint, fingerprint, parse_fingerprint
from microlot_desk.errors import BadFingerprintText, NotFound
from microlot_desk.services.common.station import load_station
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.settings_repository import SettingsRepository
from microlot_desk.storage.station_key import key_path, load_or_create_key, public_bytes

TRUSTED_KEY = "trusted_stations"
MAX_NAME = 120


@dataclass(frozen=True)
class StationIdentity:
    name: str
    fingerprint: str
    public_key: bytes  # raw, 32 bytes
    key_file: Path


@dataclass(frozen=True)
class TrustedStation:
    name: str
    fingerprint: str
    trusted_at: str  # ISO 8601 UTC


def station_identity(database: OpenDatabase) -> StationIdentity:
    """This station's name (settings) and key (made on first use, beside the database)."""
    path = key_path(database.path.parent)
    public = public_bytes(load_or_create_key(path))
    return StationIdentity(load_station(database).station_name, fingerprint(public), public, path)


class TrustedStations:
    def __init__(self, database: OpenDatabase, clock: Clock | None = None) -> None:
        self._database = database
        self._clock = clock or database.clock
        self._settings = SettingsRepository(database)

    def all(self) -> list[TrustedStation]:
        """The trusted stations, in the order they were trusted."""
        try:
            items = json.loads(self._settings.get(TRUSTED_KEY, "[]"))
            return [
                TrustedStation(str(i["name"]), str(i["fingerprint"]), str(i["at"])) for i in items
            ]
        except (ValueError, TypeError, KeyError):
            return []  # a list edited by hand into nonsense trusts nobody

    def find(self, typed: str) -> TrustedStation | None:
        wanted = _parsed(typed)
        return next((s for s in self.all() if s.fingerprint == wanted), None)

    def trust(self, typed: str, name: str = "") -> TrustedStation:
        """Trust the station of that fingerprint (again: its name is changed, the date kept)."""
        wanted = _parsed(typed)
        name = " ".join(name.split())[:MAX_NAME]
        kept = self.all()
        earlier = next((s for s in kept if s.fingerprint == wanted), None)
        station = TrustedStation(
            name, wanted, earlier.trusted_at if earlier else stamp(self._clock)
        )
        listed = [station if s.fingerprint == wanted else s for s in kept]
        self._write(listed if earlier else [*kept, station])
        return station

    def forget(self, typed: str) -> TrustedStation:
        """Stop trusting a station; NotFound when it was not trusted."""
        wanted = _parsed(typed)
        kept = self.all()
        found = next((s for s in kept if s.fingerprint == wanted), None)
        if found is None:
            raise NotFound(kind="trusted station", key=wanted)
        self._write([s for s in kept if s.fingerprint != wanted])
        return found

    def _write(self, stations: list[TrustedStation]) -> None:
        text = json.dumps(
            [{"name": s.name, "fingerprint": s.fingerprint, "at": s.trusted_at} for s in stations],
            ensure_ascii=False,
        )
        with self._database.write():
            self._settings.set(TRUSTED_KEY, text)


def _parsed(typed: str) -> str:
    try:
        return parse_fingerprint(typed)
    except BadFingerprint:
        raise BadFingerprintText(text=typed[:60]) from None
