"""The cupping sessions as a table: date, title, place, form, blind or not, samples x cuppers and
how many sheets have been started. Built from the overviews, which never name a lot."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from microlot_desk.domain.cupping import SessionOverview
from microlot_desk.services.common.form_library import UnknownFormError
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.ui.common.cupping_texts import CONTEXT
from microlot_desk.ui.common.locale_formats import show_day
from microlot_desk.ui.common.row_models import ListTableModel
from microlot_desk.ui.common.texts import tr

SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Date", "Title", "Place", "Form", "Blind", "Samples × cuppers", "Sheets started")


class SessionTableModel(ListTableModel[SessionOverview]):
    def __init__(self, cupping: CuppingService, parent: Any = None) -> None:
        super().__init__(HEADERS, CONTEXT, parent)
        self._cupping = cupping
        self._forms: dict[tuple[str, int], str] = {}
        self.refresh()

    def refresh(self) -> None:
        self.set_rows(self._cupping.sessions())

    def session_id(self, row: int) -> str | None:
        overview = self.row(row)
        return overview.session.id if overview is not None else None

    def row_of(self, session_id: str) -> int:
        found = self.find_row(lambda overview: overview.session.id == session_id)
        return -1 if found is None else found

    def _form_name(self, form_id: str, version: int) -> str:
        if (form_id, version) not in self._forms:
            try:
                name = self._cupping.forms.get(form_id, version).name
            except UnknownFormError:
                name = f"{form_id} v{version}"
            self._forms[(form_id, version)] = name
        return self._forms[(form_id, version)]

    def cell_data(self, overview: SessionOverview, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(overview, column)
        if role == SESSION_ID_ROLE:
            return overview.session.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, overview: SessionOverview, column: int) -> str:
        session = overview.session
        if column == 0:
            return show_day(session.held_on)
        if column == 1:
            return session.title
        if column == 2:
            return session.place
        if column == 3:
            return self._form_name(session.form_id, session.form_version)
        if column == 4:
            if not session.blind:
                return tr("No", CONTEXT)
            return tr("Revealed", CONTEXT) if overview.revealed else tr("Blind", CONTEXT)
        if column == 5:
            return f"{overview.samples} × {overview.cuppers}"
        sheets = overview.samples * overview.cuppers
        return tr("{started} of {sheets}", CONTEXT).format(
            started=overview.sheets_started, sheets=sheets
        )
