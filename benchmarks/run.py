"""Run the benchmarks and write benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks.run            # all
    .venv/bin/python -m benchmarks.run startup    # some, by name

Every figure is compared with a baseline measured in the same run (a bare Qt window, the raw SQL
for the same page, a bare reportlab build), because this machine is shared and noisy: the ratio
is the number that means something, the milliseconds are context.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> module with run() -> dict and, optionally, markdown(result) -> list[str]
BENCHMARKS = {
    "startup": "benchmarks.bench_startup",
    "lot_list": "benchmarks.bench_lot_list",
    "session": "benchmarks.bench_session",
    "entry": "benchmarks.bench_entry",
    "sheet": "benchmarks.bench_sheet",
    "verdict": "benchmarks.bench_verdict",
    "import": "benchmarks.bench_import",
    "bundles": "benchmarks.bench_bundles",
}


def _available(names: list[str]) -> dict[str, object]:
    found = {}
    for name in names:
        module_name = BENCHMARKS[name]
        if importlib.util.find_spec(module_name) is None:
            continue
        found[name] = importlib.import_module(module_name)
    return found


def _previous_sections() -> dict[str, list[str]]:
    """The sections of the last RESULTS.md, so running one benchmark keeps the others' figures."""
    path = HERE / "RESULTS.md"
    if not path.exists():
        return {}
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return {name: body[1:-1] if body and not body[0] else body for name, body in sections.items()}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    results: dict[str, object] = {}
    for name, module in _available(names).items():
        print(f"running {name} …", flush=True)
        results[name] = module.run()  # type: ignore[attr-defined]
    sections = _previous_sections() if argv else {}
    for name, result in results.items():
        module = importlib.import_module(BENCHMARKS[name])
        describe = getattr(module, "markdown", None)
        body = (
            describe(result)
            if describe is not None
            else ["```json", json.dumps(result, indent=2, ensure_ascii=False), "```"]
        )
        stamp = f"_Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC._"
        sections[name] = [stamp, "", *body]
    lines = [
        "# Benchmark results",
        "",
        f"On {platform.node()} ({platform.machine()}, Python {platform.python_version()}), with "
        "`python -m benchmarks.run [NAME...]`. Baselines are measured in the same run as the "
        "figure they are compared with.",
        "",
    ]
    for name in BENCHMARKS:
        if name in sections:
            lines += [f"## {name}", "", *sections[name], ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
