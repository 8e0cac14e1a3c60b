"""Choosing a backup to put back in place of the database (File > Restore a backup…)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.services.workspace.maintenance import BackupFile
from microlot_desk.ui.common.locale_formats import show_moment
from microlot_desk.ui.common.texts import tr

REASONS = {
    "manual": "backed up by hand",
    "rolling": "automatic, while working",
}


def reason_label(reason: str) -> str:
    if reason.startswith("pre-migration"):
        return tr("before an upgrade", "RestoreBackup")
    return tr(REASONS.get(reason, reason), "RestoreBackup")


class RestoreBackupDialog(QDialog):
    def __init__(self, backups: list[BackupFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Restore a backup", "RestoreBackup"))
        self.setObjectName("restoreBackup")
        explanation = QLabel(
            tr(
                "The database is replaced by the backup you choose. The current file is not "
                "deleted: it is kept in the backups folder. The app reopens on the backup.",
                "RestoreBackup",
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("backupList")
        for backup in backups:
            # Seconds: two backups taken in the same minute must still read apart.
            taken = show_moment(backup.taken_at, seconds=True)
            item = QListWidgetItem(f"{taken} — {reason_label(backup.reason)}")
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Restore", "RestoreBackup"))
        ok.setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 360)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
