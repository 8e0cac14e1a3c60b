"""Reading a whole session once and turning it into views: shared by the cupping services.

A session of 10 cuppers x 12 samples is about a dozen queries and 120 sheets scored in memory;
nothing is cached, so what the table shows is always what was committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from microlot_desk.domain.cupping import FormTemplate
from microlot_desk.domain.cupping.session_panel import (
    SamplePanelResult,
    ScoredSheet,
    SessionRecord,
    session_panels,
)
from microlot_desk.domain.cupping.sessions import Cupper, CuppingSession, LotLabel
from microlot_desk.domain.cupping.sheet_codec import decode_values
from microlot_desk.services.common.cupping_errors import UnknownCuppingForm
from microlot_desk.services.common.cupping_views import (
    SessionBoard,
    SessionView,
    panel_view,
    session_view,
)
from microlot_desk.services.common.form_library import FormLibrary, UnknownFormError
from microlot_desk.storage.cupping_repository import CuppingRepository
from microlot_desk.storage.cupping_sheet_repository import Decoder


@dataclass(frozen=True)
class LoadedSession:
    """A session's record, its form, every sheet scored, every sample's panel, lot labels."""

    record: SessionRecord
    form: FormTemplate
    scored: Mapping[str, ScoredSheet]
    panels: tuple[SamplePanelResult, ...]
    lots: Mapping[str, LotLabel]
    cuppers: Mapping[str, Cupper]

    def view(self) -> SessionView:
        return session_view(self.record, self.form, self.lots, self.scored)

    def board(self) -> SessionBoard:
        view = self.view()
        samples = {sample.id: sample for sample in view.samples}
        return SessionBoard(
            view, tuple(panel_view(p, samples[p.sample_id], self.cuppers) for p in self.panels)
        )


class SessionLoader:
    def __init__(self, repository: CuppingRepository, forms: FormLibrary) -> None:
        self._repo = repository
        self._forms = forms

    @property
    def forms(self) -> FormLibrary:
        return self._forms

    def form_of(self, session: CuppingSession) -> FormTemplate:
        """The form a session was set up with, at the version it was set up with."""
        try:
            return self._forms.get(session.form_id, session.form_version)
        except UnknownFormError as error:
            form = f"{session.form_id} v{session.form_version}"
            available = ", ".join(self._forms.ids())
            raise UnknownCuppingForm(form=form, available=available) from error

    def decoder_for(self, session: CuppingSession) -> Decoder:
        form = self.form_of(session)
        return lambda stored: decode_values(form, stored)

    def load(self, session_id: str) -> LoadedSession:
        record = self._repo.load(session_id, self.decoder_for)
        lots = {} if record.hidden else self._repo.lot_labels(s.lot_id for s in record.samples)
        return self.from_record(record, lots)

    def load_many(
        self,
        session_ids: Iterable[str],
        *,
        skip_unknown_forms: bool = False,
        lot_labels: bool = True,
    ) -> dict[str, LoadedSession]:
        """`load` of many sessions (an import's thousands) with one query per table in all;
        a session no longer there is absent. A session on a form this library lacks raises
        UnknownCuppingForm, or with `skip_unknown_forms` is left out. Without `lot_labels`
        the sessions' lot codes and names are not read (a score history needs none)."""
        unknown: set[str] = set()

        def decoder_for(session: CuppingSession) -> Decoder:
            try:
                return self.decoder_for(session)
            except UnknownCuppingForm:
                if not skip_unknown_forms:
                    raise
                unknown.add(session.id)
                return lambda stored: {}

        found = self._repo.load_many(session_ids, decoder_for)
        records = {sid: record for sid, record in found.items() if sid not in unknown}
        shown = [r for r in records.values() if not r.hidden] if lot_labels else []
        labels = self._repo.lot_labels(s.lot_id for record in shown for s in record.samples)
        return {
            session_id: self.from_record(
                record,
                {}
                if record.hidden
                else {s.lot_id: labels[s.lot_id] for s in record.samples if s.lot_id in labels},
            )
            for session_id, record in records.items()
        }

    def from_record(
        self, record: SessionRecord, lots: Mapping[str, LotLabel] | None = None
    ) -> LoadedSession:
        """The loaded session of a record already in hand (an import's sessions, just made):
        the same scoring as `load`, without reading back what was written."""
        form = self.form_of(record.session)
        scored, panels = session_panels(form, record)
        cuppers = {cupper.id: cupper for cupper in record.cuppers}
        for sheet in record.sheets:  # a sheet by someone no longer on the panel stays listed
            if sheet.cupper_id not in cuppers:
                cuppers[sheet.cupper_id] = self._repo.cupper(sheet.cupper_id, any_state=True)
        return LoadedSession(record, form, scored, panels, lots or {}, cuppers)
