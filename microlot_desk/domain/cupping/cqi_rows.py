"""One CQI-style record (a Q-grading certificate line) into a panel result and lot fields.

The ten attributes are panel averages on the SCA 2004 scale (8.67, 9.33 appear), so they are
checked against the scale (0-10, at most 2 decimals) but not its 0.25 step (Cupper.Points is
Overall). Each cell is a mean printed to two decimals and the certificate's Total.Cup.Points is
the rounding of the unrounded sum, so the rounded cells may add up to as much as 10 x 0.005 off
the stated total (the public file's row 47: stated 86.00, cells 85.99). Within that the stated
total is the recorded final; beyond it the row is a mismatch, and the cells' sum is recorded
with the stated total kept beside it. A row whose every attribute is 0 is no grading at all
and is refused.

Two layouts: the arabica file (SCA 2004 form) and the robusta file (`Salt...Acid`,
`Bitter...Sweet`, `Mouthfeel`, `Uniform.Cup`: the Fine Robusta form), told apart by the header.
Lot fields are handed on as raw text for the lot parser; labels the lot record cannot hold (an
unknown country or processing name, an unparsable variety) go into the lot's notes instead of
being lost.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from microlot_desk.domain.cupping.cqi_csv import CellError, Columns, column_key
from microlot_desk.domain.lot_fields import BadValue, parse_varieties

ATTRIBUTES: dict[str, str] = {
    "Aroma": "fragrance_aroma",
    "Flavor": "flavor",
    "Aftertaste": "aftertaste",
    "Acidity": "acidity",
    "Body": "body",
    "Balance": "balance",
    "Uniformity": "uniformity",
    "Clean.Cup": "clean_cup",
    "Sweetness": "sweetness",
    "Cupper.Points": "overall",
}
TOTAL = "Total.Cup.Points"
GRADING_DATE = "Grading.Date"
HARVEST_YEAR = "Harvest.Year"
LOT_COLUMNS = (
    "Country.of.Origin",
    "Farm.Name",
    "Lot.Number",
    "Region",
    "Producer",
    "Variety",
    "Processing.Method",
)
EXTRAS: dict[str, str] = {
    "Moisture": "moisture_pct",
    "Category.One.Defects": "category_one_defects",
    "Quakers": "quakers",
    "Category.Two.Defects": "category_two_defects",
}
ROBUSTA_ATTRIBUTES: dict[str, str] = {
    "Fragrance...Aroma": "fragrance_aroma",
    "Flavor": "flavor",
    "Aftertaste": "aftertaste",
    "Salt...Acid": "salt_acid",
    "Bitter...Sweet": "bitter_sweet",
    "Mouthfeel": "body",
    "Uniform.Cup": "uniformity",
    "Clean.Cup": "clean_cup",
    "Balance": "balance",
    "Cupper.Points": "overall",
}
# Half a unit in the last printed place, for each of the ten rounded cells.
TOLERANCE = len(ATTRIBUTES) * Decimal("0.005")


@dataclass(frozen=True)
class Layout:
    """Which form a file's rows are scored on and the columns it holds them in."""

    form_id: str
    attributes: Mapping[str, str]
    columns: Columns


def _layout(form_id: str, attributes: dict[str, str], aliases: dict[str, str]) -> Layout:
    used = (*attributes, TOTAL, GRADING_DATE, HARVEST_YEAR, *LOT_COLUMNS, *EXTRAS)
    return Layout(form_id, attributes, Columns(tuple(attributes), used, aliases))


ARABICA = _layout("sca-2004", ATTRIBUTES, {"fragrancearoma": "Aroma", "uniformcup": "Uniformity"})
ROBUSTA = _layout(
    "fine-robusta",
    ROBUSTA_ATTRIBUTES,
    {"aroma": "Fragrance...Aroma", "uniformity": "Uniform.Cup", "saltacidity": "Salt...Acid"},
)
_ROBUSTA_ONLY = {column_key(name) for name in ("Salt...Acid", "Bitter...Sweet", "Mouthfeel")}


def layout_of(header: list[str]) -> Layout:
    """The robusta layout when the header has a robusta-only column, else the arabica one."""
    keys = {column_key(name) for name in header}
    return ROBUSTA if keys & _ROBUSTA_ONLY else ARABICA


