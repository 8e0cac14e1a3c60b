"""Filling `{name}` placeholders in a sentence from a catalogue, for the screen and the paper.

A translated template may name a placeholder the code does not fill (a translator's typo, a
catalogue older or newer than the app): the sentence still shows, with "?" where that value
would be, rather than failing the dialog or the export with a KeyError. It lives in the domain,
pure and without I/O, so the UI and the export layer can both use it.
"""

from __future__ import annotations

MISSING_VALUE = "?"


class Lenient(dict[str, object]):
    """The values of a template's placeholders; one with no value reads as MISSING_VALUE."""

    def __missing__(self, key: str) -> str:
        return MISSING_VALUE
