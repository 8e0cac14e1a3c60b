"""Fixtures for the cupping domain tests: the built-in templates, read straight from
resources/forms with the domain parser (no service, no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from microlot_desk.domain.cupping import FormTemplate, parse_template
from microlot_desk.domain.strict_json import loads_strict

FORMS_DIR = Path(__file__).resolve().parents[3] / "resources" / "forms"


@pytest.fixture(scope="session")
def forms() -> dict[str, FormTemplate]:
    return {
        path.stem: parse_template(loads_strict(path.read_bytes()))
        for path in sorted(FORMS_DIR.glob("*.json"))
    }
