"""Child process for the `db check` test of a demo killed mid-way: runs the real `demo` command
and, once the demo has stored every evidence file but before its one transaction commits,
prints "Stored" and waits for the parent's SIGKILL: the state a kill -9 or a power cut in the
middle of the demo leaves (complete files in the store, no row pointing to them).

Usage: demo_kill_child.py DATA_DIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, for the test clock

from ticking_clock import TickingClock

from microlot_desk import cli
from microlot_desk.services.common.progress import Progress

_step = Progress.step


def _stop_before_the_commit(progress: Progress, done: int, total: int) -> None:
    if (done, total) == (2, 2):  # load_demo: lots, provenance and evidence added; COMMIT next
        print("Stored", flush=True)
        time.sleep(600)
    _step(progress, done, total)


def main() -> None:
    Progress.step = _stop_before_the_commit  # type: ignore[method-assign]
    cli.main(["--data-dir", sys.argv[1], "demo"], clock=TickingClock())
    print("Committed", flush=True)


if __name__ == "__main__":
    main()
