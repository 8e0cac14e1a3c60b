"""ISO 3166 alpha-2 country names, in English or in a reader's language (pycountry's gettext
catalogues, English where a name or a language has none).

pycountry is imported on first use: its import costs a tenth of the app's start-up, and the list
is not needed until a lot is shown or edited.
"""

from __future__ import annotations

import functools
import gettext


@functools.cache
def country_name(code: str, locale: str = "") -> str:
    """The country's name; in the language of `locale` ("de_DE", "fr") when given. The English
    name stays the one stored and searched: translations are for display only."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    return _translation(locale).gettext(country.name) if locale else country.name


@functools.cache
def _translation(locale: str) -> gettext.NullTranslations:
    import pycountry

    language = locale.replace("-", "_").split(".")[0]
    # "pt_BR" first, then "pt"; fallback=True gives English for a language pycountry lacks.
    wanted = [language, language.split("_")[0]]
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, wanted, fallback=True)


def is_country(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_2=code.upper()) is not None


def is_currency(code: str) -> bool:
    import pycountry

    return pycountry.currencies.get(alpha_3=code.upper()) is not None


@functools.cache
def all_countries(locale: str = "") -> tuple[tuple[str, str], ...]:
    """(code, name) for every country, sorted by name (in the language of `locale`)."""
    import pycountry

    named = ((c.alpha_2, country_name(c.alpha_2, locale)) for c in pycountry.countries)
    return tuple(sorted(named, key=lambda p: p[1]))
