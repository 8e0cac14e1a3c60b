"""Running a command as a whole process and reading its peak resident memory.

RUSAGE_CHILDREN of the test process is the largest of every child it ever reaped, so each
command runs under a fresh Python whose only child it is, and that one reports the figure."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

_WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stderr.write(done.stderr)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


@dataclass(frozen=True)
class Measured:
    returncode: int
    stderr: str
    peak_kb: int


def run_measured(argv: list[str], *, timeout: float = 300) -> Measured:
    """Run `argv` to its end; its exit status, what it wrote to stderr, its peak RSS in kB."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    code, peak = done.stdout.split()
    return Measured(int(code), done.stderr, int(peak))
