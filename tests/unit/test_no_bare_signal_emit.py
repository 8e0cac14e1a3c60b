"""Every signal the app emits from Python goes through ui.signal_emit.emit: PySide6 6.12.0 on
Python 3.11 drops a reference to True on each plain `.emit()`, which aborts the process after
a few thousand of them (see microlot_desk/ui/signal_emit.py)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "microlot_desk"


def test_no_module_calls_emit_on_a_signal_directly() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "signal_emit.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "emit"
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