_NUMBER = re.compile(r"[+-]?[0-9]{1,6}(?:\.[0-9]{1,12})?")
# 8,67: the decimal comma of a spreadsheet saved where the comma is the decimal mark (such files
# are semicolon-separated). Read so only where the number is at most 100 (scores, totals,
# moisture): there a comma before digits cannot be digit grouping; in a defect count it could.
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]{1,3},[0-9]{1,12}")
_YEAR = re.compile(r"(?<![0-9])(19[0-9]{2}|2[01][0-9]{2})(?![0-9])")
_BLANK = {"", "na", "n/a", "nan", "null", "none", "-"}
_NO_LOT_NUMBER = _BLANK | {"nil", "0", "n.a.", "unknown"}
_LONG_DATE = re.compile(r"([A-Za-z]+)\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})")
# English month names, whatever the machine's locale (strptime's %b follows the locale).
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}
_PROCESSES = {
    "washed / wet": "washed",
    "washed": "washed",
    "wet": "washed",
    "natural / dry": "natural",
    "natural": "natural",
    "dry": "natural",
    "semi-washed / semi-pulped": "semi_washed",
    "semi-washed": "semi_washed",
    "pulped natural / honey": "pulped_natural",
    "pulped natural": "pulped_natural",
    "honey": "honey",
    "other": "other",
}


@dataclass(frozen=True)
class CqiRow:
    """A readable record: section points (sca-2004 keys), stated and recomputed totals,
    the grading date, green-grading extras, and raw lot fields with notes."""

    row: int
    sections: dict[str, Decimal]
    stated: Decimal | None
    computed: Decimal
    graded_on: date | None
    extras: dict[str, Decimal]
    lot_fields: dict[str, str] = field(default_factory=dict)
    content_key: str = ""

    @property
    def lot_number(self) -> str:
        """The certificate's lot number, "" where it says there is none ("Nil", "N/A")."""
        number = self.lot_fields.get("Lot.Number", "")
        return "" if number.lower() in _NO_LOT_NUMBER else number

    @property
    def final(self) -> Decimal:
        """The certificate's stated total when the cells agree with it within rounding, else
        the cells' sum."""
        if self.stated is not None and not self.mismatch:
            return self.stated
        return self.computed

    @property
    def year(self) -> int | None:
        """The harvest year ("2014/2015" gives 2014), else the grading year, else None: the
        year a lot code carries."""
        found = _YEAR.search(self.lot_fields.get(HARVEST_YEAR, ""))
        if found:
            return int(found.group(0))
        return self.graded_on.year if self.graded_on else None

    @property
    def mismatch(self) -> bool:
        """True when the stated total is further from the cells' sum than rounding allows."""
        return self.stated is not None and abs(self.stated - self.computed) > TOLERANCE


def read_cqi_row(
    row: int, cells: Mapping[str, str], layout: Layout = ARABICA
) -> CqiRow | list[CellError]:
    """The row read, or every unreadable cell of it (or why the row as a whole is refused)."""
    errors: list[CellError] = []
    sections: dict[str, Decimal] = {}
    for column, key in layout.attributes.items():
        value = _number(row, column, cells.get(column, ""), Decimal(10), errors, required=True)
        if value is not None:
            sections[key] = value
    stated = _number(row, TOTAL, cells.get(TOTAL, ""), Decimal(100), errors)
    extras = _extras(row, cells, errors)
    graded_on = _date(row, cells.get(GRADING_DATE, ""), errors)
    if errors:
        return errors
    if not any(sections.values()):
        return [CellError(row, "", "all_attributes_zero")]
    return CqiRow(
        row=row,
        sections=sections,
        stated=stated,
        computed=sum(sections.values(), Decimal(0)),
        graded_on=graded_on,
        extras=extras,
        lot_fields={column: cells.get(column, "") for column in (*LOT_COLUMNS, HARVEST_YEAR)},
        content_key=content_key(layout, cells),
    )


def content_key(layout: Layout, cells: Mapping[str, str]) -> str:
    """A digest of what the row says (its form and every cell read, by canonical column, so
    the same line under another header spelling is the same row): how a row imported before
    is recognised."""
    text = "\x1f".join([layout.form_id, *(cells.get(name, "") for name in layout.columns.used)])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class LotInput:
    """Raw lot fields for the lot parser, and the CSV column each came from (for errors)."""

    fields: dict[str, str]
    columns: dict[str, str]


