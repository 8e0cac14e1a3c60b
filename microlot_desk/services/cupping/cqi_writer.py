"""Writing the checked rows of a CQI import, a chunk at a time, inside the import's transaction:
each chunk's lots, sessions, samples, panel results, import keys and verdicts go in with one
statement per table, and then the chunk is let go, so an import of 100,000 rows holds one
chunk in memory, not the file's worth of lots.

A session is made per grading date when its first row comes, its blind codes drawn one sample
at a time; a date with more rows than codes (999) goes on in a second session. Lot codes follow
the file's order (LotBatch counts on from the codes the database has).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from microlot_desk.domain.cupping import FormTemplate
from microlot_desk.domain.cupping.blind_codes import ALL_CODES, draw_blind_code
from microlot_desk.domain.cupping.cqi_rows import CqiRow
from microlot_desk.domain.cupping.session_panel import SessionRecord
from microlot_desk.domain.cupping.sessions import (
    Affiliation,
    CuppingSession,
    ImportedResult,
    Sample,
    SampleType,
)
from microlot_desk.domain.lot_changes import new_id
from microlot_desk.domain.lots import Lot
from microlot_desk.services.common.station import StationSettings
from microlot_desk.services.lots.lot_batch import LotBatch
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.import_keys import ImportKey, ImportKeys

SOURCE = "cqi"
CHUNK_ROWS = 2000  # rows written together: big enough for one statement per table to pay


@dataclass(frozen=True)
class CheckedRow:
    """A row to write and its lot, checked; the lot's producer is a stand-in until written."""

    row: CqiRow
    draft: Lot


@dataclass
class _OpenSession:
    session: CuppingSession
    codes: set[str]  # the blind codes given so far


class CqiWriter:
    def __init__(
        self,
        database: OpenDatabase,
        form: FormTemplate,
        station: StationSettings,
        *,
        source: str,
        sample_type: SampleType,
        now: dict[str, str],
        today: date,
        verdicts: VerdictRefresher,
    ) -> None:
        self._lots = LotBatch(database, station, now)
        self._cupping = CuppingRepository(database)
        self._keys = ImportKeys(database)
        self._form = form
        self._title = source.replace("\\", "/").rsplit("/", 1)[-1][:160]
        self._sample_type = sample_type
        self._now = now
        self._today = today
        self._verdicts = verdicts
        self._open: dict[date, _OpenSession] = {}
        self._pending: list[CheckedRow] = []
        self.sessions: list[CuppingSession] = []
        self.codes_by_row: dict[int, str] = {}

    def add(self, checked: CheckedRow) -> None:
        self._pending.append(checked)
        if len(self._pending) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the rows added since the last flush."""
        if not self._pending:
            return
        made: list[CuppingSession] = []
        samples: list[Sample] = []
        results: list[ImportedResult] = []
        keys: list[ImportKey] = []
        rows: list[int] = []
        for item in self._pending:
            held_on = item.row.graded_on or self._today
            lot = self._lot(item, item.row.year or self._today.year)
            self._lots.add(lot)
            sample = self._sample(held_on, lot, made)
            samples.append(sample)
            results.append(_result(sample, item.row))
            row = item.row
            keys.append(
                ImportKey(sample.id, SOURCE, row.content_key, row.lot_number, row.graded_on)
            )
            rows.append(row.row)
        lots = self._lots.write()
        self._cupping.insert_sessions(made)
        self._cupping.insert_samples(samples)
        self._cupping.insert_imported_many(results, self._now)
        self._keys.write_many(keys)
        self._verdicts.refresh_new(lots, self._records(samples, results))
        self.codes_by_row.update(zip(rows, (lot.code for lot in lots), strict=True))
        self._pending = []

    def _sample(self, held_on: date, lot: Lot, made: list[CuppingSession]) -> Sample:
        current = self._open.get(held_on)
        if current is None or len(current.codes) >= len(ALL_CODES):  # 999 codes per session
            session = self._session(held_on)
            current = self._open[held_on] = _OpenSession(session, set())
            made.append(session)
            self.sessions.append(session)
        code = draw_blind_code(current.codes)
        current.codes.add(code)
        return Sample(
            id=new_id(),
            session_id=current.session.id,
            lot_id=lot.id,
            position=len(current.codes),
            sample_type=self._sample_type,
            blind_code=code,
            updated_at=self._now["updated_at"],
            updated_by=self._now["updated_by"],
        )

    def _records(self, samples: list[Sample], results: list[ImportedResult]) -> list[SessionRecord]:
        """This chunk's part of each session, as just written, for scoring the new lots without
        reading them back: an imported sample's panel is its own result (no cuppers, sheets
        or reveals), so a session's other chunks do not change it."""
        by_session: dict[str, list[Sample]] = {}
        for sample in samples:
            by_session.setdefault(sample.session_id, []).append(sample)
        by_sample = {result.sample_id: result for result in results}
        sessions = {current.session.id: current.session for current in self._open.values()}
        return [
            SessionRecord(
                session=sessions[session_id],
                samples=tuple(found),
                cuppers=(),
                imported={sample.id: by_sample[sample.id] for sample in found},
            )
            for session_id, found in by_session.items()
        ]

    def _session(self, held_on: date) -> CuppingSession:
        return CuppingSession(
            id=new_id(),
            held_on=held_on,
            title=self._title,
            place="",
            form_id=self._form.id,
            form_version=self._form.version,
            blind=False,
            leader="",
            created_at=self._now["updated_at"],
            updated_at=self._now["updated_at"],
            updated_by=self._now["updated_by"],
        )

    def _lot(self, item: CheckedRow, year: int) -> Lot:
        """The checked lot made real: its id, stamps, code and the batch's producer record."""
        draft, now = item.draft, self._now
        named = draft.producer
        return dataclasses.replace(
            draft,
            id=new_id(),
            code=self._lots.code_for(draft.country, year),
            producer=self._lots.producer(named.name, named.kind, named.country) if named else None,
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
