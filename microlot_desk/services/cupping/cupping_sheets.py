"""Cupping sheets at the table: one field at a time, each committed on its own, and the panel
leader's exclusions. Reached as `CuppingService.sheets`.

set_field is what the entry screen calls as a field is left: the value is checked against the
session's form (range and step, per-cup marks, choices), refused with the section named
(SheetValueRefused) or stored in one transaction; the sheet row is made with its first field.
"""

from __future__ import annotations

import dataclasses

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.cupping import ValueProblem
from microlot_desk.domain.cupping.session_fields import parse_reason
from microlot_desk.domain.cupping.session_panel import score_stored
from microlot_desk.domain.cupping.sessions import (
    Exclusion,
    ExclusionAction,
    Sheet,
    current_exclusion,
)
from microlot_desk.domain.cupping.sheet_codec import check_field, encode_field, field_kind
from microlot_desk.domain.lot_changes import new_id
from microlot_desk.errors import NotFound, ValidationFailed
from microlot_desk.services.common.cupping_errors import (
    SheetAlreadyExcluded,
    SheetNotExcluded,
    refusal,
)
from microlot_desk.services.common.cupping_loader import SessionLoader
from microlot_desk.services.common.cupping_views import SamplePanel, SheetView, sheet_view
from microlot_desk.services.common.station import StationSettings
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase

MAX_NOTE = 4000


