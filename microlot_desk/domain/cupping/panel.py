"""Panel statistics for one sample: per-section and final mean, spread and range, with the
cuppers far from the panel flagged (DOMAIN.md §7).

Excluded sheets stay listed, with their reason and their distance from the panel, but do not
enter any mean: the panel leader's exclusion must be visible, never a silent deletion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.cupping.decimals import exact, quantize_places
from microlot_desk.domain.cupping.errors import PanelError
from microlot_desk.domain.cupping.scoring import ScoreResult

FLAG_DISTANCE = Decimal(2)
"""A cupper whose final is more than this from the panel mean is flagged (DOMAIN.md §7)."""


@dataclass(frozen=True)
class PanelSheet:
    """One cupper's sheet as the panel sees it; `excluded_reason` set means left out of means."""

    sheet_id: str
    sections: Mapping[str, Decimal]
    final: Decimal
    excluded_reason: str | None = None

    @classmethod
    def from_result(
        cls, sheet_id: str, result: ScoreResult, excluded_reason: str | None = None
    ) -> PanelSheet:
        """Take each section's points (cups sections in points) or else its recorded number."""
        if result.final is None:
            raise PanelError("not_scored", sheet_id)
        sections: dict[str, Decimal] = {}
        for line in result.sections:
            number = line.points if line.points is not None else line.value
            if isinstance(number, Decimal):
                sections[line.key] = number
        return cls(sheet_id, sections, result.final, excluded_reason)


@dataclass(frozen=True)
class Stats:
    """Statistics over the included sheets that recorded a value. mean and stdev (sample
    standard deviation, n - 1) are rounded half up to the summary's places; stdev is None
    below two values, everything but count is None with none."""

    key: str
    count: int
    mean: Decimal | None
    stdev: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None


@dataclass(frozen=True)
class SheetStanding:
    """Where one sheet stands: its distance from the panel's final mean (rounded), whether it
    is flagged, and its exclusion reason if it was left out of the means."""

    sheet_id: str
    final: Decimal
    deviation: Decimal | None
    flagged: bool
    excluded_reason: str | None


@dataclass(frozen=True)
class PanelSummary:
    """Per-section statistics (in order of first appearance), final statistics, every sheet."""

    sections: tuple[Stats, ...]
    final: Stats
    sheets: tuple[SheetStanding, ...]

    @property
    def flagged(self) -> tuple[str, ...]:
        """Ids of the sheets whose final is too far from the panel mean."""
        return tuple(sheet.sheet_id for sheet in self.sheets if sheet.flagged)

    def section(self, key: str) -> Stats:
        """Statistics of one section; KeyError when no sheet recorded it."""
        for stats in self.sections:
            if stats.key == key:
                return stats
        raise KeyError(key)


def panel_summary(
    sheets: Sequence[PanelSheet], *, flag_distance: Decimal = FLAG_DISTANCE, places: int = 2
) -> PanelSummary:
    """Summarise a panel. PanelError on a repeated sheet id, an exclusion without a reason,
    or a value that is not a finite Decimal."""
    _check(sheets)
    included = [sheet for sheet in sheets if sheet.excluded_reason is None]
    keys = list(dict.fromkeys(key for sheet in sheets for key in sheet.sections))
    section_stats = tuple(
        _stats(key, [s.sections[key] for s in included if key in s.sections], places)
        for key in keys
    )
    finals = [sheet.final for sheet in included]
    with exact():
        # Flags compare with the exact mean, so rounding the shown mean cannot flip a flag.
        mean = sum(finals, Decimal(0)) / len(finals) if finals else None
        standings = tuple(
            SheetStanding(
                sheet_id=sheet.sheet_id,
                final=sheet.final,
                deviation=None if mean is None else quantize_places(sheet.final - mean, places),
                flagged=mean is not None and abs(sheet.final - mean) > flag_distance,
                excluded_reason=sheet.excluded_reason,
            )
            for sheet in sheets
        )
    return PanelSummary(section_stats, _stats("final", finals, places), standings)


def _check(sheets: Sequence[PanelSheet]) -> None:
    seen: set[str] = set()
    for sheet in sheets:
        if sheet.sheet_id in seen:
            raise PanelError("duplicate_sheet", sheet.sheet_id)
        seen.add(sheet.sheet_id)
        if sheet.excluded_reason is not None and not sheet.excluded_reason.strip():
            raise PanelError("exclusion_reason_missing", sheet.sheet_id)
        numbers = [sheet.final, *sheet.sections.values()]
        if not all(isinstance(n, Decimal) and n.is_finite() for n in numbers):
            raise PanelError("not_a_decimal", sheet.sheet_id)


def _stats(key: str, values: list[Decimal], places: int) -> Stats:
    if not values:
        return Stats(key, 0, None, None, None, None)
    with exact():
        count = len(values)
        mean = sum(values, Decimal(0)) / count
        stdev: Decimal | None = None
        if count > 1:
            variance = sum(((v - mean) ** 2 for v in values), Decimal(0)) / (count - 1)
            stdev = quantize_places(variance.sqrt(), places)
        return Stats(
            key=key,
            count=count,
            mean=quantize_places(mean, places),
            stdev=stdev,
            minimum=min(values),
            maximum=max(values),
        )
