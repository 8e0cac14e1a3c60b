"""Save PNGs of the lot editor's provenance tabs (plots, custody, evidence, verdict) into
docs/screenshots/ (provenance-*.png), for the README.

Runs the real app offscreen on a fresh temporary data folder with the demo lots, selects a lot
the way a person would and opens each tab, grabbing the window at 1366 x 768:

    .venv/bin/python docs/take_provenance_screenshots.py [--out DIR] [--all]

Without --all only the pictures kept in the repository are written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QListWidget, QTableView, QTabWidget, QWidget

from microlot_desk.app import build_main_window, make_application
from microlot_desk.services.demo.demo_data import demo_lot_id, load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.ui.main_window import MainWindow

WINDOW_SIZE = (1366, 768)
HERE = Path(__file__).resolve().parent
# (file name, lot code, tab title, kept in the repository)
SHOTS = (
    ("provenance-plots", "GT-2026-004", "Plots", True),
    ("provenance-custody", "CN-2026-002", "Custody", True),
    ("provenance-evidence", "CO-2026-014", "Evidence", False),
    ("provenance-verdict", "CN-2026-002", "Verdict", True),
    ("provenance-verdict-genuine", "GT-2026-004", "Verdict", False),
)


def settle(ms: int = 80) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle(300)  # thumbnails are made in a worker thread
    path = out / f"{name}.png"
    if not widget.grab().save(str(path), "PNG", 0):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def open_tab(window: MainWindow, code: str, title: str) -> None:
    page = window.lots_page
    page.select_lot(demo_lot_id(code))
    tabs = page.editor.findChild(QTabWidget, "lotTabs")
    assert tabs is not None
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    tabs.setCurrentIndex(titles.index(title))
    if title == "Custody":  # the blended bagging chosen: its details beneath
        view = tabs.currentWidget()
        table = view.findChild(QTableView, "custodyTable")
        assert table is not None
        table.selectRow(table.model().rowCount() - 1)
    if title == "Evidence":  # the plot photo chosen: where it was taken, against the plot
        settle(300)
        grid = tabs.currentWidget().findChild(QListWidget, "photoGrid")
        assert grid is not None
        grid.setCurrentRow(0)


def correct_a_typo(database: OpenDatabase) -> None:
    """What "Correct…" records: the drying of CN-2026-002 ended an hour earlier than first typed.
    The history then shows the event, struck through, and its correction after it."""
    workspace = Workspace(database, LotService(database))
    lot = workspace.lots.get_by_code("CN-2026-002")
    drying = next(e for e in workspace.custody.events(lot.id) if e.stage == "drying")
    workspace.custody.amend(drying.id, {"ended": "2026-01-18T15:00+08:00"})


def take_all(out: Path, work: Path, every: bool) -> list[Path]:
    database = open_database(work / "microlot.sqlite")
    load_demo(LotService(database))
    correct_a_typo(database)
    window = build_main_window(database)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.activateWindow()
    settle()
    shots = []
    try:
        for name, code, title, kept in SHOTS:
            if kept or every:
                open_tab(window, code, title)
                shots.append(save(window, out, name))
    finally:
        window.close()
        database.close()
        window.deleteLater()
        settle()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "screenshots")
    parser.add_argument("--all", action="store_true", help="also the pictures not kept")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(sys.argv[:1])
    work = Path(tempfile.gettempdir()) / "microlot_desk-provenance-screenshots"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        take_all(args.out, work, args.all)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
