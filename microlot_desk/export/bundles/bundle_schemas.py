"""The JSON Schemas of a bundle (resources/schemas/), compiled once with fastjsonschema."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import fastjsonschema

from microlot_desk.domain.strict_json import loads_strict
from microlot_desk.paths import resources_dir

Validate = Callable[[Any], Any]
SchemaError = fastjsonschema.JsonSchemaException


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = loads_strict((resources_dir() / "schemas" / name).read_bytes())
    return loaded


@cache
def manifest_validator(version: int) -> Validate:
    return fastjsonschema.compile(_schema(f"bundle-manifest-{version}.json"))


@cache
def record_validators(version: int) -> dict[str, Validate]:
    """One validator per table the records schema knows."""
    schema = _schema(f"bundle-records-{version}.json")
    return {
        table: fastjsonschema.compile(definition)
        for table, definition in schema["definitions"].items()
    }
