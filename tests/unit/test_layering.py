"""The layering of DESIGN.md, enforced by import-linter: it passes on the code, and it would
catch a violation (checked on a renamed copy of the package with one bad import added)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "microlot_desk"
COPY = "mlcheck"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

CONTRACTS = {
    "layers": "Layers: ui > services > storage/export > domain",
    "qt": "Only ui knows Qt",
    "sqlite": "Only storage knows sqlite",
    "reportlab": "Only export knows reportlab",
    "roots": "Nothing imports the composition roots",
    "cycles": "No import cycle inside a layer (nor inside any package within it)",
}


def lint_imports(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def project_config() -> dict[str, Any]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return dict(tomllib.load(handle)["tool"]["importlinter"])


def test_the_contracts_of_design_md_are_configured() -> None:
    config = project_config()
    assert config["root_package"] == PACKAGE
    names = {contract["name"] for contract in config["contracts"]}
    assert set(CONTRACTS.values()) <= names


def test_import_linter_passes_on_the_code() -> None:
    result = lint_imports(cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACTS.values():
        assert f"{name} KEPT" in result.stdout


# ---- the contracts would catch a violation ------------------------------------------------

_IMPORT = re.compile(rf"^(\s*(?:from|import)\s+){PACKAGE}\b", re.MULTILINE)


def _rename(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(rf"\b{PACKAGE}\b", COPY, value)
    if isinstance(value, list):
        return [_rename(item) for item in value]
    if isinstance(value, dict):
        return {key: _rename(item) for key, item in value.items()}
    return value


def _toml_table(header: str, table: dict[str, Any]) -> str:
    lines = [header]
    lines += [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package under another name, and the project's contracts pointed at it."""
    base = tmp_path_factory.mktemp("layering")
    target = base / COPY
    shutil.copytree(ROOT / PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    for module in target.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        module.write_text(_IMPORT.sub(rf"\g<1>{COPY}", text), encoding="utf-8")
    config = _rename(project_config())
    contracts = config.pop("contracts")
    parts = [_toml_table("[tool.importlinter]", config)]
    parts += [_toml_table("[[tool.importlinter.contracts]]", c) for c in contracts]
    (base / "contracts.toml").write_text("\n".join(parts), encoding="utf-8")
    return base


def _with_import(base: Path, module: str, statement: str, tmp_path: Path) -> Path:
    """A fresh copy of `base` where `module` (a path inside the package) also has `statement`."""
    work = tmp_path / "tree"
    shutil.copytree(base, work)
    path = work / COPY / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{statement}\n", encoding="utf-8")
    return work


def test_the_renamed_copy_keeps_every_contract(package_copy: Path) -> None:
    result = lint_imports("contracts.toml", cwd=package_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "statement", "broken"),
    [
        ("domain/text_folding.py", "import PySide6.QtCore", "qt"),
        ("services/workspace/maintenance.py", "from PySide6.QtCore import QTimer", "qt"),
        ("domain/lots.py", f"import {COPY}.storage.lot_rows", "layers"),
        ("storage/lot_rows.py", f"from {COPY}.services import clock", "layers"),
        ("services/workspace/maintenance.py", "import sqlite3", "sqlite"),
        ("domain/size_classes.py", "import sqlite_utils", "sqlite"),
        ("storage/lot_rows.py", "import reportlab.platypus", "reportlab"),
        ("services/workspace/maintenance.py", f"import {COPY}.cli", "roots"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    package_copy: Path, tmp_path: Path, module: str, statement: str, broken: str
) -> None:
    work = _with_import(package_copy, module, statement, tmp_path)
    result = lint_imports("contracts.toml", cwd=work)
    assert result.returncode != 0
    assert f"{CONTRACTS[broken]} BROKEN" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("module", "imported", "package"),
    [
        # The cycle services had: the Workspace builds the cupping service, which named it back.
        ("services/cupping/cupping_service.py", "services.workspace.workspace", "services"),
        ("domain/size_classes.py", "domain.lots", "domain"),
        ("domain/cupping/formulas.py", "domain.cupping.scoring", "domain.cupping"),
        ("storage/lot_rows.py", "storage.lot_repository", "storage"),
        ("export/printing/page_footer.py", "export.printing.provenance_sheet", "export.printing"),
        ("ui/common/texts.py", "ui.provenance.custody_model", "ui"),
    ],
)
def test_an_import_cycle_inside_a_layer_breaks_its_contract(
    package_copy: Path, tmp_path: Path, module: str, imported: str, package: str
) -> None:
    work = _with_import(package_copy, module, f"import {COPY}.{imported}", tmp_path)
    result = lint_imports("contracts.toml", cwd=work)
    assert result.returncode != 0
    assert f"{CONTRACTS['cycles']} BROKEN" in result.stdout, result.stdout
    # The report names the package and an import that would break the cycle.
    assert f"No cycles are allowed in {COPY}.{package}." in result.stdout, result.stdout
    assert "->" in result.stdout
