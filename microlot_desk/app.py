"""Composition root of the desktop app: Qt, translations and fonts, the database, the services,
and the main window. The one place that wires the layers together."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QThreadPool,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from microlot_desk.clock import Clock, utc_now
from microlot_desk.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    KnownError,
)
from microlot_desk.paths import AppPaths, app_paths, resources_dir
from microlot_desk.services.common import thread_guard
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.common.error_dialogs import (
    ask_to_restore,
    install_crash_dialog,
    known_or_crash,
)
from microlot_desk.ui.common.fonts import application_font, register_bundled_fonts
from microlot_desk.ui.common.texts import error_text, tr
from microlot_desk.ui.common.workers import run_in_background
from microlot_desk.ui.main_window import MainWindow

ROLLING_BACKUP_MS = 30 * 60 * 1000
DEBUG_VARIABLE = "MICROLOT_DESK_DEBUG"  # set (or run `python -X dev`) for a debug run


# Said by Qt's offscreen platform for every window it shows; harmless, and not ours to fix.
_PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)


def _qt_messages(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message in _PLATFORM_NOISE:
        return
    sys.stderr.write(f"{message}\n")


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    # argv[0] names the X11 window class: "microlot_desk", not "__main__.py" under `python -m`,
    # so taskbars match the desktop entry.
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv or ["microlot_desk", *sys.argv[1:]])
    )
    qInstallMessageHandler(_qt_messages)
    app.setApplicationName("microlot_desk")
    app.setApplicationDisplayName("microlot_desk")
    app.setDesktopFileName("microlot_desk")
    _install_translators(app)
    register_bundled_fonts(resources_dir() / "fonts")
    app.setFont(application_font())
    return app


def _install_translators(app: QApplication) -> None:
    locale = QLocale()
    qt_translator = QTranslator(app)
    if qt_translator.load(
        locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_translator)
    ours = QTranslator(app)
    if ours.load(locale, "microlot_desk", "_", str(resources_dir() / "translations")):
        app.installTranslator(ours)


def open_with_dialogs(paths: AppPaths, clock: Clock = utc_now) -> OpenDatabase | None:
    """Open the database, asking the person what to do when it is locked or damaged. `clock`
    is the app's time from then on (the real one, unless a test passes its own). The weekly
    full check runs here, before the window shows: a list painted from a damaged page would
    only fail row by row."""
    while True:
        try:
            return open_database(paths.database, clock=clock)
        except DatabaseLocked as locked:
            answer = QMessageBox.question(
                None,
                tr("Database in use", "App"),
                error_text(locked) + "\n\n" + tr("Open it read-only?", "App"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            return open_database(paths.database, clock=clock, read_only=True)
        except DatabaseDamaged as damaged:
            backup = ask_to_restore(None, damaged)
            if backup is None or not _restore(paths, backup, clock):
                return None
        except KnownError as error:
            QMessageBox.critical(None, tr("Cannot open the database", "App"), error_text(error))
            return None


def _restore(paths: AppPaths, backup: Path, clock: Clock) -> bool:
    """Put `backup` in place (the database must be closed); say why if that is refused."""
    from microlot_desk.services.workspace import maintenance

    try:
        maintenance.restore(paths.database, backup, clock=clock)
    except KnownError as error:
        QMessageBox.critical(None, tr("Restore a backup", "App"), error_text(error))
        return False
    return True


def restore_and_reopen(
    database: OpenDatabase, paths: AppPaths, backup: Path
) -> OpenDatabase | None:
    """Close the database, put the backup in its place and open it again (or, if the restore
    was refused, the database as it was)."""
    QThreadPool.globalInstance().waitForDone(30000)  # no backup may be reading the file
    database.close()
    _restore(paths, backup, database.clock)
    return open_with_dialogs(paths, database.clock)


def build_main_window(database: OpenDatabase, lab_forms: Path | None = None) -> MainWindow:
    workspace = Workspace(database, LotService(database), lab_forms)
    return MainWindow(workspace, resources_dir() / "icons")


def _schedule_rolling_backups(window: MainWindow, database: OpenDatabase) -> None:
    if database.read_only:
        return

    def take_rolling_backup() -> None:
        from microlot_desk.services.workspace import maintenance

        run_in_background(
            lambda: maintenance.rolling_backup(database.path, clock=database.clock),
            on_error=known_or_crash(lambda text: window.statusBar().showMessage(text, 10000)),
        )

    timer = QTimer(window)
    timer.setInterval(ROLLING_BACKUP_MS)
    timer.timeout.connect(take_rolling_backup)
    timer.start()


def _make_station_key(window: MainWindow, database: OpenDatabase) -> None:
    """The station's signing key is made on first start (issue 11), off the window's thread and
    after it is shown; a damaged key is named in the status bar, never replaced."""
    if database.read_only:
        return

    def make() -> None:
        from microlot_desk.storage.station_key import ensure_station_key

        run_in_background(
            lambda: ensure_station_key(database.path.parent),
            on_error=known_or_crash(lambda text: window.statusBar().showMessage(text, 10000)),
        )

    QTimer.singleShot(0, make)


def _quit_on_termination(app: QApplication) -> None:
    """Close cleanly on SIGTERM/SIGINT (logout, shutdown, Ctrl+C): the window's close saves the
    field being edited and the database is closed properly."""

    def request_quit(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, app.closeAllWindows)

    for name in ("SIGTERM", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), request_quit)
    # Python runs signal handlers only between bytecodes; a light timer gives it the chance.
    pulse = QTimer(app)
    pulse.timeout.connect(lambda: None)
    pulse.start(250)


# Benchmarks start the real console script and time it to the first shown window: with this set,
# the app prints "shown" once the window's first events are handled, then quits.
QUIT_WHEN_SHOWN = "MICROLOT_DESK_QUIT_WHEN_SHOWN"


def _quit_when_shown(app: QApplication) -> None:
    def shown() -> None:
        print("shown", flush=True)
        app.quit()

    QTimer.singleShot(0, shown)


def run_gui(data_dir: str | None = None) -> int:
    app = make_application()
    install_crash_dialog()
    _quit_on_termination(app)
    paths = app_paths(data_dir)
    database = open_with_dialogs(paths)
    if database is None:
        return 1
    if sys.flags.dev_mode or os.environ.get(DEBUG_VARIABLE):
        # A debug run: recomputing every lot, decoding, hashing, backing up or exporting on
        # this thread raises (the crash dialog names the call) instead of freezing the window.
        thread_guard.arm()
    try:
        while True:
            window = build_main_window(database, paths.forms)
            _schedule_rolling_backups(window, database)
            window.show()
            _make_station_key(window, database)
            if os.environ.get(QUIT_WHEN_SHOWN):
                _quit_when_shown(app)
            code = app.exec()
            if window.restore_from is None:
                return code
            reopened = restore_and_reopen(database, paths, window.restore_from)
            if reopened is None:
                return 1
            database = reopened
    finally:
        QThreadPool.globalInstance().waitForDone(30000)
        database.close()
