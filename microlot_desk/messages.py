"""English text for error codes and field names, shared by the CLI and the GUI.

Lower layers raise codes with data; this is the one table that turns them into sentences. The GUI
passes each template through Qt's translator (context "messages") before formatting, so a
translation file can replace any of them.
"""

from __future__ import annotations

from microlot_desk.errors import FieldError, KnownError, ValidationFailed

FIELD_LABELS: dict[str, str] = {
    "code": "Code",
    "name": "Lot name",
    "producer": "Producer",
    "producer_kind": "Producer kind",
    "farm": "Farm",
    "plot": "Plot",
    "altitude_m": "Altitude (m)",
    "area_ha": "Area (ha)",
    "country": "Country",
    "region": "Region",
    "varieties": "Varieties",
    "process": "Process",
    "fermentation_hours": "Fermentation (hours)",
    "drying_method": "Drying method",
    "drying_days": "Drying (days)",
    "harvest_start": "Harvest start",
    "harvest_end": "Harvest end",
    "isolation": "Isolation",
    "separation_notes": "How it was separated",
    "story": "Story",
    "green_kg": "Green weight (kg)",
    "bag_count": "Bags",
    "bag_kg": "Bag size (kg)",
    "moisture_pct": "Moisture (%)",
    "water_activity": "Water activity",
    "density_g_l": "Density (g/l)",
    "screen_size": "Screen size (/64 in)",
    "farm_gate_price": "Farm-gate price",
    "fob_price": "FOB price",
    "reference_price": "Reference price",
    "currency": "Currency",
    "price_unit": "Price per",
    "status": "Status",
    "notes": "Notes",
}

FIELD_REASONS: dict[str, str] = {
    "required": "is required",
    "not_text": "must be text",
    "control_characters": "contains control characters",
    "too_long": "is longer than {max} characters",
    "not_a_number": "is not a number",
    "not_a_whole_number": "is not a whole number",
    "ambiguous_number": "is ambiguous: write it without thousands separators (1200 or 1200.5)",
    "out_of_range": "must be between {min} and {max}",
    "too_many_decimals": "has more than {places} decimals",
    "bad_date": "is not a date (use YYYY-MM-DD)",
    "unknown_country": "'{value}' is not an ISO 3166 country code (e.g. CO, ET)",
    "unknown_currency": "'{value}' is not an ISO 4217 currency code (e.g. USD)",
    "unknown_choice": "'{value}' is not one of: {allowed}",
    "bad_varieties": "must look like 'Caturra 60%, Castillo 40%'",
    "shares_not_100": "shares must be given for every variety and add up to 100 %",
    "duplicate_variety": "names a variety twice",
    "bad_isolation": "must be a list of: geographic, varietal, process, picking_date",
    "bad_code": "must be 2-32 letters, digits, '-', '_' or '.'",
    "unknown_field": "is not a lot field",
    "end_before_start": "is before the harvest start ({start})",
    "required_with_prices": "is required when a price is given",
    "duplicate_code": "is already used by another lot",
}

ERRORS: dict[str, str] = {
    "not_found": "No {kind} '{key}' was found.",
    "duplicate_code": "The code {code} is already used by another lot.",
    "database_locked": (
        "The database {path} is open in another microlot_desk (user {user} on {host}, "
        "process {pid}, since {since}). Close it there, or open this one read-only."
    ),
    "schema_too_new": (
        "The database {path} was written by a newer microlot_desk (schema {found}; this version "
        "knows {supported}). It was not changed. Update the app to open it."
    ),
    "database_damaged": (
        "The database {path} is damaged ({detail}). It was not changed. "
        "Restore the latest backup: {backup}"
    ),
    "database_unavailable": "The database {path} cannot be opened: {detail}",
    "not_our_database": (
        "{path} is an SQLite file of another program (tables: {tables}). It was not changed. "
        "Choose another data folder with --data-dir."
    ),
    "read_only": "The database {path} is open read-only; nothing was saved.",
    "bad_input_file": "{source}: {detail}",
    "validation_failed": "Nothing was saved.",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def describe_field_error(error: FieldError, *, prefix: str = "") -> str:
    reason = FIELD_REASONS.get(error.code, error.code).format_map(Lenient(error.params))
    return f"{prefix}{field_label(error.field)} ({error.field}): {reason}"


def describe(error: KnownError) -> str:
    """One paragraph saying what happened and what to do next."""
    if isinstance(error, ValidationFailed):
        where = f"row {error.row}: " if error.row is not None else ""
        lines = [describe_field_error(e, prefix=where) for e in error.errors]
        return "\n".join([*lines, ERRORS["validation_failed"]])
    template = ERRORS.get(error.code, error.code)
    return template.format_map(Lenient(error.params))


class Lenient(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"
