"""ISO 3166 alpha-2 country names (English; the UI translates for display)."""

from __future__ import annotations

import functools

import pycountry


@functools.cache
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return country.name if country is not None else code


def all_countries() -> list[tuple[str, str]]:
    """(code, name) for every country, sorted by name."""
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda pair: pair[1])
