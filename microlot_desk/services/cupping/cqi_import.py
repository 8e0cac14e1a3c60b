"""Importing graded samples from a CQI certificate CSV: lots, samples and their panel results,
all in ONE transaction (the file is read and checked first; a refused file writes nothing).

Each new readable row becomes a lot (code from the station's pattern), a sample of it (the
given sample type) in a session per grading date, and an imported panel result scored by an
independent lab (CQI grading is third-party) on the file's form: SCA 2004 for the arabica
layout, Fine Robusta for the robusta one (domain.cupping.cqi_rows). The recorded final is the
certificate's stated total when the cells agree with it within two-decimal rounding, else the
cells' sum; such a row is reported as a mismatch and keeps both numbers.

Importing is idempotent: a row imported before (same content, or the same lot number and
grading date: storage.import_keys) or repeated in the file is reported unchanged and written
no second time. The writes are batched (one statement per table, not per row) and the codes,
list rows and verdicts are worked out once per import, so time grows with the rows written.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.cupping import FormTemplate
from microlot_desk.domain.cupping.blind_codes import ALL_CODES, new_blind_codes
from microlot_desk.domain.cupping.cqi_csv import CellError, Columns, CsvFileError, read_records
from microlot_desk.domain.cupping.cqi_rows import (
    CqiRow,
    Layout,
    layout_of,
    lot_input,
    read_cqi_row,
)
from microlot_desk.domain.cupping.session_panel import SessionRecord
from microlot_desk.domain.cupping.sessions import (
    Affiliation,
    CuppingSession,
    ImportedResult,
    Sample,
    SampleType,
)
from microlot_desk.domain.lot_changes import apply_changes, check_lot, new_id
from microlot_desk.domain.lot_fields import parse_fields
from microlot_desk.domain.lots import Lot, Producer
from microlot_desk.domain.vocabulary import ProducerKind
from microlot_desk.services.common.cupping_errors import CsvRefused
from microlot_desk.services.common.form_library import FormLibrary
from microlot_desk.services.common.station import StationSettings
from microlot_desk.services.lots.lot_batch import LotBatch
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.import_keys import ImportKey, ImportKeys

SOURCE = "cqi"


@dataclass(frozen=True)
class Mismatch:
    """A row whose stated total is further from the cells' sum than rounding allows."""

    row: int
    stated: Decimal
    computed: Decimal


@dataclass(frozen=True)
class CqiReport:
    """What an import did: rows imported, rows already there (unchanged), total mismatches,
    unreadable cells (rows skipped), the form, the sessions made and the codes of the lots
    made, in file order."""

    imported: int
    unchanged: tuple[int, ...]
    mismatches: tuple[Mismatch, ...]
    errors: tuple[CellError, ...]
    form_id: str
    session_ids: tuple[str, ...]
    lot_codes: tuple[str, ...]


