"""Recording and finding lots. Each public method that writes is one transaction."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.lot_changes import (
    ProducerResolver,
    apply_changes,
    check_lot,
    new_id,
)
from microlot_desk.domain.lot_codes import code_prefix, next_code
from microlot_desk.domain.lot_fields import parse_fields
from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.domain.lots import Lot, LotSummary, Producer
from microlot_desk.domain.vocabulary import ProducerKind
from microlot_desk.errors import DuplicateCode, FieldError, NotFound, ValidationFailed
from microlot_desk.services.common.station import StationSettings, load_station
from microlot_desk.services.lots.lot_batch import LotBatch
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_list import LotList
from microlot_desk.storage.lot_repository import LotRepository

if TYPE_CHECKING:
    from microlot_desk.services.lots.lot_records import FormsProvider
    from microlot_desk.services.lots.verdict_refresh import VerdictRefresher


class LotService:
    def __init__(self, database: OpenDatabase, clock: Clock | None = None) -> None:
        """`clock` defaults to the database's: the one the app (or a test) opened it with."""
        self._database = database
        self._lots = LotRepository(database)
        self._list = LotList(database)
        self._clock = clock or database.clock
        self.station: StationSettings = load_station(database)
        self._verdicts: VerdictRefresher | None = None
        self._forms: FormsProvider | None = None

    @property
    def verdicts(self) -> VerdictRefresher:
        """Keeps each lot's stored verdict current; made on the first save (the verdict rules
        and cupping forms it reads are not needed to show the list)."""
        if self._verdicts is None:
            from microlot_desk.services.lots.verdict_refresh import VerdictRefresher

            self._verdicts = VerdictRefresher(self._database)
            if self._forms is not None:
                self._verdicts.records.use_forms(self._forms)
        return self._verdicts

    def use_forms(self, forms: FormsProvider) -> None:
        """Score cupping sessions in stored verdicts with these forms (the lab's own too)."""
        self._forms = forms
        if self._verdicts is not None:
            self._verdicts.records.use_forms(forms)

    @property
    def read_only(self) -> bool:
        return self._database.read_only

    @property
    def database(self) -> OpenDatabase:
        """The open database, for the services built over the same file (custody, evidence)."""
        return self._database

    @property
    def clock(self) -> Clock:
        return self._clock

    # ---- reading -------------------------------------------------------------------------

    def get(self, lot_id: str) -> Lot:
        return self._lots.get(lot_id)

    def get_by_code(self, code: str) -> Lot:
        return self._lots.get_by_code(code)

    def count(self, query: LotQuery) -> int:
        return self._list.count(self._with_thresholds(query))

    def page(self, query: LotQuery, offset: int, limit: int) -> list[LotSummary]:
        return self._list.page(self._with_thresholds(query), offset, limit)

    def filter_values(self, column: str) -> list[str]:
        return self._list.distinct(column)

    def total(self) -> int:
        return self._list.total()

    def _with_thresholds(self, query: LotQuery) -> LotQuery:
        return dataclasses.replace(query, thresholds=self.station.thresholds)

    # ---- writing -------------------------------------------------------------------------

    def add_lot(self, raw: Mapping[str, Any], *, lot_id: str | None = None) -> Lot:
        """Validate every field at once and store a new lot; raise ValidationFailed otherwise."""
        with self._database.write():
            return self._insert(raw, lot_id)

    def add_lots(self, items: Sequence[tuple[Mapping[str, Any], str | None]]) -> list[Lot]:
        """Add several lots, each (raw fields, optional id), in ONE transaction: all or none.
        A refusal names the row (1 = first item) as well as the field. Written as one batch
        (services.lots.lot_batch): thousands of lots cost little more than inserting the rows."""
        now = stamp(self._clock)
        with self._database.write():
            batch = LotBatch(
                self._database, self.station, {"updated_at": now, "updated_by": self.station_id}
            )
            for row, (raw, lot_id) in enumerate(items, start=1):
                try:
                    lot, given = self._draft(raw, lot_id, now, batch.producer, batch.code_for)
                except ValidationFailed as refused:
                    raise ValidationFailed(refused.errors, row=row) from None
                batch.add(lot, code_given=given)
            try:
                written = batch.write()
            except DuplicateCode as taken:
                code = str(taken.params.get("code", "")).upper()
                rows = [n for n, lot in enumerate(batch.lots, 1) if lot.code.upper() == code]
                row = rows[1] if len(rows) > 1 else rows[0]  # a code given twice: the second
                raise ValidationFailed([FieldError("code", "duplicate_code")], row=row) from None
            self.verdicts.refresh_new(written)
        return written

    def _insert(self, raw: Mapping[str, Any], lot_id: str | None) -> Lot:
        now = stamp(self._clock)
        lot, _ = self._draft(raw, lot_id, now, self._producer_resolver(now), self._next_code)
        self._store(lot, insert=True)
        return lot

    def _draft(
        self,
        raw: Mapping[str, Any],
        lot_id: str | None,
        now: str,
        resolve: ProducerResolver,
        code_for: Callable[[str, int], str],
    ) -> tuple[Lot, bool]:
        """The new lot the fields describe, and whether its code was given (else picked by
        `code_for(country, year)`); ValidationFailed naming every bad field."""
        values, errors = parse_fields(raw)
        code = values.pop("code", "")
        given = bool(code)
        if not given:
            year = (values.get("harvest_start") or self._clock().date()).year
            code = code_for(values.get("country", ""), year)
        draft = Lot(
            id=lot_id or new_id(),
            code=code,
            name="",
            created_at=now,
            updated_at=now,
            updated_by=self.station_id,
        )
        lot = apply_changes(draft, values, resolve)
        # A rule over several fields adds nothing about a field already refused on its own
        # ("is required" under "must be text").
        refused = {error.field for error in errors}
        errors += [error for error in check_lot(lot) if error.field not in refused]
        if errors:
            raise ValidationFailed(_unique(errors))
        return lot, given

    @property
    def station_id(self) -> str:
        return self.station.station_id

    def add_sub_lot(self, parent: Lot, raw: Mapping[str, Any], green_kg: Decimal) -> Lot:
        """A new lot made from part of `parent` (inside the caller's transaction: see
        LineageService.split): the same producer, farm, plots, coffee and process, its own
        code (given, else the parent's code with -A, -B …), name and green weight."""
        values, errors = parse_fields({k: v for k, v in raw.items() if k in ("code", "name")})
        if errors:
            raise ValidationFailed(errors)
        now = stamp(self._clock)
        lot = dataclasses.replace(
            parent,
            id=new_id(),
            code=values.get("code") or self._sub_code(parent.code),
            name=values.get("name") or parent.name,
            green_kg=green_kg,
            bag_count=None,
            created_at=now,
            updated_at=now,
            updated_by=self.station.station_id,
        )
        self._store(lot, insert=True)
        return lot

    def _sub_code(self, parent_code: str) -> str:
        taken = set(self._lots.codes_with_prefix(f"{parent_code}-"))
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if f"{parent_code}-{letter}" not in taken:
                return f"{parent_code}-{letter}"[:32]
        return f"{parent_code}-{len(taken) + 1}"[:32]

    def _store(self, lot: Lot, *, insert: bool) -> None:
        try:
            (self._lots.insert if insert else self._lots.update)(lot)
        except DuplicateCode:
            raise ValidationFailed([FieldError("code", "duplicate_code")]) from None
        self.verdicts.refresh([lot.id], lot=lot)

    def exists(self, lot_id: str) -> bool:
        try:
            self._lots.get(lot_id)
        except NotFound:
            return False
        return True

    def update_fields(self, lot_id: str, raw: Mapping[str, Any]) -> Lot:
        """Change some fields of one lot in one transaction; nothing changes if any is bad."""
        values, errors = parse_fields(raw)
        if errors:
            raise ValidationFailed(errors)
        now = stamp(self._clock)
        try:
            with self._database.write():
                current = self._lots.get(lot_id)
                lot = apply_changes(current, values, self._producer_resolver(now))
                lot = dataclasses.replace(lot, updated_at=now, updated_by=self.station.station_id)
                problems = check_lot(lot)
                if problems:
                    raise ValidationFailed(problems)
                if lot == dataclasses.replace(current, updated_at=now, updated_by=lot.updated_by):
                    raise _Unchanged(current)  # rolls back: an unchanged field writes nothing
                self._store(lot, insert=False)
        except _Unchanged as unchanged:
            return unchanged.lot
        return lot

    def _producer_resolver(self, now: str) -> Any:
        stamp_fields = {"updated_at": now, "updated_by": self.station.station_id}

        def resolve(name: str, kind: ProducerKind, country: str) -> Producer:
            return self._lots.find_or_create_producer(name, kind, country, stamp_fields)

        return resolve

    def _next_code(self, country: str, year: int) -> str:
        pattern = self.station.code_pattern
        station = self.station.station_name
        prefix = code_prefix(pattern, country=country, year=year, station=station)
        existing = self._lots.codes_with_prefix(prefix)
        return next_code(pattern, country=country, year=year, station=station, existing=existing)


class _Unchanged(Exception):
    def __init__(self, lot: Lot) -> None:
        super().__init__("unchanged")
        self.lot = lot


def _unique(errors: list[FieldError]) -> list[FieldError]:
    seen: set[tuple[str, str]] = set()
    result = []
    for error in errors:
        if (error.field, error.code) not in seen:
            seen.add((error.field, error.code))
            result.append(error)
    return result
