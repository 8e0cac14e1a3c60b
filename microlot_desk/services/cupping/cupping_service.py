"""Cupping sessions: setting one up, opening it at the table, revealing a blind one, and a lot's
score history. Each public method that writes is one transaction (BEGIN IMMEDIATE ... COMMIT);
everything a method returns was committed before it returned.

Sheets (the per-field entry, exclusions, panel results) are in `CuppingService.sheets`, a
CuppingSheetService over the same database. Field keys for the `fields` mappings are listed in
domain.cupping.session_fields; bad input raises ValidationFailed naming every bad field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from microlot_desk.clock import Clock, stamp
from microlot_desk.domain.cupping import FormTemplate
from microlot_desk.domain.cupping.blind_codes import NoCodeLeft, new_blind_code
from microlot_desk.domain.cupping.session_fields import (
    CUPPER_PARSERS,
    SAMPLE_PARSERS,
    SESSION_PARSERS,
    parse_reason,
    parse_with,
    protocol_from,
)
from microlot_desk.domain.cupping.sessions import (
    Affiliation,
    Cupper,
    CuppingSession,
    Reveal,
    Sample,
    SampleType,
    SessionOverview,
    first_reveal,
)
from microlot_desk.domain.field_parsing import MAX_LIST_ITEMS
from microlot_desk.domain.lot_changes import new_id
from microlot_desk.errors import FieldError, NotFound, ValidationFailed
from microlot_desk.services.common.cupping_errors import (
    AmbiguousSession,
    CupperAlreadyInSession,
    DuplicateLicence,
    FormChangeRefused,
    SessionFull,
    SessionNotBlind,
)
from microlot_desk.services.common.cupping_history import (
    ScoreHistoryEntry,
    lot_history,
    lots_history,
)
from microlot_desk.services.common.cupping_loader import SessionLoader
from microlot_desk.services.common.cupping_views import (
    SampleView,
    SessionBoard,
    SessionView,
    sample_view,
)
from microlot_desk.services.common.form_library import (
    FormLibrary,
    UnknownFormError,
    load_form_library,
)
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.station import StationSettings, load_station
from microlot_desk.services.cupping.cqi_import import CqiImporter, CqiReport
from microlot_desk.services.cupping.cupping_sheets import CuppingSheetService
from microlot_desk.services.lots.verdict_refresh import VerdictRefresher
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.database import OpenDatabase

MIN_ID_PREFIX = 4


class CuppingService:
    def __init__(
        self,
        database: OpenDatabase,
        forms: FormLibrary | None = None,
        clock: Clock | None = None,
        station: StationSettings | None = None,
    ) -> None:
        self._database = database
        self._repo = CuppingRepository(database)
        self.forms: FormLibrary = forms if forms is not None else load_form_library()
        self._clock = clock or database.clock
        self.station: StationSettings = station or load_station(database)
        self._loader = SessionLoader(self._repo, self.forms)
        self.verdicts = VerdictRefresher(database, forms=lambda: self.forms)
        self.sheets = CuppingSheetService(
            database, self._repo, self._loader, self._clock, self.station, self.verdicts
        )

    @property
    def clock(self) -> Clock:
        return self._clock

    def _stamp(self) -> dict[str, str]:
        return {"updated_at": stamp(self._clock), "updated_by": self.station.station_id}

    # ---- reading -------------------------------------------------------------------------

    def sessions(self) -> list[SessionOverview]:
        """Every session, newest first, with its counts; never a lot (safe for blind ones)."""
        return self._repo.overviews()

    def session(self, session_id: str) -> SessionView:
        """A session with its samples (codes only while blind), cuppers and sheet progress."""
        return self._loader.load(session_id).view()

    def open_session(self, session_id: str) -> SessionBoard:
        """A session and every sample's panel result, from one read: what the table opens."""
        return self._loader.load(session_id).board()

    def find_session(self, text: str) -> str:
        """The id of the session whose id is `text` or starts with it (at least 4 characters);
        NotFound or AmbiguousSession otherwise."""
        prefix = text.strip().lower()
        found = self._repo.session_ids_starting(prefix) if len(prefix) >= MIN_ID_PREFIX else []
        if prefix in found:
            return prefix
        if len(found) > 1:
            raise AmbiguousSession(prefix=text, count=len(found))
        if not found:
            raise NotFound(kind="session", key=text)
        return found[0]

    def form(self, session_id: str) -> FormTemplate:
        """The form (at its pinned version) a session is scored on."""
        return self._loader.form_of(self._repo.session(session_id))

    def cuppers(self) -> list[Cupper]:
        """The roster of cuppers known to this database, by name."""
        return self._repo.cuppers()

    def lot_history(self, lot_id: str) -> tuple[ScoreHistoryEntry, ...]:
        """A lot's panel results across sessions and sample types, oldest first. Samples of a
        blind session that is not yet revealed are left out (they would give the code away)."""
        return lot_history(self._repo, self._loader, lot_id)

    def lots_history(self, lot_ids: list[str]) -> dict[str, tuple[ScoreHistoryEntry, ...]]:
        """lot_history of many lots, each session loaded once; lots never cupped are absent."""
        return lots_history(self._repo, self._loader, lot_ids)

    # ---- setting up ----------------------------------------------------------------------

    def create_session(self, fields: Mapping[str, Any]) -> SessionView:
        """A new session. Required: held_on, form_id (the newest version is pinned).
        Optional: title, place, blind (default False), leader, notes, protocol keys."""
        values, errors = parse_with(SESSION_PARSERS, fields, required=("held_on", "form_id"))
        form = self._resolve_form(values.get("form_id"), errors)
        if errors or form is None:
            raise ValidationFailed(errors)
        now = self._stamp()
        session = CuppingSession(
            id=new_id(),
            held_on=values["held_on"],
            title=values.get("title", ""),
            place=values.get("place", ""),
            form_id=form.id,
            form_version=form.version,
            blind=values.get("blind", False),
            leader=values.get("leader", ""),
            protocol=protocol_from(values),
            notes=values.get("notes", ""),
            created_at=now["updated_at"],
            updated_at=now["updated_at"],
            updated_by=now["updated_by"],
        )
        with self._database.write():
            self._repo.insert_session(session)
        return self.session(session.id)

    def update_session(self, session_id: str, fields: Mapping[str, Any]) -> SessionView:
        """Change some session fields (not `blind`: a blind session ends only by reveal()).
        The form may change only while no sheet has a value: FormChangeRefused otherwise."""
        parsers = {k: v for k, v in SESSION_PARSERS.items() if k != "blind"}
        values, errors = parse_with(parsers, fields)
        form = self._resolve_form(values.pop("form_id", None), errors)
        if errors:
            raise ValidationFailed(errors)
        with self._database.write():
            current = self._repo.session(session_id)
            changes = {k: v for k, v in values.items() if k in _SESSION_ATTRIBUTES}
            changed = dataclasses.replace(
                current,
                protocol=protocol_from(values, current.protocol),
                **changes,
                updated_at=stamp(self._clock),
                updated_by=self.station.station_id,
            )
            if form is not None and (form.id, form.version) != (
                current.form_id,
                current.form_version,
            ):
                if any(s.values for s in self._repo.sheets.of_session(session_id, dict)):
                    raise FormChangeRefused(session=session_id)
                changed = dataclasses.replace(changed, form_id=form.id, form_version=form.version)
            self._repo.update_session(changed)
            self.verdicts.refresh_cupping(self._repo, session_id)
        return self.session(session_id)

    def _resolve_form(self, form_id: object, errors: list[FieldError]) -> FormTemplate | None:
        if not isinstance(form_id, str) or not form_id:
            return None
        try:
            return self.forms.get(form_id)
        except UnknownFormError:
            allowed = ", ".join(self.forms.ids())
            errors.append(
                FieldError("form_id", "unknown_choice", {"value": form_id, "allowed": allowed})
            )
            return None

    def add_sample(self, session_id: str, lot_id: str, fields: Mapping[str, Any]) -> SampleView:
        """Put a lot on the table as a new sample with a fresh random blind code. Required:
        sample_type; optional: roast_date, agtron_whole, agtron_ground, notes."""
        values, errors = parse_with(SAMPLE_PARSERS, fields, required=("sample_type",))
        if errors:
            raise ValidationFailed(errors)
        with self._database.write():
            self._repo.session(session_id)
            if not self._repo.lot_exists(lot_id):
                raise NotFound(kind="lot", key=lot_id)
            existing = self._repo.samples_of(session_id)
            try:
                code = new_blind_code({sample.blind_code for sample in existing})
            except NoCodeLeft:
                raise SessionFull(session=session_id) from None
            sample = Sample(
                id=new_id(),
                session_id=session_id,
                lot_id=lot_id,
                position=max((s.position for s in existing), default=0) + 1,
                sample_type=SampleType(values["sample_type"]),
                blind_code=code,
                roast_date=values.get("roast_date"),
                agtron_whole=values.get("agtron_whole"),
                agtron_ground=values.get("agtron_ground"),
                notes=values.get("notes", ""),
                updated_at=stamp(self._clock),
                updated_by=self.station.station_id,
            )
            self._repo.insert_sample(sample)
        loaded = self._loader.load(session_id)
        return sample_view(sample, loaded.record.hidden, loaded.lots)

    def register_cupper(self, fields: Mapping[str, Any]) -> Cupper:
        """A new person on the roster. Required: cupper_name, affiliation; optional q_licence
        (unique among cuppers: DuplicateLicence otherwise)."""
        cupper = self._new_cupper(fields)
        with self._database.write():
            self._insert_cupper(cupper)
        return cupper

    def add_cupper(self, session_id: str, cupper_id: str) -> Cupper:
        """Seat a cupper from the roster on a session's panel."""
        with self._database.write():
            return self._seat(session_id, self._repo.cupper(cupper_id))

    def add_new_cupper(self, session_id: str, fields: Mapping[str, Any]) -> Cupper:
        """register_cupper and add_cupper in one transaction."""
        cupper = self._new_cupper(fields)
        with self._database.write():
            self._insert_cupper(cupper)
            return self._seat(session_id, cupper)

    def _new_cupper(self, fields: Mapping[str, Any]) -> Cupper:
        values, errors = parse_with(CUPPER_PARSERS, fields, required=("cupper_name", "affiliation"))
        if errors:
            raise ValidationFailed(errors)
        return Cupper(
            id=new_id(),
            name=values["cupper_name"],
            q_licence=values.get("q_licence", ""),
            affiliation=Affiliation(values["affiliation"]),
            updated_at=stamp(self._clock),
            updated_by=self.station.station_id,
        )

    def _insert_cupper(self, cupper: Cupper) -> None:
        if cupper.q_licence:
            holder = self._repo.cupper_with_licence(cupper.q_licence)
            if holder is not None:
                raise DuplicateLicence(licence=cupper.q_licence, name=holder.name)
        self._repo.insert_cupper(cupper)

    def _seat(self, session_id: str, cupper: Cupper) -> Cupper:
        self._repo.session(session_id)
        seated = self._repo.cuppers_of(session_id)
        if any(other.id == cupper.id for other in seated):
            raise CupperAlreadyInSession(name=cupper.name)
        if len(seated) >= MAX_LIST_ITEMS:
            count = {"max": str(MAX_LIST_ITEMS), "count": str(len(seated) + 1)}
            raise ValidationFailed([FieldError("cuppers", "too_many_items", count)])
        self._repo.add_to_session(session_id, cupper.id, len(seated) + 1, self._stamp())
        return cupper

    # ---- importing -----------------------------------------------------------------------

    def import_cqi(
        self,
        data: bytes,
        source: str,
        sample_type: SampleType = SampleType.OFFER,
        *,
        skip_bad_rows: bool = False,
        progress: Progress | None = None,
    ) -> CqiReport:
        """Import a CQI-style CSV (see services.cupping.cqi_import) in one transaction: every
        row, or with a row that cannot be imported nothing (the report says `refused`) unless
        `skip_bad_rows`; CsvRefused, with nothing written, when the file cannot be used."""
        importer = CqiImporter(self._database, self.forms, self.station, self._clock)
        return importer.run(
            data,
            source,
            sample_type,
            self.verdicts,
            skip_bad_rows=skip_bad_rows,
            progress=progress,
        )

    # ---- revealing -----------------------------------------------------------------------

    def reveal(self, session_id: str, by: str) -> Reveal:
        """Show a blind session's lots, logged with who and when (append-only). Revealing an
        already revealed session logs nothing and returns the reveal in force."""
        name, errors = parse_reason(by, "by", max_len=160)
        if errors:
            raise ValidationFailed(errors)
        with self._database.write():
            session = self._repo.session(session_id)
            if not session.blind:
                raise SessionNotBlind(session=session_id)
            existing = first_reveal(self._repo.reveals_of(session_id))
            if existing is not None:
                return existing
            now = self._stamp()
            reveal = Reveal(new_id(), session_id, name, now["updated_at"], now["updated_by"])
            self._repo.append_reveal(reveal)
            self.verdicts.refresh_cupping(self._repo, session_id)
        return reveal


_SESSION_ATTRIBUTES = ("held_on", "title", "place", "leader", "notes")


class HoldsDatabase(Protocol):
    """What open_cupping needs of a Workspace. Naming Workspace here would make an import
    cycle: the Workspace builds its cupping service with open_cupping."""

    @property
    def database(self) -> OpenDatabase: ...


def open_cupping(workspace: HoldsDatabase, lab_forms: Path | None = None) -> CuppingService:
    """The cupping services over a workspace's database, with the built-in forms plus a lab's
    own templates from `lab_forms` when that folder exists (bad lab files are skipped)."""
    folder = lab_forms if lab_forms is not None and lab_forms.is_dir() else None
    forms = load_form_library(folder, skip_bad_lab_files=True)
    return CuppingService(workspace.database, forms)
