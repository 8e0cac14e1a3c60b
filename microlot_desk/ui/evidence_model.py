"""Attachments as a table (the evidence tab's documents): name, kind, what it is attached to,
size and the SHA-256 it is stored under."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontDatabase

from microlot_desk.domain.evidence import Attachment
from microlot_desk.ui.provenance_texts import kind_label, size_text, t

AnyIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("Name", "SHA-256", "Kind", "Attached to", "Size")
SHA_SHOWN = 16  # hex digits in the column; the whole hash in the tooltip and the details
ATTACHMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class EvidenceItem:
    attachment: Attachment
    target: str  # what it is attached to, in words ("Plot Lote Alto 3")
    gps: str = ""  # the photo's position against the plot, in words ("" for documents)
    gps_fit: str = ""  # domain.evidence.GpsFit value

    @property
    def title(self) -> str:
        return self.attachment.name or self.attachment.sha256[:12]


class AttachmentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[EvidenceItem] = []

    def set_items(self, items: list[EvidenceItem]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def item(self, row: int) -> EvidenceItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return t(HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if not 0 <= index.column() < len(HEADERS):
            return None
        item = self._items[index.row()]
        attachment = item.attachment
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.title,
                f"{attachment.sha256[:SHA_SHOWN]}…",
                kind_label(attachment.kind.value),
                item.target,
                size_text(attachment.size_bytes),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and attachment.caption:
            return attachment.caption
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return attachment.sha256
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and index.column() == 1:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == ATTACHMENT_ID_ROLE:
            return attachment.id
        return None
