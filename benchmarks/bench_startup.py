"""Cold start to a shown main window, against a bare QApplication + QMainWindow started the same
way in the same run. Each start is a fresh Python process. Budget (issue 2): ratio ≤ 2."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 760)
window.show()
app.processEvents()
print("shown", flush=True)
"""

APP = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from microlot_desk.app import build_main_window, make_application, open_with_dialogs
from microlot_desk.paths import app_paths
app = make_application()
database = open_with_dialogs(app_paths(sys.argv[1]))
window = build_main_window(database)
window.show()
app.processEvents()
print("shown", flush=True)
database.close()
"""


# As installed apps run: with compiled bytecode cached. (Some shells set PYTHONDONTWRITEBYTECODE,
# which would make every start compile the app's modules from source again.)
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _start(code: str, *args: str) -> float:
    """Milliseconds from launching the process to its window being shown (not to its exit)."""
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, cwd=ROOT, text=True, env=_ENV
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = (time.perf_counter() - start) * 1000
        process.wait()
    if line.strip() != "shown" or process.returncode != 0:
        raise RuntimeError(f"start failed: {line!r}, exit {process.returncode}")
    return elapsed


def run(repeat: int = 7) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "microlot_desk", "--data-dir", folder, "demo"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        _start(BARE)
        _start(APP, folder)  # warm the OS file cache for both
        bare, ours = [], []
        for _ in range(repeat):  # interleaved, so machine noise hits both alike
            bare.append(_start(BARE))
            ours.append(_start(APP, folder))
    return {
        "bare_ms": statistics.median(bare),
        "app_ms": statistics.median(ours),
        "ratio": statistics.median(ours) / statistics.median(bare),
    }


if __name__ == "__main__":
    print(run())


def markdown(result: dict[str, float]) -> list[str]:
    verdict = "within" if result["ratio"] <= 2 else "OVER"
    return [
        "Cold start to a shown main window (demo database), median of interleaved fresh "
        "processes, offscreen, with Python's bytecode cache as an installed app has it.",
        "",
        "| | median ms |",
        "|---|---|",
        f"| bare QApplication + QMainWindow | {result['bare_ms']:.0f} |",
        f"| microlot_desk main window | {result['app_ms']:.0f} |",
        "",
        f"Ratio {result['ratio']:.2f} (budget ≤ 2: {verdict}).",
    ]
