"""Short dialogs that only choose what to print: which label sheet and how many labels per sample,
which cupping form to print blank. They open with `open()` (not a blocking exec) and say what
was chosen once accepted; the services build the PDF."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.cupping import FormTemplate
from microlot_desk.ui.common.cupping_texts import form_label
from microlot_desk.ui.common.texts import tr

CONTEXT = "PrintChoices"
USER_ROLE = Qt.ItemDataRole.UserRole
SHEET_NAMES: dict[str, str] = {
    "a4-3x8": "A4, 3 × 8 labels of 70 × 36 mm",
    "letter-3x10": "US Letter, 3 × 10 labels of 2⅝ × 1 in (Avery 5160)",
}


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class LabelChoiceDialog(QDialog):
    """Which label sheet, one label per sample or one per cup bowl, positions already used."""

    def __init__(
        self,
        sheets: Mapping[str, int],  # sheet key -> labels per page
        default_sheet: str,
        bowls: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labelChoice")
        self.setWindowTitle(tr("Print labels", CONTEXT))
        self._sheets = dict(sheets)
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("labelSheet")
        for key in self._sheets:
            self.sheet.addItem(tr(SHEET_NAMES.get(key, key), CONTEXT), key)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(default_sheet)))
        self.per_sample = QRadioButton(tr("One label per sample (for the bag)", CONTEXT), self)
        self.per_sample.setObjectName("labelPerSample")
        self.per_bowl = QRadioButton(
            tr("One label per cup bowl ({n} per sample)", CONTEXT).format(n=bowls), self
        )
        self.per_bowl.setObjectName("labelPerBowl")
        self.per_sample.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.per_sample)
        group.addButton(self.per_bowl)
        self._bowls = bowls
        self.skip = QSpinBox(self)
        self.skip.setObjectName("labelSkip")
        self.sheet.currentIndexChanged.connect(self._limit_skip)
        self._limit_skip()

        form = QFormLayout()
        form.addRow(tr("Label sheet", CONTEXT), self.sheet)
        form.addRow(tr("Labels", CONTEXT), self.per_sample)
        form.addRow("", self.per_bowl)
        form.addRow(tr("Positions already used", CONTEXT), self.skip)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def _limit_skip(self) -> None:
        self.skip.setRange(0, max(0, self._sheets.get(self.sheet_key, 1) - 1))

    @property
    def sheet_key(self) -> str:
        return str(self.sheet.currentData())

    @property
    def copies(self) -> int:
        return self._bowls if self.per_bowl.isChecked() else 1


class FormChoiceDialog(QDialog):
    """Which cupping form to print as a blank paper form."""

    def __init__(self, forms: Sequence[FormTemplate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formChoice")
        self.setWindowTitle(tr("Print blank cupping form", CONTEXT))
        self.forms = QListWidget(self)
        self.forms.setObjectName("formList")
        for template in forms:
            item = QListWidgetItem(form_label(template.name), self.forms)
            item.setData(USER_ROLE, template.id)
            item.setToolTip(
                tr("{id}, version {version}", CONTEXT).format(
                    id=template.id, version=template.version
                )
            )
        self.forms.setCurrentRow(0)
        buttons = _buttons(self)
        self.forms.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.forms, 1)
        layout.addWidget(buttons)
        self.resize(420, 300)

    @property
    def form_id(self) -> str | None:
        item = self.forms.currentItem()
        return None if item is None else str(item.data(USER_ROLE))

    def choose(self, form_id: str) -> None:
        """Select a form by id (a person clicks its name)."""
        for row in range(self.forms.count()):
            if self.forms.item(row).data(USER_ROLE) == form_id:
                self.forms.setCurrentRow(row)
                return
        raise KeyError(form_id)
