"""JSON parsing for input we do not trust: files from other machines, stdin, lab templates.

The standard library keeps the last of duplicate keys and accepts NaN/Infinity; either can turn a
typo into a silently wrong score, so both are refused here, as are oversized and too-deep documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

MAX_BYTES = 25 * 1024 * 1024
MAX_DEPTH = 64
# No count, weight or score in our files needs more digits; Python itself stops at 4,300, with
# advice about its own settings that means nothing to the person holding the file.
MAX_INTEGER_DIGITS = 40


class JsonInputError(ValueError):
    """The document is not acceptable JSON; `reason` is a short code, `detail` the specifics."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _no_duplicates(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JsonInputError("duplicate_key", key)
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise JsonInputError("not_a_number", name)


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise JsonInputError("number_too_long", str(digits))
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):  # 1e400 overflows silently otherwise
        raise JsonInputError("not_a_number", text)
    return value


def _depth(value: Any, limit: int) -> None:
    """Refuse a value nested deeper than `limit` (the document itself is depth 1, each value
    inside a container one more). Only containers are visited: a record of many plain
    values costs one step."""
    if limit < 1:
        raise JsonInputError("too_deep", str(limit))
    if not isinstance(value, (dict, list)):
        return
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if children and depth + 1 > limit:
            raise JsonInputError("too_deep", str(limit))
        stack.extend((v, depth + 1) for v in children if isinstance(v, (dict, list)))


def loads_strict(
    data: bytes | str,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    parse_float: Callable[[str], Any] | None = None,
) -> Any:
    """Parse `data` (a leading BOM is dropped), refusing duplicate keys, NaN/Infinity, oversize
    documents and deep nesting. `parse_float` (e.g. Decimal, to keep the digits as written)
    replaces the finite-float reader."""
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise JsonInputError("too_large", str(max_bytes))
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonInputError("not_utf8", str(exc)) from exc
    else:
        text = data.removeprefix("\ufeff")
        if len(text) > max_bytes:
            raise JsonInputError("too_large", str(max_bytes))
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constants,
            parse_float=parse_float or _finite_float,
            parse_int=_bounded_int,
        )
    except JsonInputError:
        raise
    except RecursionError as exc:
        raise JsonInputError("too_deep", str(max_depth)) from exc
    except json.JSONDecodeError as exc:
        raise JsonInputError("syntax", f"line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        raise JsonInputError("syntax", str(exc)) from exc
    _depth(value, max_depth)
    return value
