"""Strict reading of one JSON object of a template, with the path of every value.

Each object declares the keys it accepts up front, so a misspelt key ("warn_bellow") is an
error instead of a silently ignored setting. Every failure raises TemplateError with the path.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.cupping.decimals import parse_template_number
from microlot_desk.domain.cupping.errors import TemplateError

KEY_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")  # snake_case: fragrance_aroma
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # kebab-case: cva-affective
MAX_NAME_LENGTH = 64
MAX_TEXT_LENGTH = 500
MAX_ITEMS = 200


def join(path: str, key: str | int) -> str:
    """The path of a member: "sections[2]", "sections[2].step"."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@dataclass(frozen=True)
class Node:
    """A JSON object at `path`, already checked for unknown and missing keys."""

    data: Mapping[str, object]
    path: str

    @classmethod
    def read(
        cls, raw: object, path: str, required: Collection[str], optional: Collection[str] = ()
    ) -> Node:
        """Check that raw is an object with all `required` keys and no key outside both sets."""
        if not isinstance(raw, dict):
            raise TemplateError(path, "not_an_object")
        for key in raw:
            if key not in required and key not in optional:
                raise TemplateError(join(path, key), "unknown_key", key)
        for key in required:
            if key not in raw:
                raise TemplateError(join(path, key), "missing_key", key)
        return cls(raw, path)

    def has(self, key: str) -> bool:
        """True when the object has this key."""
        return key in self.data

    def at(self, key: str) -> str:
        """The path of one of this object's members."""
        return join(self.path, key)

    def text(self, key: str, *, max_length: int = MAX_TEXT_LENGTH) -> str:
        """A non-empty string."""
        value = self.data[key]
        if not isinstance(value, str):
            raise TemplateError(self.at(key), "wrong_type", "string")
        if not value.strip() or len(value) > max_length:
            raise TemplateError(self.at(key), "bad_length", str(max_length))
        return value

    def optional_text(self, key: str) -> str | None:
        """A non-empty string, or None when the key is absent."""
        return self.text(key) if self.has(key) else None

    def identifier(self, key: str, pattern: re.Pattern[str] = KEY_PATTERN) -> str:
        """A key in snake_case (or the given pattern), at most MAX_NAME_LENGTH characters."""
        value = self.data[key]
        if not isinstance(value, str):
            raise TemplateError(self.at(key), "wrong_type", "string")
        if len(value) > MAX_NAME_LENGTH or not pattern.fullmatch(value):
            raise TemplateError(self.at(key), "bad_identifier", value)
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """true or false; `default` when absent."""
        if not self.has(key):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            raise TemplateError(self.at(key), "wrong_type", "boolean")
        return value

    def integer(self, key: str, minimum: int, maximum: int) -> int:
        """A whole JSON number within minimum..maximum."""
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise TemplateError(self.at(key), "wrong_type", "integer")
        if not minimum <= value <= maximum:
            detail = f"{value} not in {minimum}..{maximum}"
            raise TemplateError(self.at(key), "out_of_range", detail)
        return value

    def number(self, key: str) -> Decimal:
        """A decimal number: JSON number or plain decimal text ("0.65625")."""
        value = parse_template_number(self.data[key])
        if value is None:
            raise TemplateError(self.at(key), "bad_number", repr(self.data[key]))
        return value

    def optional_number(self, key: str) -> Decimal | None:
        """A decimal number, or None when the key is absent."""
        return self.number(key) if self.has(key) else None

    def items(self, key: str, *, allow_empty: bool = False) -> list[tuple[str, object]]:
        """The members of a JSON array with their paths."""
        value = self.data[key]
        if not isinstance(value, list):
            raise TemplateError(self.at(key), "wrong_type", "array")
        if not value and not allow_empty:
            raise TemplateError(self.at(key), "empty")
        if len(value) > MAX_ITEMS:
            raise TemplateError(self.at(key), "too_many", str(MAX_ITEMS))
        return [(join(self.at(key), index), item) for index, item in enumerate(value)]

    def entries(self, key: str) -> list[tuple[str, str, object]]:
        """The members of a non-empty JSON object as (path, key, value)."""
        value = self.data[key]
        if not isinstance(value, dict):
            raise TemplateError(self.at(key), "not_an_object")
        if not value:
            raise TemplateError(self.at(key), "empty")
        return [(join(self.at(key), name), name, item) for name, item in value.items()]

    def identifiers(self, key: str) -> tuple[str, ...]:
        """A non-empty array of distinct snake_case keys."""
        found: list[str] = []
        for path, item in self.items(key):
            if not isinstance(item, str) or not KEY_PATTERN.fullmatch(item):
                raise TemplateError(path, "bad_identifier", repr(item))
            if item in found:
                raise TemplateError(path, "duplicate_key", item)
            found.append(item)
        return tuple(found)


def read_kind(path: str, raw: object, field: str, kinds: Collection[str]) -> str:
    """Read an object's discriminating key first: which other keys it may have depends on it."""
    if not isinstance(raw, dict):
        raise TemplateError(path, "not_an_object")
    if field not in raw:
        raise TemplateError(join(path, field), "missing_key", field)
    kind = raw[field]
    if not isinstance(kind, str) or kind not in kinds:
        raise TemplateError(join(path, field), "unknown_kind", repr(kind))
    return kind
