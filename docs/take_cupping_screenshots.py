"""Save PNGs of the Cupping screens into docs/screenshots/ (cupping-*.png), for the README.

Runs offscreen on a fresh temporary data folder with the demo lots plus an Ethiopic-named lot,
sets up a blind session of four samples and three cuppers through the services, types part of
a sheet with the keyboard, reveals the session and leaves one sheet out:

    .venv/bin/python docs/take_cupping_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QWidget

from microlot_desk.app import make_application
from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.demo.demo_data import load_demo
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import open_database
from microlot_desk.ui.cupping.cupping_page import PANEL, SETUP, TABLE, CuppingPage

WINDOW_SIZE = (1366, 768)
HERE = Path(__file__).resolve().parent
QUALITY = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")
SHAPE = ("0.25", "0", "-0.25", "0.5", "-0.25", "0", "0.25")  # each sheet's profile round a base
# (sample, cupper) -> the base of that sheet's quality scores; sample 4 is left to be typed.
SCORES = {
    (0, 0): "8.25",
    (0, 1): "8",
    (0, 2): "7",
    (0, 3): "8.25",
    (1, 0): "8",
    (1, 1): "7.5",
    (1, 2): "8.25",
    (1, 3): "8",
    (2, 0): "8.5",
    (2, 1): "8.25",
    (2, 3): "8.5",
}


def settle(ms: int = 80) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def make_session(lots: LotService, cupping: CuppingService) -> tuple[str, list[str], list[str]]:
    guji = lots.add_lot({"name": "ቡና ጎጂ Guji Natural", "country": "ET", "region": "Oromia"})
    found = {lot.name: lot.id for lot in lots.page(LotQuery(), 0, 50)}
    picks = [guji.id, found["普洱 Catimor 蜜处理"], found["La Esperanza Gesha"]]
    picks.append(found["Pink Bourbon Anaeróbico"])
    session = cupping.create_session(
        {
            "held_on": "2026-11-27",
            "title": "Pre-shipment round",
            "place": "Pasto lab",
            "form_id": "sca-2004",
            "blind": True,
            "leader": "Ana Gómez",
            "water_temp_c": "92.5",
            "rest_hours": "30",
        }
    ).session.id
    samples = [
        cupping.add_sample(
            session, lot, {"sample_type": "pre_shipment", "roast_date": "2026-11-26"}
        ).id
        for lot in picks
    ]
    people = (
        ("Ana Gómez", "independent_lab", "Q-10452"),
        ("ታደሰ በቀለ", "exporter", "Q-22017"),
        ("李明", "roaster", ""),
        ("Maria Souza", "importer", "Q-31876"),
    )
    cuppers = [
        cupping.add_new_cupper(
            session, {"cupper_name": name, "affiliation": kind, "q_licence": licence}
        ).id
        for name, kind, licence in people
    ]
    for (sample, cupper), base in SCORES.items():
        for key, offset in zip(QUALITY, SHAPE, strict=True):
            value = Decimal(base) + Decimal(offset)
            cupping.sheets.set_field(samples[sample], cuppers[cupper], key, value)
        for key in ("uniformity", "clean_cup", "sweetness"):
            cupping.sheets.set_field(samples[sample], cuppers[cupper], key, 5)
    return session, samples, cuppers


def take_all(out: Path, work: Path) -> list[Path]:
    database = open_database(work / "microlot.sqlite")
    lots = LotService(database)
    load_demo(lots)
    cupping = CuppingService(database)
    session, samples, cuppers = make_session(lots, cupping)
    undo = QUndoStack()
    host = QMainWindow()
    page = CuppingPage(cupping, lots, undo, host)
    host.setCentralWidget(page)
    host.setWindowTitle("microlot_desk — Cupping")
    host.resize(*WINDOW_SIZE)
    host.show()
    host.activateWindow()
    settle()
    shots: list[Path] = []

    # 1. The table: the fourth sample, half scored with the keyboard, a low score warned.
    page.open_session(session, TABLE)
    settle()
    entry = page.entry
    entry.show_sheet(samples[3], cuppers[0], "fragrance_aroma")
    for text in ("8,75", "", "", "8,5", "5,75"):
        focus = QCoreApplication.instance().focusWidget()  # type: ignore[attr-defined]
        if text:
            QTest.keyClicks(focus, text)
        QTest.keyClick(focus, Qt.Key.Key_Return)
    shots.append(save(host, out, "cupping-table"))

    # 2. The panel: revealed; on the first sample the far-off cupper is left out with a
    # reason; on the second one cupper is flagged, more than 2 points from the mean.
    cupping.reveal(session, "Ana Gómez")
    for sample, cupper, why in (
        (0, 2, "tasted after the cups had cooled"),
        (1, 2, "cupped the wrong row first"),
    ):
        sheet = cupping.sheets.get(samples[sample], cuppers[cupper]).sheet_id
        assert sheet is not None
        cupping.sheets.exclude(sheet, why, "Ana Gómez")
    page.open_session(session, PANEL)
    page.panel.select_sample(samples[1])
    shots.append(save(host, out, "cupping-panel"))

    # 3. The set-up: protocol departures, lots found by search, the panel of cuppers.
    page.open_session(session, SETUP)
    shots.append(save(host, out, "cupping-setup"))
    host.close()
    database.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="microlot-cupping-shots-") as work:
        take_all(args.out, Path(work))
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
