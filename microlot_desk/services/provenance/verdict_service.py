"""The micro-lot verdict of a lot, on demand (the verdict tab, `lots assess`, the provenance
sheet), its thresholds, and bringing the stored verdicts up to date.

Reading a verdict computes it from the records (the stored one in the lot list is a summary for
filtering). Changing a threshold is one transaction that recomputes every lot's stored verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microlot_desk.domain.lot_query import UNASSESSED, LotQuery
from microlot_desk.domain.verdict import Fact, Verdict, VerdictSettings
from microlot_desk.domain.verdict_rules import assess
from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.verdict_settings import (
    SETTING_KEYS,
    load_verdict_settings,
    parse_settings,
)
from microlot_desk.services.lots.lot_records import Gathered
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.settings_repository import SettingsRepository

BATCH = 500


class VerdictService:
    def __init__(self, lots: LotService) -> None:
        self._lots = lots
        self._database = lots.database
        self._refresher = lots.verdicts

    def settings(self) -> VerdictSettings:
        return load_verdict_settings(self._database)

    def setting_values(self) -> dict[str, str]:
        """Every threshold key (SETTING_KEYS) with its current value as text."""
        stored = SettingsRepository(self._database).all()
        return {key: stored.get(key, default) for key, (default, _, _) in SETTING_KEYS.items()}

    def gather(self, lot_id: str) -> Gathered:
        """The record the verdict judges, with the attachments and score history read."""
        lot = self._lots.get(lot_id)
        return self._refresher.records.gather(lot, self.settings())

    def assess(self, lot_id: str) -> Verdict:
        """The six hallmarks with their evidence, the red flags and warnings, computed now."""
        settings = self.settings()
        lot = self._lots.get(lot_id)
        return assess(self._refresher.records.gather(lot, settings).record, settings)

    def set_thresholds(
        self, raw: Mapping[str, object], progress: Progress | None = None
    ) -> dict[str, str]:
        """Change thresholds (ValidationFailed names bad keys) and recompute every stored
        verdict, in one transaction (long for a large database: only in a worker; a cancel
        through `progress` leaves the old thresholds and verdicts)."""
        values = parse_settings(raw)
        with self._database.write():
            settings = SettingsRepository(self._database)
            for key, value in values.items():
                settings.set(key, value)
            self._refresher.refresh_every_lot(progress)
        return self.setting_values()

    def pending(self) -> int:
        """How many lots have no stored verdict yet (lots from before this version)."""
        return self._lots.count(LotQuery(verdict=UNASSESSED))

    def refresh_pending(self, limit: int = BATCH) -> int:
        """Assess up to `limit` lots that have no stored verdict, in one transaction; return
        how many were done (call again until 0; each call is short enough for a worker)."""
        ids = self._refresher.pending(limit)
        if ids:
            with self._database.write():
                self._refresher.refresh(ids)
        return len(ids)


def fact_to_json(fact: Fact) -> dict[str, Any]:
    return {"code": fact.code, **dict(fact.values)}


def verdict_to_json(verdict: Verdict) -> dict[str, Any]:
    """`lots assess --json`: hallmarks with status and evidence, red flags, warnings."""
    return {
        "overall": verdict.overall.value,
        "met": verdict.met_count,
        "traceability": verdict.traceability.value,
        "hallmarks": [
            {
                "name": h.name.value,
                "status": h.status,
                "evidence": [fact_to_json(f) for f in h.evidence],
            }
            for h in verdict.hallmarks
        ],
        "red_flags": [fact_to_json(f) for f in verdict.red_flags],
        "warnings": [fact_to_json(f) for f in verdict.warnings],
    }
