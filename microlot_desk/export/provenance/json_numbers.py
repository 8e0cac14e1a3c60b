"""JSON with numbers written exactly as given (e.g. coordinates with six decimals, weights as
stored), which the json module cannot do for Decimals: each Decimal is written as a placeholder
string first and swapped for its digits afterwards."""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal
from typing import Any


def dumps_exact(value: Any, *, indent: int | None = None) -> str:
    """json.dumps, with every Decimal written as its canonical digits (never as a float)."""
    token = secrets.token_hex(8)
    pattern = re.compile(rf'"{token}:(-?[0-9]+(?:\.[0-9]+)?)"')

    def default(item: Any) -> Any:
        if isinstance(item, Decimal):
            if not item.is_finite():
                raise ValueError("not a finite number")
            return f"{token}:{format(item, 'f')}"
        raise TypeError(f"not JSON: {type(item).__name__}")

    text = json.dumps(value, ensure_ascii=False, indent=indent, default=default)
    return pattern.sub(r"\1", text)


def six(value: Decimal | float) -> Decimal:
    """A coordinate rounded to exactly six decimals (EUDR)."""
    return Decimal(str(value)).quantize(Decimal("0.000001"))
