"""Random 3-digit blind codes for the samples of a session (DOMAIN.md §7).

Codes come from `secrets`, so neither the order samples were added in nor a seeded generator
lets a cupper guess which lot is which. 000 is never issued (it reads as "no code"), and a code
is unique within its session.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Collection, Sequence

CODE_PATTERN = re.compile(r"[0-9]{3}")
ALL_CODES: tuple[str, ...] = tuple(f"{number:03d}" for number in range(1, 1000))


class NoCodeLeft(ValueError):
    """Every code from 001 to 999 is taken in this session."""


def is_blind_code(text: str) -> bool:
    """True for three digits other than 000."""
    return bool(CODE_PATTERN.fullmatch(text)) and text != "000"


def new_blind_code(
    taken: Collection[str], choose: Callable[[Sequence[str]], str] = secrets.choice
) -> str:
    """A code not in `taken`, drawn uniformly from the free ones; NoCodeLeft when none is."""
    used = set(taken)
    free = [code for code in ALL_CODES if code not in used]
    if not free:
        raise NoCodeLeft()
    return choose(free)


def draw_blind_code(taken: set[str]) -> str:
    """new_blind_code for a session filled one sample at a time (an import): drawn again until
    free, so nothing the size of the code table is kept per session; NoCodeLeft when full."""
    if len(taken) >= len(ALL_CODES):
        raise NoCodeLeft()
    while (code := secrets.choice(ALL_CODES)) in taken:
        pass
    return code
