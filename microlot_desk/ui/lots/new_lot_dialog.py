"""A short dialog for a new lot: its name and country (the code is derived from them)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from microlot_desk.domain.lots import Lot
from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.common.texts import error_text, field_error_text, field_label, tr
from microlot_desk.ui.lots.field_widgets import CountryField


class NewLotDialog(QDialog):
    def __init__(self, lots: LotService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New lot", "NewLotDialog"))
        self._lots = lots
        self.created: Lot | None = None
        self.name = QLineEdit(self)
        self.name.setObjectName("newLotName")
        self.country = CountryField(self)
        self.country.setObjectName("newLotCountry")
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        hint = QLabel(
            tr(
                "The code is made from the country and the year, like CO-2026-015. "
                "Everything else is filled in beside the list after OK.",
                "NewLotDialog",
            ),
            self,
        )
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(field_label("name"), self.name)
        form.addRow(field_label("country"), self.country)
        form.addRow(hint)
        form.addRow(self.message)
        form.addRow(buttons)
        self.setMinimumWidth(440)  # room for a long country name in the list
        self.name.setFocus()

    def _create(self) -> None:
        try:
            self.created = self._lots.add_lot(
                {"name": self.name.text(), "country": self.country.value()}
            )
        except ValidationFailed as refused:
            self.message.setText(
                "\n".join(f"{field_label(e.field)}: {field_error_text(e)}" for e in refused.errors)
            )
            return
        except KnownError as error:
            self.message.setText(error_text(error))
            return
        self.accept()
