"""Human lot codes such as CO-2026-014, from a configurable pattern.

Codes are labels, not identities: two stations may issue the same code, which is why the pattern
can carry the station's prefix and why a clash on import is shown to the user, never renamed.
"""

from __future__ import annotations

import functools
import re
import string

DEFAULT_PATTERN = "{country}-{year}-{seq:03d}"
_FIELDS = {"country", "year", "seq", "station"}


class BadPattern(ValueError):
    pass


def check_pattern(pattern: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise BadPattern(str(exc)) from exc
    if "seq" not in names or not names <= _FIELDS:
        raise BadPattern(pattern)


@functools.lru_cache(maxsize=1024)  # an import asks for the same few prefixes 10,000 times
def _parts(pattern: str, country: str, year: int, station: str) -> tuple[str, str]:
    """What the pattern renders before and after the {seq} slot."""
    check_pattern(pattern)
    values = {"country": country or "XX", "year": year, "station": station or "ST"}
    head, _, rest = pattern.partition("{seq")
    tail = rest.split("}", 1)[1]
    return head.format(**values).upper(), tail.format(**values).upper()


def code_prefix(pattern: str, *, country: str, year: int, station: str) -> str:
    return _parts(pattern, country, year, station)[0]


def next_code(pattern: str, *, country: str, year: int, station: str, existing: list[str]) -> str:
    """The first code after the highest sequence number already used with the same prefix."""
    prefix, suffix = _parts(pattern, country, year, station)
    slot = re.compile("^" + re.escape(prefix) + r"(\d+)" + re.escape(suffix) + "$", re.IGNORECASE)
    used = [int(m.group(1)) for code in existing if (m := slot.match(code))]
    spec = pattern.partition("{seq")[2].split("}", 1)[0].lstrip(":")
    return prefix + format(max(used, default=0) + 1, spec) + suffix