def lot_input(row: CqiRow, *, max_name: int = 120) -> LotInput:
    """The lot a CQI row describes. The name is the first of farm, producer, region, lot
    number and country that is given; what the lot cannot hold goes into its notes."""
    cells = row.lot_fields
    fields: dict[str, str] = {}
    columns: dict[str, str] = {}
    notes = [f"Imported from CQI data, row {row.row}."]
    for column, key in (("Farm.Name", "farm"), ("Producer", "producer"), ("Region", "region")):
        if cells.get(column):
            fields[key], columns[key] = cells[column], column
    name_from = next(
        (c for c in (*_NAME_SOURCES, "Country.of.Origin") if cells.get(c)), "Lot.Number"
    )
    fields["name"] = (cells.get(name_from) or f"CQI row {row.row}")[:max_name]
    columns["name"] = name_from
    country_text = cells.get("Country.of.Origin", "")
    code = country_code(country_text)
    if code:
        fields["country"], columns["country"] = code, "Country.of.Origin"
    elif country_text:
        notes.append(f"Country of origin: {country_text}")
    process = cells.get("Processing.Method", "")
    if process and process_key(process):
        fields["process"], columns["process"] = process_key(process) or "", "Processing.Method"
    elif process:
        notes.append(f"Processing method: {process}")
    variety = cells.get("Variety", "")
    if variety and _readable_varieties(variety):
        fields["varieties"], columns["varieties"] = variety, "Variety"
    elif variety:
        notes.append(f"Variety: {variety}")
    if cells.get("Lot.Number"):
        notes.append(f"Lot number: {cells['Lot.Number']}")
    fields["notes"], columns["notes"] = "\n".join(notes), "Lot.Number"
    return LotInput(fields, columns)


_NAME_SOURCES = ("Farm.Name", "Producer", "Region", "Lot.Number")


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 code for a country name as CQI writes it ("United States (Hawaii)")."""
    import pycountry

    cleaned = name.split("(")[0].strip()
    if not cleaned:
        return None
    try:
        return str(pycountry.countries.lookup(cleaned).alpha_2)
    except LookupError:
        return None


def _readable_varieties(text: str) -> bool:
    try:
        return bool(parse_varieties(text)) and text.strip().lower() != "other"
    except BadValue:
        return False


def process_key(label: str) -> str | None:
    """The app's processing vocabulary for a CQI label, None when it has no equivalent."""
    return _PROCESSES.get(" ".join(label.lower().split()))


def _number(
    row: int,
    column: str,
    text: str,
    maximum: Decimal,
    errors: list[CellError],
    *,
    required: bool = False,
) -> Decimal | None:
    if text.strip().lower() in _BLANK:
        if required:
            errors.append(CellError(row, column, "missing"))
        return None
    written = text.strip()
    if maximum <= 100 and _DECIMAL_COMMA.fullmatch(written):
        written = written.replace(",", ".")
    if not _NUMBER.fullmatch(written):
        errors.append(CellError(row, column, "not_a_number", _show(text)))
        return None
    value = Decimal(written)
    if not Decimal(0) <= value <= maximum:
        errors.append(CellError(row, column, "out_of_range", _show(text)))
        return None
    return value


def _extras(row: int, cells: Mapping[str, str], errors: list[CellError]) -> dict[str, Decimal]:
    extras: dict[str, Decimal] = {}
    for column, key in EXTRAS.items():
        limit = Decimal(100) if column == "Moisture" else Decimal(100_000)
        value = _number(row, column, cells.get(column, ""), limit, errors)
        if value is None:
            continue
        if column == "Moisture":
            if value == 0:
                continue  # the CQI data writes 0 where moisture was not measured
            value = value * 100 if value <= 1 else value  # 0.12 is a fraction: 12 %
        elif value != value.to_integral_value():
            errors.append(CellError(row, column, "not_a_whole_number", _show(str(value))))
            continue
        extras[key] = value.normalize() if key == "moisture_pct" else value
    return extras


def _date(row: int, text: str, errors: list[CellError]) -> date | None:
    cleaned = text.strip()
    if cleaned.lower() in _BLANK:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    match = _LONG_DATE.fullmatch(cleaned)
    month = _MONTHS.get(match.group(1).lower()) if match else None
    if match and month is not None:
        try:
            return date(int(match.group(3)), month, int(match.group(2)))
        except ValueError:
            pass
    errors.append(CellError(row, GRADING_DATE, "bad_date", _show(text)))
    return None


def _show(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
