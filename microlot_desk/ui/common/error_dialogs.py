"""How the GUI tells a person about trouble: known problems in plain words, bugs with details."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from microlot_desk.errors import DatabaseDamaged, KnownError
from microlot_desk.ui.common.texts import error_text, tr


def show_crash(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """The last resort for a bug: say so, give the details to copy into a report, keep going."""
    details = "".join(traceback.format_exception(kind, error, trace))
    sys.stderr.write(details)
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Something went wrong", "Errors"), "")
    box.setText(
        tr(
            "microlot_desk hit a bug. Everything saved before this moment is safe in the "
            "database. Please copy the details below into a bug report.",
            "Errors",
        )
    )
    box.setDetailedText(details)
    box.exec()


def install_crash_dialog() -> None:
    sys.excepthook = show_crash


def report_bug(error: BaseException) -> None:
    """A bug caught somewhere else (a worker thread): the crash dialog, with its traceback."""
    show_crash(type(error), error, error.__traceback__)


def known_or_crash(tell: Callable[[str], None]) -> Callable[[Exception], None]:
    """What a worker's failure becomes: a KnownError's message handed to `tell` (a label, a
    status bar, a message box), anything else the crash dialog with where it happened."""

    def failed(error: Exception) -> None:
        if isinstance(error, KnownError):
            tell(error_text(error))
        else:
            report_bug(error)

    return failed


def ask_to_restore(parent: QWidget | None, damaged: DatabaseDamaged) -> Path | None:
    """Tell the person the file is damaged; the backup to restore if they want it restored.
    At open (app.py) and when a read in the open window meets a damaged page."""
    backup = str(damaged.params.get("backup") or "")
    if not backup:
        QMessageBox.critical(parent, tr("Database damaged", "App"), error_text(damaged))
        return None
    answer = QMessageBox.critical(
        parent,
        tr("Database damaged", "App"),
        error_text(damaged)
        + "\n\n"
        + tr("Restore the latest backup now? The damaged file is kept aside.", "App"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return Path(backup) if answer == QMessageBox.StandardButton.Yes else None
