"""Many new lots written together (an import of thousands of rows, `LotService.add_lots`):
producers are looked up once and new ones made once per name, each code prefix is read from
the database once and then counted on in memory, and the lots, their list rows and search text
go in with one statement per table instead of several per lot. Inside OpenDatabase.write()."""

from __future__ import annotations

from microlot_desk.domain.lot_changes import new_id
from microlot_desk.domain.lot_codes import code_prefix, next_code
from microlot_desk.domain.lots import Lot, Producer
from microlot_desk.domain.vocabulary import ProducerKind
from microlot_desk.services.common.station import StationSettings
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_repository import LotRepository


class LotBatch:
    def __init__(self, database: OpenDatabase, station: StationSettings, stamp: dict[str, str]):
        """`stamp` (updated_at, updated_by) goes on every producer the batch makes."""
        self._repo = LotRepository(database)
        self._station = station
        self._stamp = stamp
        self._producers: dict[tuple[str, str], Producer] | None = None
        self._new_producers: list[Producer] = []
        # Per code prefix: the highest code issued so far (next_code only needs that one).
        self._last_code: dict[str, list[str]] = {}
        self._given_codes: list[str] = []
        self.lots: list[Lot] = []

    def producer(self, name: str, kind: ProducerKind, country: str) -> Producer:
        """The live producer of that name and kind, else a new one (written with the lots):
        the resolver lot_changes.apply_changes takes."""
        if self._producers is None:
            self._producers = self._repo.live_producers()
        found = self._producers.get((name, kind.value))
        if found is None:
            found = Producer(id=new_id(), name=name, kind=kind, country=country)
            self._producers[(name, kind.value)] = found
            self._new_producers.append(found)
        return found

    def code_for(self, country: str, year: int) -> str:
        """The next code of the station's pattern, counting the codes this batch has issued
        or been given."""
        pattern, station = self._station.code_pattern, self._station.station_name
        prefix = code_prefix(pattern, country=country, year=year, station=station)
        if prefix not in self._last_code:
            self._last_code[prefix] = self._repo.codes_with_prefix(prefix)
        existing = self._last_code[prefix] + self._given_codes
        code = next_code(pattern, country=country, year=year, station=station, existing=existing)
        self._last_code[prefix] = [code]
        return code

    def add(self, lot: Lot, *, code_given: bool = False) -> None:
        if code_given:
            self._given_codes.append(lot.code)
        self.lots.append(lot)

    def write(self) -> list[Lot]:
        """Store the new producers and every lot added since the last write (DuplicateCode
        names a code taken, and the lots stay added); return the lots written. A batch may
        write many times in one transaction (an import, a chunk at a time): the codes it
        issued count on."""
        self._repo.insert_producers(self._new_producers, self._stamp)
        self._new_producers = []
        self._repo.insert_many(self.lots)
        written, self.lots = self.lots, []
        return written
