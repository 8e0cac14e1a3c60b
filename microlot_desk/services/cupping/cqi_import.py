"""Importing graded samples from a CQI certificate CSV: lots, samples and their panel results,
all in ONE transaction, all or nothing: a file with a row that cannot be imported writes nothing
and names every such row, unless the caller asks to skip them (`skip_bad_rows`, the CLI's
--skip-bad-rows), when the other rows go in and the skipped ones are named.

Each new readable row becomes a lot (code from the station's pattern), a sample of it (the
given sample type) in a session per grading date, and an imported panel result scored by an
independent lab (CQI grading is third-party) on the file's form: SCA 2004 for the arabica
layout, Fine Robusta for the robusta one (domain.cupping.cqi_rows). The recorded final is the
certificate's stated total when the cells agree with it within two-decimal rounding, else the
cells' sum; such a row is reported as a mismatch and keeps both numbers.

Importing is idempotent: a row imported before (same content, or the same lot number and
grading date: storage.import_keys) or repeated in the file is reported unchanged and written
no second time. Rows are read, checked and written as the file is read, a chunk at a time
(services.cupping.cqi_writer), so memory stays flat whatever the number of rows; once a bad row
is found in an all-or-nothing import the rest is only checked, and the transaction is rolled
back at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.cupping.cqi_csv import CellError, Columns, CsvFileError, read_records
from microlot_desk.domain.cupping.cqi_rows import (
    CqiRow,
    Layout,
    layout_of,
    lot_input,
    read_cqi_row,
)
from microlot_desk.domain.cupping.sessions import SampleType
from microlot_desk.domain.lot_changes import apply_changes, check_lot
from microlot_desk.domain.lot_fields import parse_fields
from microlot_desk.domain.lots import Lot, Producer
from microlot_desk.domain.vocabulary import ProducerKind
from microlot_desk.services.common.cupping_errors import CsvRefused
from microlot_desk.services.common.form_library import FormLibrary
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.station import StationSettings
from microlot_desk.services.cupping.cqi_writer import SOURCE, CheckedRow, CqiWriter
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.import_keys import ImportKeys

PROGRESS_EVERY = 500  # rows between two progress reports (and chances to cancel)


@dataclass(frozen=True)
class Mismatch:
    """A row whose stated total is further from the cells' sum than rounding allows."""

    row: int
    stated: Decimal
    computed: Decimal


@dataclass(frozen=True)
class CqiReport:
    """What an import did: rows imported, rows already there (unchanged), total mismatches,
    rows that cannot be imported (`errors`), the form, the sessions made and the codes of the
    lots made, in file order. `refused`: there were bad rows and they were not to be skipped,
    so nothing was imported."""

    imported: int
    unchanged: tuple[int, ...]
    mismatches: tuple[Mismatch, ...]
    errors: tuple[CellError, ...]
    form_id: str
    session_ids: tuple[str, ...]
    lot_codes: tuple[str, ...]
    refused: bool = False


class _BadRows(Exception):
    """Raised inside the transaction of an all-or-nothing import that found a bad row."""


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

    def run(
        self,
        data: bytes,
        source: str,
        sample_type: SampleType,
        verdicts: VerdictRefresher | None = None,
        *,
        skip_bad_rows: bool = False,
        progress: Progress | None = None,
    ) -> CqiReport:
        """Import the file's new rows (see the module); CsvRefused (nothing written) for an
        unusable file. `progress` hears (rows read, about how many there are)."""
        layouts: list[Layout] = []

        def choose(header: list[str]) -> Columns:
            layouts.append(layout_of(header))
            return layouts[-1].columns

        try:
            _, records = read_records(data, choose)
        except CsvFileError as error:
            raise CsvRefused(error.reason, source=source, detail=error.detail) from None
        layout = layouts[-1]
        known = ImportKeys(self._database).known(SOURCE)
        about = max(data.count(b"\n") - 1, 1)  # a quoted cell may span lines: an upper bound
        seen: set[str] = set()
        unchanged: list[int] = []
        errors: list[CellError] = []
        mismatches: list[Mismatch] = []
        imported = 0
        try:
            with self._database.write():
                writer = CqiWriter(
                    self._database,
                    self._forms.get(layout.form_id),
                    self._station,
                    source=source,
                    sample_type=sample_type,
                    now={"updated_at": stamp(self._clock), "updated_by": self._station.station_id},
                    today=self._clock().date(),
                    verdicts=verdicts
                    or VerdictRefresher(self._database, forms=lambda: self._forms),
                )
                for item in records:
                    if isinstance(item, CellError):
                        errors.append(item)
                        continue
                    if progress is not None and item.row % PROGRESS_EVERY == 0:
                        progress.step(item.row, max(about, item.row))
                    parsed = read_cqi_row(item.row, item.cells, layout)
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
                    if errors and not skip_bad_rows:
                        continue  # nothing will be written: the rest is only checked
                    writer.add(checked)
                    imported += 1
                    if parsed.mismatch and parsed.stated is not None:
                        mismatches.append(Mismatch(parsed.row, parsed.stated, parsed.computed))
                if errors and not skip_bad_rows:
                    raise _BadRows
                writer.flush()
        except CsvFileError as error:  # past the row cap: rolled back
            raise CsvRefused(error.reason, source=source, detail=error.detail) from None
        except _BadRows:
            return CqiReport(
                imported=0,
                unchanged=tuple(unchanged),
                mismatches=(),
                errors=tuple(sorted(errors, key=lambda e: e.row)),
                form_id=layout.form_id,
                session_ids=(),
                lot_codes=(),
                refused=True,
            )
        by_date = sorted(writer.sessions, key=lambda session: session.held_on)
        return CqiReport(
            imported=imported,
            unchanged=tuple(unchanged),
            mismatches=tuple(mismatches),
            errors=tuple(sorted(errors, key=lambda e: e.row)),
            form_id=layout.form_id,
            session_ids=tuple(session.id for session in by_date),
            lot_codes=tuple(writer.codes_by_row[row] for row in sorted(writer.codes_by_row)),
        )


def _check_lot(row: CqiRow) -> CheckedRow | list[CellError]:
    """The lot a row makes, checked with the lot editor's own rules (nothing written yet)."""
    wanted = lot_input(row)
    values, errors = parse_fields(wanted.fields)
    if not errors:
        draft = apply_changes(Lot(id="check", code="", name=""), values, _stand_in_producer)
        errors = check_lot(draft)
        if not errors:
            return CheckedRow(row, draft)
    found = {
        (wanted.columns.get(e.field, ""), e.code): wanted.fields.get(e.field, "") for e in errors
    }  # the name and the farm may both come from Farm.Name: one error for the one cell
    return [CellError(row.row, column, code, value) for (column, code), value in found.items()]


def _stand_in_producer(name: str, kind: ProducerKind, country: str) -> Producer:
    return Producer(id="check", name=name, kind=kind, country=country)
