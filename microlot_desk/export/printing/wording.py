"""Looking up the translated labels a printed document was handed.

The caller (the UI through Qt's translator, the CLI with microlot_desk.sheet_labels) passes a
mapping from keys to text. Each document declares the keys it needs; a missing one is a
programming error caught before anything is laid out. Vocabulary keys ("process.washed",
"stage.drying") may be missing: a value the settings added later prints as itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from microlot_desk.domain.placeholders import Lenient


class MissingLabels(KeyError):
    """The labels handed to a document lack keys it needs (a bug in the caller)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = tuple(sorted(keys))
        super().__init__(", ".join(self.keys))


class Wording:
    def __init__(self, labels: Mapping[str, str], required: Iterable[str]) -> None:
        missing = set(required) - set(labels)
        if missing:
            raise MissingLabels(missing)
        self._labels = labels

    def __call__(self, key: str, **params: object) -> str:
        """The label; `{name}` placeholders filled from params (one a translator mistyped
        prints as "?", like on screen, rather than failing the export)."""
        text = self._labels[key]
        if not params:
            return text
        try:
            return text.format_map(Lenient(params))
        except (ValueError, IndexError, AttributeError):  # a stray brace or "{0}"
            return text

    def term(self, vocabulary: str, key: str) -> str:
        """A vocabulary value's name, e.g. term("process", "honey_red") -> "Red honey"."""
        if not key:
            return ""
        return self._labels.get(f"{vocabulary}.{key}") or key.replace("_", " ")
