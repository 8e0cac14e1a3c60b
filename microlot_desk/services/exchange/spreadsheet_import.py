"""Import lots from a CSV or XLSX table: each column mapped to a lot field, every row held to
the same rules as the editor, a report of every row refused (row, column, reason), and the good
rows added in one transaction — or, as a preview, nothing written at all.

The mapping is guessed from the headers (this app's own export headers, the field names, their
labels), can be given instead, and is remembered per set of headers, so next month's file from
the same roaster maps itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from microlot_desk.domain.lot_fields import FIELD_NAMES
from microlot_desk.errors import BadInputFile, FieldError, ValidationFailed
from microlot_desk.export.spreadsheets.table_reading import Table, read_table
from microlot_desk.messages import field_label
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.settings_repository import SettingsRepository

MAPS_KEY = "spreadsheet_maps"
IGNORED = ""  # a column mapped to nothing

# The headers of this app's own export (spreadsheet_export.HEADERS) that are lot fields.
EXPORT_HEADERS: Mapping[str, str] = {
    "Code": "code",
    "Name": "name",
    "Producer": "producer",
    "Farm": "farm",
    "Country": "country",
    "Region": "region",
    "Varieties": "varieties",
    "Process": "process",
    "Harvest from": "harvest_start",
    "Harvest to": "harvest_end",
    "Green (kg)": "green_kg",
    "Bags": "bag_count",
    "Bag (kg)": "bag_kg",
    "Moisture (%)": "moisture_pct",
    "Water activity": "water_activity",
    "Density (g/l)": "density_g_l",
    "Screen size": "screen_size",
    "Farm-gate price": "farm_gate_price",
    "FOB price": "fob_price",
    "Reference price": "reference_price",
    "Currency": "currency",
    "Price per": "price_unit",
    "Status": "status",
    "Notes": "notes",
}


@dataclass(frozen=True)
class RefusedCell:
    row: int  # as the spreadsheet shows it (the header is row 1)
    column: str  # the header, or the field when no column holds it
    error: FieldError


@dataclass
class SpreadsheetImport:
    path: Path
    headers: tuple[str, ...]
    mapping: dict[str, str]  # header -> lot field ("" ignored)
    rows: int = 0
    imported: list[str] = field(default_factory=list)  # codes of the lots added
    refused: list[RefusedCell] = field(default_factory=list)
    dry_run: bool = False

    @property
    def refused_rows(self) -> int:
        return len({cell.row for cell in self.refused})


def _normal(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


def guess_mapping(headers: tuple[str, ...]) -> dict[str, str]:
    """Each header's field by its export header, field name or label; others ignored."""
    known: dict[str, str] = {}
    for name in FIELD_NAMES:
        known[_normal(name)] = name
        known[_normal(field_label(name))] = name
    for header, name in EXPORT_HEADERS.items():
        known[_normal(header)] = name
    found: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = known.get(_normal(header), IGNORED)
        if name in taken:
            name = IGNORED  # two columns for one field: the first one
        found[header] = name
        taken.add(name)
    return found


def _headers_key(headers: tuple[str, ...]) -> str:
    return hashlib.sha256("\x1f".join(_normal(h) for h in headers).encode()).hexdigest()[:16]


def remembered_mapping(lots: LotService, headers: tuple[str, ...]) -> dict[str, str] | None:
    """The mapping last used for these headers (as spelt now: case and spacing aside)."""
    found = _maps(lots).get(_headers_key(headers))
    if not isinstance(found, dict):
        return None
    return {h: str(found.get(_normal(h), IGNORED)) for h in headers}


def _maps(lots: LotService) -> dict[str, object]:
    raw = SettingsRepository(lots.database).get(MAPS_KEY)
    try:
        loaded = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _checked_mapping(
    source: Path, headers: tuple[str, ...], given: Mapping[str, str]
) -> dict[str, str]:
    """The mapping by the table's own headers; a given column is found by its name, case
    and spacing aside."""
    by_name = {_normal(h): h for h in headers}
    unknown_header = next((h for h in given if _normal(h) not in by_name), None)
    if unknown_header is not None:
        raise BadInputFile(source=str(source), detail=f"it has no column '{unknown_header}'")
    mapping = {by_name[_normal(h)]: name for h, name in given.items()}
    unknown_field = next((f for f in mapping.values() if f and f not in FIELD_NAMES), None)
    if unknown_field is not None:
        raise BadInputFile(source=str(source), detail=f"'{unknown_field}' is not a lot field")
    fields = [f for f in mapping.values() if f]
    twice = next((f for f in fields if fields.count(f) > 1), None)
    if twice is not None:
        raise BadInputFile(source=str(source), detail=f"two columns are mapped to '{twice}'")
    return {h: mapping.get(h, IGNORED) for h in headers}


def import_lots_table(
    lots: LotService,
    path: Path,
    kind: str,
    *,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    table: Table | None = None,
) -> SpreadsheetImport:
    """Add the table's good rows as lots in one transaction (none with `dry_run`) and say which
    rows were refused and why. `mapping` (header -> field) overrides what is remembered for
    these headers, which overrides the guess; the mapping used is remembered."""
    table = table or read_table(path, kind)
    headers = table.headers
    spelt = [_normal(h) for h in headers]
    twice = next((h for h, n in zip(headers, spelt, strict=True) if spelt.count(n) > 1), None)
    if twice is not None:
        raise BadInputFile(source=str(path), detail=f"two columns are both called '{twice}'")
    chosen = mapping if mapping is not None else remembered_mapping(lots, headers)
    used = _checked_mapping(path, headers, chosen if chosen is not None else guess_mapping(headers))
    column_of = {name: header for header, name in used.items() if name}
    report = SpreadsheetImport(path, headers, used, rows=len(table.rows), dry_run=dry_run)
    with contextlib.suppress(_Preview), lots.database.write():
        for row in table.rows:
            raw = {
                used[header]: cell.strip()
                for header, cell in zip(headers, row.cells, strict=False)
                if used.get(header) and cell.strip()
            }
            try:
                with lots.database.write():  # a savepoint: a refused row leaves no trace
                    added = lots.add_lots([(raw, None)])
            except ValidationFailed as refused:
                report.refused += [
                    RefusedCell(row.number, column_of.get(error.field, error.field), error)
                    for error in refused.errors
                ]
                continue
            report.imported += [lot.code for lot in added]
        if not dry_run and report.imported:  # a mapping that imported lots is worth keeping
            _remember(lots, headers, used)
        if dry_run:
            raise _Preview
    return report


def _remember(lots: LotService, headers: tuple[str, ...], used: dict[str, str]) -> None:
    maps = _maps(lots)
    maps[_headers_key(headers)] = {_normal(h): name for h, name in used.items()}
    SettingsRepository(lots.database).set(MAPS_KEY, json.dumps(maps, ensure_ascii=False))


class _Preview(Exception):
    """Raised inside the transaction to roll a preview back."""