@dataclass(frozen=True)
class _Ready:
    """A row to write and its lot, checked; the lot's producer is a stand-in until written."""

    row: CqiRow
    draft: Lot


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

    def run(
        self,
        data: bytes,
        source: str,
        sample_type: SampleType,
        verdicts: VerdictRefresher | None = None,
    ) -> CqiReport:
        """Import the file's new readable rows; CsvRefused (nothing written) for an unusable
        file."""
        layouts: list[Layout] = []

        def choose(header: list[str]) -> Columns:
            layouts.append(layout_of(header))
            return layouts[-1].columns

        try:
            _, records, errors = read_records(data, choose)
        except CsvFileError as error:
            raise CsvRefused(error.reason, source=source, detail=error.detail) from None
        layout = layouts[-1]
        known = ImportKeys(self._database).known(SOURCE)
        seen: set[str] = set()
        ready: list[_Ready] = []
        unchanged: list[int] = []
        for record in records:
            parsed = read_cqi_row(record.row, record.cells, layout)
            if isinstance(parsed, list):
                errors.extend(parsed)
                continue
            key = parsed.content_key
            if key in seen or known.has(key, parsed.lot_number, parsed.graded_on):
                unchanged.append(parsed.row)
                continue
            checked = _check_lot(parsed)
            if isinstance(checked, list):
                errors.extend(checked)
                continue
            seen.add(key)
            ready.append(checked)
        written = self._write(ready, layout, source, sample_type, verdicts) if ready else None
        return CqiReport(
            imported=len(ready),
            unchanged=tuple(unchanged),
            mismatches=tuple(
                Mismatch(r.row.row, r.row.stated, r.row.computed)
                for r in ready
                if r.row.mismatch and r.row.stated is not None
            ),
            errors=tuple(sorted(errors, key=lambda e: e.row)),
            form_id=layout.form_id,
            session_ids=written[0] if written else (),
            lot_codes=written[1] if written else (),
        )

    def _write(
        self,
        ready: list[_Ready],
        layout: Layout,
        source: str,
        sample_type: SampleType,
        verdicts: VerdictRefresher | None,
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        form = self._forms.get(layout.form_id)
        now = {"updated_at": stamp(self._clock), "updated_by": self._station.station_id}
        today = self._clock().date()
        groups: dict[date, list[_Ready]] = defaultdict(list)
        for item in ready:
            groups[item.row.graded_on or today].append(item)
        sessions: list[CuppingSession] = []
        samples: list[Sample] = []
        results: list[ImportedResult] = []
        keys: list[ImportKey] = []
        rows_written: list[int] = []
        with self._database.write():
            lots = LotBatch(self._database, self._station, now)
            for held_on in sorted(groups):
                rows = groups[held_on]
                for start in range(0, len(rows), len(ALL_CODES)):  # 999 codes per session
                    session = _session(held_on, source, form, now)
                    sessions.append(session)
                    chunk = rows[start : start + len(ALL_CODES)]
                    codes = new_blind_codes(len(chunk))
                    for position, (item, code) in enumerate(zip(chunk, codes, strict=True), 1):
                        lot = _lot(item, lots, item.row.year or today.year, now)
                        lots.add(lot)
                        rows_written.append(item.row.row)
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
                        samples.append(sample)
                        results.append(_result(sample, item.row))
                        keys.append(
                            ImportKey(
                                sample.id,
                                SOURCE,
                                item.row.content_key,
                                item.row.lot_number,
                                item.row.graded_on,
                            )
                        )
            lots.write()
            self._cupping.insert_sessions(sessions)
            self._cupping.insert_samples(samples)
            self._cupping.insert_imported_many(results, now)
            ImportKeys(self._database).write_many(keys)
            refresher = verdicts or VerdictRefresher(self._database, forms=lambda: self._forms)
            refresher.refresh_new(lots.lots, _records(sessions, samples, results))
        by_row = dict(zip(rows_written, (lot.code for lot in lots.lots), strict=True))
        return tuple(s.id for s in sessions), tuple(by_row[row] for row in sorted(by_row))


def _records(
    sessions: list[CuppingSession], samples: list[Sample], results: list[ImportedResult]
) -> list[SessionRecord]:
    """The sessions as just written, for scoring the new lots without reading them back: an
    imported session has samples and their results only (no cuppers, sheets or reveals)."""
    by_session: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_session[sample.session_id].append(sample)
    by_sample = {result.sample_id: result for result in results}
    return [
        SessionRecord(
            session=session,
            samples=tuple(sorted(by_session[session.id], key=lambda s: (s.position, s.id))),
            cuppers=(),
            imported={s.id: by_sample[s.id] for s in by_session[session.id]},
        )
        for session in sessions
    ]


def _session(held_on: date, source: str, form: FormTemplate, now: dict[str, str]) -> CuppingSession:
    return CuppingSession(
        id=new_id(),
        held_on=held_on,
        title=source.replace("\\", "/").rsplit("/", 1)[-1][:160],
        place="",
        form_id=form.id,
        form_version=form.version,
        blind=False,
        leader="",
        created_at=now["updated_at"],
        updated_at=now["updated_at"],
        updated_by=now["updated_by"],
    )


def _lot(item: _Ready, lots: LotBatch, year: int, now: dict[str, str]) -> Lot:
    """The checked lot made real: its id, stamps, code and the batch's producer record."""
    draft = item.draft
    named = draft.producer
    return dataclasses.replace(
        draft,
        id=new_id(),
        code=lots.code_for(draft.country, year),
        producer=lots.producer(named.name, named.kind, named.country) if named else None,
        created_at=now["updated_at"],
        updated_at=now["updated_at"],
        updated_by=now["updated_by"],
    )


def _result(sample: Sample, row: CqiRow) -> ImportedResult:
    return ImportedResult(
        sample_id=sample.id,
        source=SOURCE,
        source_row=row.row,
        sections=row.sections,
        final=row.final,
        stated_final=row.stated,
        graded_on=row.graded_on,
        affiliation=Affiliation.INDEPENDENT_LAB,
        extras=row.extras,
    )


def _check_lot(row: CqiRow) -> _Ready | list[CellError]:
    """The lot a row makes, checked with the lot editor's own rules (nothing written yet)."""
    wanted = lot_input(row)
    values, errors = parse_fields(wanted.fields)
    if not errors:
        draft = apply_changes(Lot(id="check", code="", name=""), values, _stand_in_producer)
        errors = check_lot(draft)
        if not errors:
            return _Ready(row, draft)
    found = {
        (wanted.columns.get(e.field, ""), e.code): wanted.fields.get(e.field, "") for e in errors
    }  # the name and the farm may both come from Farm.Name: one error for the one cell
    return [CellError(row.row, column, code, value) for (column, code), value in found.items()]


def _stand_in_producer(name: str, kind: ProducerKind, country: str) -> Producer:
    return Producer(id="check", name=name, kind=kind, country=country)
