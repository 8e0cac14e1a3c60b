"""Exact decimal arithmetic for forms and scores.

Scores are money-like: a wrong last digit changes a band or a price, so nothing here touches
float. Every computation runs in one explicit context, so a caller who changed the global
decimal context (precision, rounding) cannot change a score.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Literal, get_args

RoundingMode = Literal["half_up", "half_even", "floor", "ceiling"]
ROUNDING_MODES: tuple[RoundingMode, ...] = get_args(RoundingMode)

# Template numbers and sheet values have a handful of digits; 50 keeps every sum and product
# exact, and the traps turn a NaN or a division by zero into an error instead of a quiet NaN.
_CONTEXT = Context(
    prec=50,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

_DECIMAL_MODES: dict[RoundingMode, str] = {
    "half_up": ROUND_HALF_UP,  # halves away from zero, as the CVA rule asks
    "half_even": ROUND_HALF_EVEN,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}

# Plain decimal notation only: Decimal() itself also accepts "1_0", " 8 ", "1e1" and "NaN",
# none of which a cupper means when typing a score.
_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_EXPONENT_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+")


@contextmanager
def exact() -> Iterator[None]:
    """Run the enclosed arithmetic in the scoring context (high precision, trapping)."""
    with localcontext(_CONTEXT):
        yield


def parse_value(raw: object) -> Decimal | None:
    """A sheet value as Decimal: Decimal, int or plain decimal text; None when not acceptable.

    float and bool are refused on purpose: a float has already lost the digits the cupper
    typed, and True is an int to Python but never a score.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, str) and _PLAIN_DECIMAL.fullmatch(raw):
        return Decimal(raw)
    return None


def unreadable_reason(raw: object) -> str:
    """Why parse_value refused raw: "exponent_notation" for 1e1 (a number, but not how a form
    is filled in, and refused alike whether it came as JSON number text or a string), else
    "not_a_number"."""
    if isinstance(raw, str) and _EXPONENT_DECIMAL.fullmatch(raw.strip()):
        return "exponent_notation"
    return "not_a_number"


def parse_template_number(raw: object) -> Decimal | None:
    """A number written in a template file: int, plain decimal text, or a JSON number.

    JSON numbers arrive as float from the parser; repr() gives back the shortest text that
    reads as the same float, which is the literal the author wrote for any number with up to
    15 significant digits, so "0.65625" and 0.65625 mean the same thing.
    """
    if isinstance(raw, float):
        value = Decimal(repr(raw))
        return value if value.is_finite() else None
    return parse_value(raw)


def is_integral(value: Decimal) -> bool:
    """True for whole numbers, whatever their exponent (2, 2.0, 2.00)."""
    return value == value.to_integral_value()


def is_on_step(value: Decimal, origin: Decimal, step: Decimal) -> bool:
    """True when value = origin + k x step for a whole k."""
    with localcontext(_CONTEXT):
        return (value - origin) % step == 0


def round_to_multiple(value: Decimal, quantum: Decimal, mode: RoundingMode) -> Decimal:
    """Round value to a multiple of quantum; the result keeps quantum's decimal places."""
    with localcontext(_CONTEXT):
        units = (value / quantum).to_integral_value(rounding=_DECIMAL_MODES[mode])
        return units * quantum


def quantize_places(value: Decimal, places: int) -> Decimal:
    """Round half up to a fixed number of decimal places (for statistics on screen)."""
    with localcontext(_CONTEXT):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
