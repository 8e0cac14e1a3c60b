"""Attachments as a table (the evidence tab's documents): name, kind, what it is attached to,
size and the SHA-256 it is stored under."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from microlot_desk.domain.evidence import Attachment
from microlot_desk.ui.common.row_models import ListTableModel
from microlot_desk.ui.provenance.provenance_texts import CONTEXT, kind_label, size_text

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


class AttachmentTableModel(ListTableModel[EvidenceItem]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, CONTEXT, parent)

    def set_items(self, items: list[EvidenceItem]) -> None:
        self.set_rows(items)

    def item(self, row: int) -> EvidenceItem | None:
        return self.row(row)

    def cell_data(self, item: EvidenceItem, column: int, role: int) -> Any:
        attachment = item.attachment
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.title,
                f"{attachment.sha256[:SHA_SHOWN]}…",
                kind_label(attachment.kind.value),
                item.target,
                size_text(attachment.size_bytes),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and attachment.caption:
            return attachment.caption
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return attachment.sha256
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and column == 1:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == ATTACHMENT_ID_ROLE:
            return attachment.id
        return None
