"""A long day at the cupping table must not abort the app: with the guard, a process makes far
more Qt calls than None and True have references, and exits cleanly. Without it, on the PySide
that has the slip, the same process aborts (that is what the second test shows)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ROUNDS = 150_000

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
if sys.argv[1] == "guarded":
    import microlot_desk.ui  # noqa: F401  (installs the guard)
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QWidget

app = QApplication([])


class Source(QObject):
    changed = Signal()


source = Source()
source.changed.connect(lambda: None)
label, parent = QLabel(), QWidget()
for _ in range(int(sys.argv[2])):
    source.changed.emit()
    label.setText("8.75")
    parent.findChild(QLabel, "nothing")
print("done")
"""


def _run(mode: str, rounds: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, str(rounds)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        check=False,
    )


def _binding_slips() -> bool:
    probe = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(100):
    label.setText("x")
print(before - sys.getrefcount(None))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) >= 100


def test_many_qt_calls_and_signals_do_not_abort_the_process() -> None:
    done = _run("guarded", ROUNDS)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "done"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from 3.12")
def test_without_the_guard_the_slipping_binding_aborts() -> None:
    if not _binding_slips():
        pytest.skip("this PySide does not lose references; the guard is a no-op here")
    crashed = _run("bare", ROUNDS)
    assert crashed.returncode != 0
    assert "dealloc" in crashed.stderr
