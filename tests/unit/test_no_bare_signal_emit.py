"""Every signal the app emits from Python goes through ui.common.signal_emit.emit: PySide6 6.12.0 on
Python 3.11 drops a reference to True on each plain `.emit()`, which aborts the process after
a few thousand of them (see microlot_desk/ui/common/signal_emit.py).

A bound `signal.emit` handed on as a callback (`progress=self.progressed.emit`) is a plain emit
too, only called later, often from a worker; so any `.emit` not wrapped is an offender, called
on the spot or passed by reference."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "microlot_desk"


def bare_emits(source: str) -> list[int]:
    """Lines where `.emit` is called directly or taken as a value (passed, stored, returned)."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "emit"
    )


def test_no_module_emits_a_signal_directly_or_hands_its_emit_on() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "signal_emit.py":
            continue
        offenders += [
            f"{path.relative_to(PACKAGE)}:{line}"
            for line in bare_emits(path.read_text(encoding="utf-8"))
        ]
    assert offenders == []


def test_an_emit_passed_by_reference_is_found_as_well_as_one_called() -> None:
    source = (
        "def run(self):\n"
        "    export(progress=self.progressed.emit)\n"
        "    self.done.emit(1)\n"
        "    callbacks = [self.failed.emit]\n"
        "    emit(self.failed, 'ok')\n"
    )
    assert bare_emits(source) == [2, 3, 4]
