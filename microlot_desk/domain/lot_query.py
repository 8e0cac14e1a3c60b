"""What a person asks the lot list for: search text, filters and an order."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from microlot_desk.domain.size_classes import DEFAULT_THRESHOLDS, SizeClass, SizeThresholds


class LotSort(StrEnum):
    CODE = "code"
    NAME = "name"
    PRODUCER = "producer"
    COUNTRY = "country"
    PROCESS = "process"
    GREEN_KG = "green_kg"
    STATUS = "status"
    UPDATED = "updated_at"
    VERDICT = "verdict"


UNASSESSED = "unassessed"  # lots whose verdict was not computed yet (from before m0005)


@dataclass(frozen=True)
class LotQuery:
    search: str = ""
    country: str = ""
    process: str = ""
    variety: str = ""
    size_class: SizeClass | None = None
    verdict: str = ""  # an Overall value (genuine, flagged, incomplete, failing) or UNASSESSED
    thresholds: SizeThresholds = DEFAULT_THRESHOLDS
    sort: LotSort = LotSort.CODE
    descending: bool = False
