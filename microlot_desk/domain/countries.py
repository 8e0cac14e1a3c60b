"""ISO 3166 alpha-2 country names (English; the UI translates for display).

pycountry is imported on first use: its import costs a tenth of the app's start-up, and the list
is not needed until a lot is shown or edited.
"""

from __future__ import annotations

import functools


@functools.cache
def country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return country.name if country is not None else code


def is_country(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_2=code.upper()) is not None


def is_currency(code: str) -> bool:
    import pycountry

    return pycountry.currencies.get(alpha_3=code.upper()) is not None


@functools.cache
def all_countries() -> tuple[tuple[str, str], ...]:
    """(code, name) for every country, sorted by name."""
    import pycountry

    return tuple(sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda p: p[1]))
