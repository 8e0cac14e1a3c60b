"""Importing graded samples from a CQI-style CSV: lots, samples and their panel results, all
rows in ONE transaction (the file is read and checked first; a refused file writes nothing).

Each readable row becomes a lot (code from the station's pattern), a sample of it (the given
sample type) in a session per grading date, and an imported panel result (SCA 2004 form,
scored by an independent lab: CQI grading is third-party) whose final is the sum of the ten
attributes. Rows whose stated Total.Cup.Points is more than 0.02 from that sum are reported
(and imported); unreadable rows are reported by row and column and skipped.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.cupping.blind_codes import ALL_CODES, new_blind_code
from microlot_desk.domain.cupping.cqi_csv import CellError, CsvFileError, read_records
from microlot_desk.domain.cupping.cqi_rows import (
    ATTRIBUTES,
    USED_COLUMNS,
    CqiRow,
    LotInput,
    lot_input,
    read_cqi_row,
)
from microlot_desk.domain.cupping.sessions import (
    Affiliation,
    CuppingSession,
    ImportedResult,
    Sample,
    SampleType,
)
from microlot_desk.domain.lot_changes import apply_changes, check_lot, new_id
from microlot_desk.domain.lot_codes import code_prefix, next_code
from microlot_desk.domain.lot_fields import parse_fields
from microlot_desk.domain.lots import Lot, Producer
from microlot_desk.domain.vocabulary import ProducerKind
from microlot_desk.services.cupping_errors import CsvRefused
from microlot_desk.services.form_library import FormLibrary
from microlot_desk.services.station import StationSettings
from microlot_desk.services.verdict_refresh import VerdictRefresher
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.lot_repository import LotRepository

FORM_ID = "sca-2004"
SOURCE = "cqi"


@dataclass(frozen=True)
class Mismatch:
    """A row whose stated total differs from the recomputed one by more than 0.02."""

    row: int
    stated: Decimal
    computed: Decimal


@dataclass(frozen=True)
class CqiReport:
    """What an import did: rows imported, total mismatches, unreadable cells (rows skipped),
    the sessions made and the codes of the lots made, in file order."""

    imported: int
    mismatches: tuple[Mismatch, ...]
    errors: tuple[CellError, ...]
    session_ids: tuple[str, ...]
    lot_codes: tuple[str, ...]


@dataclass(frozen=True)
class _Ready:
    row: CqiRow
    lot: LotInput
    values: dict[str, Any]


class CqiImporter:
    def __init__(
        self,
        database: OpenDatabase,
        forms: FormLibrary,
        station: StationSettings,
        clock: Clock | None = None,
    ) -> None:
        self._database = database
        self._forms = forms
        self._station = station
        self._clock = clock or database.clock
        self._cupping = CuppingRepository(database)
        self._lots = LotRepository(database)

    def run(
        self,
        data: bytes,
        source: str,
        sample_type: SampleType,
        verdicts: VerdictRefresher | None = None,
    ) -> CqiReport:
        """Import the file's readable rows; CsvRefused (nothing written) for an unusable file."""
        try:
            records, errors = read_records(data, tuple(ATTRIBUTES), USED_COLUMNS)
        except CsvFileError as error:
            raise CsvRefused(error.reason, source=source, detail=error.detail) from None
        ready: list[_Ready] = []
        for record in records:
            parsed = read_cqi_row(record.row, record.cells)
            if isinstance(parsed, list):
                errors.extend(parsed)
                continue
            checked = _check_lot(parsed)
            if isinstance(checked, list):
                errors.extend(checked)
            else:
                ready.append(checked)
        sessions, codes = self._write(ready, source, sample_type, verdicts) if ready else ((), ())
        return CqiReport(
            imported=len(ready),
            mismatches=tuple(
                Mismatch(r.row.row, r.row.stated, r.row.computed)
                for r in ready
                if r.row.mismatch and r.row.stated is not None
            ),
            errors=tuple(sorted(errors, key=lambda e: e.row)),
            session_ids=sessions,
            lot_codes=codes,
        )

    def _write(
        self,
        ready: list[_Ready],
        source: str,
        sample_type: SampleType,
        verdicts: VerdictRefresher | None,
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        form = self._forms.get(FORM_ID)
        today = self._clock().date()
        groups: dict[date, list[_Ready]] = defaultdict(list)
        for item in ready:
            groups[item.row.graded_on or today].append(item)
        sessions: list[str] = []
        codes: dict[int, str] = {}
        lot_ids: list[str] = []
        with self._database.write():
            for held_on in sorted(groups):
                rows = groups[held_on]
                for start in range(0, len(rows), len(ALL_CODES)):  # 999 codes per session
                    session = self._session(held_on, source, form.version)
                    sessions.append(session.id)
                    taken: set[str] = set()
                    for position, item in enumerate(rows[start : start + len(ALL_CODES)], 1):
                        lot = self._insert_lot(item, item.row.year or today.year)
                        codes[item.row.row] = lot.code
                        lot_ids.append(lot.id)
                        code = new_blind_code(taken)
                        taken.add(code)
                        self._insert_sample(session, lot, item, position, code, sample_type)
            (verdicts or VerdictRefresher(self._database, forms=lambda: self._forms)).refresh(
                lot_ids
            )
        return tuple(sessions), tuple(codes[row] for row in sorted(codes))

    def _stamp(self) -> dict[str, str]:
        return {"updated_at": stamp(self._clock), "updated_by": self._station.station_id}

    def _session(self, held_on: date, source: str, version: int) -> CuppingSession:
        now = self._stamp()
        session = CuppingSession(
            id=new_id(),
            held_on=held_on,
            title=source.replace("\\", "/").rsplit("/", 1)[-1][:160],
            place="",
            form_id=FORM_ID,
            form_version=version,
            blind=False,
            leader="",
            created_at=now["updated_at"],
            updated_at=now["updated_at"],
            updated_by=now["updated_by"],
        )
        self._cupping.insert_session(session)
        return session

    def _insert_lot(self, item: _Ready, year: int) -> Lot:
        now = self._stamp()

        def resolve(name: str, kind: ProducerKind, country: str) -> Producer:
            return self._lots.find_or_create_producer(name, kind, country, now)

        draft = Lot(
            id=new_id(),
            code="",
            name="",
            created_at=now["updated_at"],
            updated_at=now["updated_at"],
            updated_by=now["updated_by"],
        )
        lot = apply_changes(draft, item.values, resolve)
        station = self._station
        prefix = code_prefix(
            station.code_pattern, country=lot.country, year=year, station=station.station_name
        )
        code = next_code(
            station.code_pattern,
            country=lot.country,
            year=year,
            station=station.station_name,
            existing=self._lots.codes_with_prefix(prefix),
        )
        lot = dataclasses.replace(lot, code=code)
        self._lots.insert(lot)
        return lot

    def _insert_sample(
        self,
        session: CuppingSession,
        lot: Lot,
        item: _Ready,
        position: int,
        code: str,
        sample_type: SampleType,
    ) -> None:
        now = self._stamp()
        sample = Sample(
            id=new_id(),
            session_id=session.id,
            lot_id=lot.id,
            position=position,
            sample_type=sample_type,
            blind_code=code,
            updated_at=now["updated_at"],
            updated_by=now["updated_by"],
        )
        self._cupping.insert_sample(sample)
        result = ImportedResult(
            sample_id=sample.id,
            source=SOURCE,
            source_row=item.row.row,
            sections=item.row.sections,
            final=item.row.computed,
            stated_final=item.row.stated,
            graded_on=item.row.graded_on,
            affiliation=Affiliation.INDEPENDENT_LAB,
            extras=item.row.extras,
        )
        self._cupping.insert_imported(result, now)


def _check_lot(row: CqiRow) -> _Ready | list[CellError]:
    """The lot a row makes, checked with the lot editor's own rules (nothing written yet)."""
    wanted = lot_input(row)
    values, errors = parse_fields(wanted.fields)
    if not errors:
        draft = Lot(id="check", code="", name="")
        errors = check_lot(apply_changes(draft, values, _no_producer))
    if not errors:
        return _Ready(row, wanted, values)
    found = {
        (wanted.columns.get(e.field, ""), e.code): wanted.fields.get(e.field, "") for e in errors
    }  # the name and the farm may both come from Farm.Name: one error for the one cell
    return [CellError(row.row, column, code, value) for (column, code), value in found.items()]


def _no_producer(name: str, kind: ProducerKind, country: str) -> Producer:
    return Producer(id="check", name=name, kind=kind, country=country)
