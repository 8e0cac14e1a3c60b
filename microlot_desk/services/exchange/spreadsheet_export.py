"""Lots, with their latest panel score, as a CSV or XLSX for a roaster's or importer's
spreadsheet: one row per lot, the columns named as the lot editor names them.

The panel score is the one a provenance sheet prints: the latest third-party panel if there is
one, else the latest panel; blind sessions not yet revealed are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from microlot_desk.domain.lot_query import LotQuery
from microlot_desk.domain.lots import Lot, LotSummary, format_varieties
from microlot_desk.errors import NotFound
from microlot_desk.export.spreadsheets.table_files import Cell, write_csv, write_xlsx
from microlot_desk.services.common.cupping_history import ScoreHistoryEntry
from microlot_desk.services.lots.lot_service import LotService

# Many lots' panel results at once, each oldest first (CuppingService.lots_history).
History = Callable[[list[str]], dict[str, tuple[ScoreHistoryEntry, ...]]]
_BATCH = 500  # lots whose sessions are loaded together: few queries, bounded memory

HEADERS: tuple[str, ...] = (
    "Code",
    "Name",
    "Producer",
    "Farm",
    "Country",
    "Region",
    "Varieties",
    "Process",
    "Harvest from",
    "Harvest to",
    "Green (kg)",
    "Bags",
    "Bag (kg)",
    "Moisture (%)",
    "Water activity",
    "Density (g/l)",
    "Screen size",
    "Farm-gate price",
    "FOB price",
    "Reference price",
    "Currency",
    "Price per",
    "Status",
    "Verdict",
    "Hallmarks met",
    "Panel score",
    "Panel form",
    "Panel cuppers",
    "Panel third party",
    "Cupped on",
    "Notes",
)


@dataclass(frozen=True)
class ExportedTable:
    path: Path
    rows: int


def export_lots_table(
    lots: LotService,
    history: History,
    codes: Sequence[str] | None,
    target: Path,
    *,
    kind: str,
) -> ExportedTable:
    """Write the lots with these codes (every lot for None) to `target`, as "csv" or "xlsx";
    NotFound naming the first unknown code, with nothing written. `history` is
    CuppingService.lots_history."""
    summaries = lots.page(LotQuery(), 0, max(lots.total(), 1))
    by_code = {s.code: s for s in summaries}
    if codes:
        missing = next((c for c in codes if c not in by_code), None)
        if missing is not None:
            raise NotFound(kind="lot", key=missing)
        chosen = [by_code[c] for c in dict.fromkeys(codes)]
    else:
        chosen = summaries
    rows = _rows(lots, history, chosen)
    if kind == "xlsx":
        count = write_xlsx(target, HEADERS, rows, sheet="Lots")
    else:
        count = write_csv(target, HEADERS, rows)
    return ExportedTable(target, count)


def _rows(lots: LotService, history: History, chosen: list[LotSummary]) -> Iterator[list[Cell]]:
    for start in range(0, len(chosen), _BATCH):
        batch = chosen[start : start + _BATCH]
        found = history([s.id for s in batch])
        for summary in batch:
            lot = lots.get(summary.id)
            yield _row(lot, summary, _panel(found.get(lot.id, ())))


def _panel(history: tuple[ScoreHistoryEntry, ...]) -> ScoreHistoryEntry | None:
    scored = [e for e in history if e.final is not None]
    third = [e for e in scored if e.third_party]
    return (third or scored)[-1] if scored else None


def _row(lot: Lot, summary: LotSummary, panel: ScoreHistoryEntry | None) -> list[Cell]:
    return [
        lot.code,
        lot.name,
        lot.producer_name,
        lot.farm,
        lot.country,
        lot.region,
        format_varieties(lot.varieties),
        lot.process,
        lot.harvest_start,
        lot.harvest_end,
        lot.green_kg,
        lot.bag_count,
        lot.bag_kg,
        lot.moisture_pct,
        lot.water_activity,
        lot.density_g_l,
        lot.screen_size,
        lot.farm_gate_price,
        lot.fob_price,
        lot.reference_price,
        lot.currency,
        lot.price_unit.value,
        lot.status.value,
        summary.verdict or "",
        summary.verdict_met,
        panel.final if panel else None,
        panel.form_name if panel else "",
        panel.panel_size if panel else None,
        ("yes" if panel.third_party else "no") if panel else "",
        panel.held_on if panel else None,
        lot.notes,
    ]