class CuppingSheetService:
    def __init__(
        self,
        database: OpenDatabase,
        repository: CuppingRepository,
        loader: SessionLoader,
        clock: Clock,
        station: StationSettings,
        verdicts: VerdictRefresher | None = None,
    ) -> None:
        self._database = database
        self._repo = repository
        self._loader = loader
        self._clock = clock
        self._station = station
        self._verdicts = verdicts or VerdictRefresher(database, forms=lambda: loader.forms)

    def _stamp(self) -> dict[str, str]:
        return {"updated_at": stamp(self._clock), "updated_by": self._station.station_id}

    # ---- reading -------------------------------------------------------------------------

    def get(self, sample_id: str, cupper_id: str) -> SheetView:
        """One cupper's sheet for one sample (empty, with sheet_id None, before any field)."""
        sample = self._repo.sample(sample_id)
        session = self._repo.session(sample.session_id)
        sheet_id = self._repo.sheets.sheet_id_for(sample_id, cupper_id)
        if sheet_id is not None:
            return self.result(sheet_id)
        self._check_seated(session.id, cupper_id)
        empty = Sheet(id="", session_id=session.id, sample_id=sample_id, cupper_id=cupper_id)
        view = sheet_view(score_stored(self._loader.form_of(session), empty), None)
        return dataclasses.replace(view, sheet_id=None)

    def result(self, sheet_id: str) -> SheetView:
        """A stored sheet with its result (final and warnings) once complete, else what is
        missing, and the exclusion in force."""
        session = self._repo.session(self._repo.sheets.session_of(sheet_id))
        sheet = self._repo.sheets.get(sheet_id, self._loader.decoder_for(session))
        exclusion = current_exclusion(self._repo.sheets.exclusion_log(sheet_id))
        return sheet_view(score_stored(self._loader.form_of(session), sheet), exclusion)

    def panel(self, sample_id: str) -> SamplePanel:
        """A sample's panel result: mean, sd, min, max per section and final, flagged cuppers,
        exclusions (blind-safe: the sample shows only its code while hidden)."""
        sample = self._repo.sample(sample_id)
        return self._loader.load(sample.session_id).board().panel(sample_id)

    # ---- writing -------------------------------------------------------------------------

    def set_field(self, sample_id: str, cupper_id: str, key: str, value: object) -> SheetView:
        """Check and store one field (None clears it), in one transaction.

        value: a score as Decimal, int or plain decimal text ("8.75"; never float); a cups
        section as cups passing (int) or one bool per cup; a choice as its text; per-cup
        marks as a list with one entry per cup; descriptors as a list of box keys.
        Raises SheetValueRefused (code sheet_<reason>, params section, label, value, min, max,
        step, ...) when the form does not accept it; NotFound for an unknown sample or a
        cupper not on the session's panel. Returns the sheet as committed.
        """
        with self._database.write():
            sample = self._repo.sample(sample_id)
            session = self._repo.session(sample.session_id)
            self._check_seated(session.id, cupper_id)
            form = self._loader.form_of(session)
            problem = check_field(form, key, value)
            if problem is not None:
                raise refusal(form, problem)
            sheet_id = self._sheet_for(session.id, sample_id, cupper_id, create=value is not None)
            if sheet_id is not None:
                text = encode_field(form, key, value)
                self._repo.sheets.put_value(sheet_id, key, text, self._stamp())
                self._verdicts.refresh_cupping(self._repo, session.id, [sample.lot_id])
        return self.get(sample_id, cupper_id)

    def set_note(self, sample_id: str, cupper_id: str, key: str, text: str) -> SheetView:
        """Store the free-text note of a section (key "" for the whole sheet); "" clears it."""
        with self._database.write():
            sample = self._repo.sample(sample_id)
            session = self._repo.session(sample.session_id)
            self._check_seated(session.id, cupper_id)
            form = self._loader.form_of(session)
            if key and field_kind(form, key) is None:
                raise refusal(form, ValueProblem(key, "unknown_key"))
            note, errors = parse_reason(text, "note", max_len=MAX_NOTE)
            if errors and errors[0].code != "required":
                raise ValidationFailed(errors)
            sheet_id = self._sheet_for(session.id, sample_id, cupper_id, create=bool(note))
            if sheet_id is not None:
                self._repo.sheets.put_note(sheet_id, key, note or None, self._stamp())
        return self.get(sample_id, cupper_id)

    def exclude(self, sheet_id: str, reason: str, by: str) -> Exclusion:
        """Leave a sheet out of its sample's panel means, with a reason (logged, append-only;
        the sheet itself is kept and still listed). SheetAlreadyExcluded if it is."""
        return self._log(sheet_id, ExclusionAction.EXCLUDE, reason, by)

    def restore(self, sheet_id: str, reason: str, by: str) -> Exclusion:
        """Take an excluded sheet back into the means (logged too). SheetNotExcluded if it
        already counts."""
        return self._log(sheet_id, ExclusionAction.RESTORE, reason, by)

    def _log(self, sheet_id: str, action: ExclusionAction, reason: str, by: str) -> Exclusion:
        why, errors = parse_reason(reason, "reason")
        who, more = parse_reason(by, "by", max_len=160)
        if errors or more:
            raise ValidationFailed([*errors, *more])
        with self._database.write():
            session_id = self._repo.sheets.session_of(sheet_id)  # NotFound for an unknown sheet
            current = current_exclusion(self._repo.sheets.exclusion_log(sheet_id))
            if action is ExclusionAction.EXCLUDE and current is not None:
                raise SheetAlreadyExcluded(sheet=sheet_id)
            if action is ExclusionAction.RESTORE and current is None:
                raise SheetNotExcluded(sheet=sheet_id)
            now = self._stamp()
            entry = Exclusion(
                new_id(), sheet_id, action, why, who, now["updated_at"], now["updated_by"]
            )
            self._repo.sheets.append_exclusion(entry)
            self._verdicts.refresh_cupping(self._repo, session_id)
        return entry

    def _check_seated(self, session_id: str, cupper_id: str) -> None:
        if not any(c.id == cupper_id for c in self._repo.cuppers_of(session_id)):
            raise NotFound(kind="cupper", key=cupper_id)

    def _sheet_for(
        self, session_id: str, sample_id: str, cupper_id: str, *, create: bool
    ) -> str | None:
        sheet_id = self._repo.sheets.sheet_id_for(sample_id, cupper_id)
        if sheet_id is None and create:
            sheet_id = new_id()
            self._repo.sheets.insert(sheet_id, session_id, sample_id, cupper_id, self._stamp())
        return sheet_id
