"""Search text that ignores accents and case, so `narino` finds `Nariño` and `ETHIOPIA` finds
`Ethiopia`, while Ethiopic and Chinese letters pass through unchanged."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    if text.isascii():  # nothing to decompose: the same result, without the per-letter walk
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Recompose what remains so scripts whose letters decompose into non-mark parts stay intact.
    return " ".join(unicodedata.normalize("NFC", stripped).casefold().split())
