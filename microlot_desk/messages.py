"""English text for error codes and field names, shared by the CLI and the GUI.

Lower layers raise codes with data; this is the one table that turns them into sentences. The GUI
passes each template through Qt's translator (context "messages") before formatting, so a
translation file can replace any of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from microlot_desk.domain.placeholders import Lenient
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
    "station_name": "Station name",
    "lot_code_pattern": "Lot code pattern",
    "size_nano_below": "Nano-lot limit (kg)",
    "size_micro_from": "Micro-lot from (kg)",
    "size_micro_to": "Micro-lot up to (kg)",
    "size_second_look_from": "Second look from (kg)",
}

FIELD_REASONS: dict[str, str] = {
    "required": "is required",
    "not_text": "must be text",
    "lone_surrogate": (
        "holds {code_point}, half of a character that is not text on its own (it comes from a "
        "file name or a file read in the wrong encoding); type the text again"
    ),
    "control_characters": (
        "contains a line break, tab or other control character; a name is one line of text"
    ),
    "bidi_controls": (
        "contains an invisible character that reverses or reorders the text shown around it "
        "(a bidi control such as U+202E); type it without"
    ),
    "too_many_items": "lists {count} entries; at most {max} are accepted",
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
    "bad_pattern": "must contain {{seq}} and only {{country}}, {{year}}, {{station}} besides",
    "unknown_setting": "is not a setting",
    "thresholds_out_of_order": "would put the size classes out of order (nano < small < micro)",
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
    "disk_full": (
        "The disk holding {folder} is full, so this was not saved; everything saved before is "
        "unchanged and no half-written file was left. Free some space, or choose a folder on "
        "another disk, and try again."
    ),
    "folder_read_only": (
        "{folder} cannot be written (a read-only disk or folder, or no permission), so nothing "
        "was changed. Choose a folder you can write to: --data-dir DIR for the database, "
        "-o for an export."
    ),
    "anchor_log_unusable": (
        "The custody anchor log {path} cannot be used ({detail}): it must be a plain file in "
        "the data folder, not a link or a folder. Nothing was written. Move it aside and try "
        "again; `db check` then holds the chains to the backups only."
    ),
    "station_key_unusable": (
        "This station's key {path} cannot be read ({detail}). It was not replaced: a new key "
        "would make this a new station to everyone who trusts it. Restore the file from a "
        "backup (backups/*.station-key.pem), or move it aside to make a new key."
    ),
    "history_kept": (
        "The conflict over {label} is about recorded history, which is never replaced: only "
        "--keep mine settles it (this station's history stays; the other station's is in its "
        "bundle)."
    ),
    "bad_fingerprint": (
        "'{text}' is not a station fingerprint: it has 20 letters and digits 2-7, in five "
        "groups of four, like 7K3Q-QXWD-F2PA-HN4T-AB2C (`keys show` prints this station's)."
    ),
    "bad_input_file": "{source}: {detail}",
    "validation_failed": "Nothing was saved.",
    "unknown_form": "There is no cupping form '{form}'. Available forms: {available}.",
    "unknown_language": (
        "Printed documents are not translated into '{language}' yet. Available: {available}."
    ),
}

WARNINGS: dict[str, str] = {
    "uncovered_characters": (
        '{subject}: no bundled font has {characters}; printed as [?] in "{text}".'
    ),
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def field_reason(error: FieldError) -> str:
    """Why the field was refused, without naming the field (a report names its column)."""
    return FIELD_REASONS.get(error.code, error.code).format_map(Lenient(error.params))


def describe_field_error(error: FieldError, *, prefix: str = "") -> str:
    return f"{prefix}{field_label(error.field)} ({error.field}): {field_reason(error)}"


def describe(error: KnownError) -> str:
    """One paragraph saying what happened and what to do next."""
    if isinstance(error, ValidationFailed):
        where = f"row {error.row}: " if error.row is not None else ""
        lines = [describe_field_error(e, prefix=where) for e in error.errors]
        return "\n".join([*lines, ERRORS["validation_failed"]])
    return describe_code(error.code, error.params)


def describe_code(code: str, params: Mapping[str, object]) -> str:
    """The message of an error known only by its code and data (one that crossed from a worker
    process); an unlisted code says its detail."""
    if code in REASONED:
        return describe_reasoned(code, params)
    template = ERRORS.get(code, "{detail}" if "detail" in params else code)
    return template.format_map(Lenient(params))


# Why a file a person handed the app was not read (microlot_desk.user_files).
INPUT_FILE_REASONS: dict[str, str] = {
    "not_found": "there is no such file",
    "directory": "it is a folder, not a file",
    "device": "it is a device, not a file",
    "fifo": "it is a pipe, not a file",
    "socket": "it is a socket, not a file",
    "not_a_file": "it is not a regular file",
    "link": "it is a link to {target}; if that is the file you mean, give its own path",
    "too_large": "it is larger than {max_text}, the most this accepts",
    "unreadable": "it cannot be read ({detail})",
}

# Why a file was not attached as evidence (EvidenceRefused's reason).
EVIDENCE_REFUSALS: dict[str, str] = {
    "unknown_type": "it is not a JPEG, PNG or WebP picture, nor a PDF",
    "too_large": (
        "it is larger than {max_text}, the most this station accepts (Settings: largest "
        "evidence file)"
    ),
    "unreadable_image": "the picture cannot be read ({detail})",
    "wrong_kind": "a photo or a portrait must be a picture (JPEG, PNG or WebP)",
    "empty": "the file is empty",
}

# Why a lot bundle was refused (BundleRefused's reason); `member` names the member at fault.
BUNDLE_REFUSALS: dict[str, str] = {
    "not_a_bundle": "it is not a lot bundle (not a readable zip file: {detail})",
    "too_many_members": "it has more than {detail} members, more than any bundle needs",
    "bad_name": "it holds a member named '{member}', which a bundle cannot have ({detail})",
    "duplicate_member": "it holds the member {member} twice",
    "encrypted": "its member {member} is encrypted",
    "compression": "its member {member} is compressed in a way bundles never are",
    "not_canonical": (
        "its zip form was changed after it was written ({detail}); a bundle is read only as "
        "the app wrote it"
    ),
    "no_manifest": "it has no manifest.json, so nothing in it can be checked",
    "no_signature": "it has no manifest.sig: it is not signed",
    "bad_manifest": "its manifest.json cannot be used ({detail})",
    "newer_format": (
        "it was made in bundle format {detail}, newer than this version reads; update "
        "microlot_desk to import it"
    ),
    "bad_signature": (
        "its signature does not match its manifest ({detail}): it was changed after it was "
        "signed, or not signed by the station it names"
    ),
    "undeclared_member": "it holds {member}, which its manifest does not list",
    "missing_member": "its manifest lists {member}, which is not in it",
    "size_mismatch": "its member {member} is not the size its manifest states",
    "hash_mismatch": (
        "its member {member} does not match the SHA-256 in its manifest: it was changed or "
        "damaged on the way"
    ),
    "too_large": "its member {member} is larger than a bundle may hold ({detail})",
    "bomb": (
        "its member {member} expands far more than any record or picture does (a compression bomb)"
    ),
    "bad_records": "its member {member} holds a record this version cannot use ({detail})",
    "bad_evidence": ("its evidence file {member} is not one this station accepts ({detail})"),
    "untrusted": (
        "it is signed by station {detail}, which this station does not trust; compare the "
        "fingerprint with its sender and trust it (keys trust FINGERPRINT --name NAME)"
    ),
    "unreadable": "it cannot be read ({detail})",
    "chain_broken": (
        "the custody history it carries for lot {detail} does not match the chain head its "
        "sender signed"
    ),
    "code_clash": (
        "lot code {detail} is another lot's here; rename that lot first (lots edit CODE --set "
        "code=NEW), then import again"
    ),
    "not_applicable": "its record {member} cannot be merged here ({detail})",
}

# Errors whose sentence is chosen by their `reason`: (the whole message, the reasons).
REASONED: dict[str, tuple[str, dict[str, str]]] = {
    "input_file_refused": (
        "{source} was not read: {why}. Nothing was changed.",
        INPUT_FILE_REASONS,
    ),
    "evidence_refused": (
        "The file was not attached: {why}. Nothing was changed.",
        EVIDENCE_REFUSALS,
    ),
    "bundle_refused": ("{source} was refused: {why}. Nothing was changed.", BUNDLE_REFUSALS),
}


def reason_text(reasons: Mapping[str, str], params: Mapping[str, object]) -> str:
    """The reason's clause, its values filled in (`max` bytes also as `max_text`: 50 MB)."""
    values = dict(params)
    if "max" in values:
        values["max_text"] = size_text(int(str(values["max"])))
    return reasons.get(str(values.get("reason")), "it cannot be used").format_map(Lenient(values))


def describe_reasoned(code: str, params: Mapping[str, object]) -> str:
    template, reasons = REASONED[code]
    return template.format_map(Lenient({**params, "why": reason_text(reasons, params)}))


def size_text(count: int) -> str:
    """A byte count as a person reads it: 512 bytes, 20 kB, 50 MB, 1.5 GB."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if count >= size:
            value = count / size
            return (
                f"{value:.1f} {unit}".replace(".0 ", " ") if value < 10 else f"{value:.0f} {unit}"
            )
    return f"{count} bytes"


# ---- cupping: sessions, sheets, the score and import commands (issue 3) ------------------------

FIELD_LABELS.update(
    {
        "held_on": "Date",
        "title": "Title",
        "place": "Place",
        "form_id": "Form",
        "blind": "Blind",
        "leader": "Session leader",
        "dose_g": "Dose (g)",
        "water_ml": "Water (ml)",
        "cups_per_sample": "Cups per sample",
        "water_temp_c": "Water temperature (°C)",
        "grind_pct_20_mesh": "Grind through a 20-mesh sieve (%)",
        "roast_minutes": "Roast time (min)",
        "rest_hours": "Rest after roasting (h)",
        "robusta": "Robusta dose",
        "deviation_notes": "Deviations from the protocol",
        "sample_type": "Sample type",
        "roast_date": "Roast date",
        "agtron_whole": "Roast colour, whole bean (Agtron)",
        "agtron_ground": "Roast colour, ground (Agtron)",
        "cupper_name": "Cupper",
        "cuppers": "Cuppers",
        "q_licence": "Q licence number",
        "affiliation": "Affiliation",
        "reason": "Reason",
        "by": "By",
        "note": "Note",
    }
)

ERRORS.update(
    {
        # One sheet value refused (params: section, label, value, min, max, step, allowed,
        # cups, max_selected); the entry screen shows it beside the field.
        "sheet_missing": "{label} ({section}) is missing.",
        "sheet_unknown_key": "'{section}' is not a section of this form.",
        "sheet_not_a_number": "{label} ({section}): '{value}' is not a number.",
        "sheet_not_an_integer": "{label} ({section}): {value} is not a whole number.",
        "sheet_out_of_range": "{label} ({section}): {value} is outside {min} to {max}.",
        "sheet_off_step": (
            "{label} ({section}): {value} is not on the form's steps of {step} from {min}."
        ),
        "sheet_wrong_type": "{label} ({section}): '{value}' is not a value this field takes.",
        "sheet_wrong_cup_count": (
            "{label} ({section}): {value} cups were given; the form has {cups}."
        ),
        "sheet_unknown_choice": "{label} ({section}): '{value}' is not one of: {allowed}.",
        "sheet_too_many_selected": (
            "{label} ({section}): {value} boxes are ticked; at most {max_selected} may be."
        ),
        "sheet_duplicate_choice": "{label} ({section}): a box is ticked twice.",
        "sheet_bad_level": (
            "{label} ({section}): cups {cups} need an intensity from {min} to {max}."
        ),
        "sheet_given_twice": "{label} ({section}) is given twice.",
        "sheet_marked_in_both": (
            "{label} ({section}): cups {cups} are also marked as {related}; a cup is one or "
            "the other, not both."
        ),
        "sheet_too_many_cups": (
            "{label} ({section}) and {related} mark {value} cups together, but the sample has "
            "{cups}; a cup is one or the other, not both."
        ),
        "sheet_final_below_minimum": (
            "{label} ({section}): the penalties take the final to {value}, below the form's "
            "lowest score of {lowest}; check the cups marked and the scores."
        ),
        "sheet_exponent_notation": (
            "{label} ({section}): '{value}' is written with an exponent; write the score as "
            "a plain decimal number (10, 8.25)."
        ),
        "sheet_refused": "The sheet was not scored on the {form} form:",
        "sheet_already_excluded": "That sheet is already left out of the panel.",
        "sheet_not_excluded": "That sheet already counts in the panel.",
        "cupper_already_in_session": "{name} is already on this session's panel.",
        "duplicate_licence": "The Q licence number {licence} already belongs to {name}.",
        "session_full": "This session already has a sample under every code from 001 to 999.",
        "session_not_blind": "This session is not blind: there is nothing to reveal.",
        "ambiguous_session": (
            "{count} sessions have an id starting with '{prefix}'; type more of the id."
        ),
        "form_change_refused": (
            "The form cannot change: sheets of this session already have values."
        ),
        "csv_too_large": "{source} is larger than {detail} bytes; nothing was imported.",
        "csv_too_many_rows": (
            "{source} has more than {detail} rows; split it. Nothing was imported."
        ),
        "csv_no_header": "{source} has no header row; nothing was imported.",
        "csv_too_many_columns": "{source} has more than {detail} columns; nothing was imported.",
        "csv_missing_columns": "{source} lacks the columns {detail}; nothing was imported.",
        "csv_duplicate_columns": (
            "{source} has the columns {detail} more than once; nothing was imported."
        ),
        "csv_bad_utf16": (
            "{source} is a UTF-16 file that breaks off at byte {detail} (saved from a "
            "spreadsheet that did not finish?); nothing was imported."
        ),
        "csv_bad_rows": (
            "{source}: the rows listed cannot be imported, so nothing was imported. Fix them, "
            "or import the other rows with --skip-bad-rows."
        ),
    }
)

SCORE_WARNINGS: dict[str, str] = {
    "below_warn": "{label} ({key}) is {value}, below {limit}: check it.",
    "defect_type_missing": (
        "{label} ({key}): cups {cups} are marked without a defect type, so they do not count."
    ),
    "implied_mark_missing": (
        "{label} ({key}): cups {cups} should also be marked as {related}: a defective cup "
        "is non-uniform unless every cup is alike."
    ),
}

CSV_REASONS: dict[str, str] = {
    "missing": "is empty",
    "not_a_number": "'{value}' is not a number",
    "out_of_range": "'{value}' is out of range",
    "not_a_whole_number": "'{value}' is not a whole number",
    "bad_date": "'{value}' is not a date (2015-04-04 or April 4th, 2015)",
    "not_utf8": "is not UTF-8 text",
    "too_long": "is too long",
    "unreadable_row": "could not be read as CSV",
    "too_many_cells": "has more cells than the header",
    "all_attributes_zero": "every attribute is 0: that is no grading, so the row is refused",
}


JSON_REASONS: dict[str, str] = {
    "syntax": "it is not valid JSON ({detail})",
    "duplicate_key": 'the member "{detail}" appears twice, so which one counts is unclear',
    "not_a_number": "'{detail}' is not a number JSON allows",
    "number_too_long": "a number has {detail} digits; no value in this file needs that many",
    "too_deep": "it is nested deeper than {detail} levels",
    "too_large": "it is larger than {detail} bytes",
    "not_utf8": "it is not UTF-8 text",
}


def describe_json_problem(reason: str, detail: str) -> str:
    """Why a JSON document was refused (strict_json's reason and detail), as a sentence."""
    return JSON_REASONS.get(reason, "it is not valid JSON").format_map(Lenient({"detail": detail}))


# A lab's own cupping form (resources/forms, or the lab folder): why a template file is refused.
TEMPLATE_REASONS: dict[str, str] = {
    "unreadable": "the file cannot be read",
    "not_a_file": "is not a regular file (a folder, a device or a pipe)",
    "link": "is a link (to {detail}); put the file itself in the folder",
    "too_many_files": "the folder holds too many template files",
    "duplicate_id": "another template already has this id",
    "unsupported_format": "the format is not one this version reads",
    "bad_identifier": "is not a valid key (lower-case letters, digits and _)",
    "bad_length": "is longer than allowed",
    "bad_number": "is not a usable number",
    "bad_range": "the range is empty or upside down",
    "bad_step": "the step is not a positive number",
    "bands_not_descending": "the score bands are not in descending order",
    "bands_without_score": "a band has no score",
    "catch_all_not_last": "the catch-all entry must come last",
    "cups_missing": "the number of cups is missing",
    "duplicate_key": '"{detail}" appears twice',
    "empty": "is empty",
    "missing_key": 'the member "{detail}" is missing',
    "not_an_object": "should be a JSON object",
    "optional_section_in_formula": "an optional section cannot be part of the total",
    "out_of_range": "is out of range",
    "requirement_without_bound": "a requirement has no bound",
    "reserved_key": '"{detail}" is a key the app reserves',
    "rounding_incomplete": "the rounding needs both round_to and rounding",
    "step_does_not_divide_range": "the step does not divide the range",
    "too_many": "has more entries than allowed",
    "unknown_field": "names a field the form does not have",
    "unknown_key": '"{detail}" is not a member this format knows',
    "unknown_kind": "is not a kind of field this format knows",
    "unknown_quantity": "names a quantity the form does not have",
    "unknown_rounding": "is not a rounding mode (half_up, half_even, down)",
    "unknown_section": "names a section the form does not have",
    "warn_below_out_of_range": "the warning level is outside the field's range",
    "wrong_field_kind": "names a field of the wrong kind",
    "wrong_section_kind": "names a section of the wrong kind",
    "wrong_type": "should be of type {detail}",
}


def describe_template_problem(reason: str, where: str, detail: str) -> str:
    """A template file's problem as a sentence: where in the file, what, and the value."""
    if reason in JSON_REASONS and not where:
        return describe_json_problem(reason, detail)
    template = TEMPLATE_REASONS.get(reason, "is not usable")
    what = template.format_map(Lenient({"detail": detail}))
    if detail and "{detail}" not in template:
        what += f" ({detail})"
    return f"at {where}: {what}" if where else what


def describe_score_warning(code: str, params: dict[str, object]) -> str:
    """A sheet warning (domain.cupping.ScoreWarning code) as a sentence."""
    return SCORE_WARNINGS.get(code, code).format_map(Lenient(params))


def describe_csv_problem(row: int, column: str, reason: str, value: str = "") -> str:
    """One unreadable CSV cell or row, e.g. "row 4, column Flavor: 'abc' is not a number"."""
    template = CSV_REASONS.get(reason) or FIELD_REASONS.get(reason, reason)
    text = template.format_map(Lenient({"value": value}))
    return f"row {row}, column {column}: {text}" if column else f"row {row}: {text}"


# ---- custody, evidence, plots and provenance exports (issue 5) ------------------------------

FIELD_LABELS.update(
    {
        "stage": "Stage",
        "started": "Start",
        "ended": "End",
        "utc_offset": "UTC offset",
        "responsible": "Responsible person",
        "kg_in": "kg in",
        "form_in": "Form in",
        "kg_out": "kg out",
        "form_out": "Form out",
        "void": "Withdraw",
        "parts": "Sub-lots",
        "with": "Mixed with",
        "unknown_origin_kg": "kg of unknown origin",
        "stages": "Stages",
        "caption": "Caption",
    }
)

FIELD_REASONS.update(
    {
        "bad_offset": "is not a UTC offset (e.g. -05:00)",
        "bad_datetime": "is not a date and time (e.g. 2026-05-12T06:30-05:00)",
        "not_a_boolean": "must be true or false",
        "required_with_weight": "is required when a weight is given",
        "parts_exceed_lot": "add up to {total} kg, more than the lot's {green_kg} kg",
        "bad_lot_list": 'must be a list of {"code": ..., "kg": ...}',
        "unknown_lot": "names no lot of this database ({value})",
        "bad_stage": "'{value}' is not a stage name (letters, digits and _)",
        "duplicate_stage": "names '{value}' twice",
    }
)

ERRORS.update(
    {
        "evidence_unavailable": "The evidence file {sha256} is {state}: restore the evidence "
        "folder from a backup.",
        "geometry_refused": "The location of plot {plot} was not saved: it breaks {count} rule(s).",
        "geometry_unreadable": "The location could not be read ({reason}).",
        "export_refused": "Nothing was exported: {count} plot(s) break a rule.",
    }
)


# ---- the Settings screen ------------------------------------------------------------------

FIELD_LABELS.update(
    {
        "verdict.min_score": "Score threshold",
        "verdict.premium_ratio": "Premium ratio",
        "custody.gap_hours": "Custody gap (hours)",
        "custody.blend_tolerance_pct": "Blend tolerance (%)",
        "yield.cherry_per_green_min": "Cherry per green, lowest",
        "yield.cherry_per_green_max": "Cherry per green, highest",
        "yield.parchment_per_green_min": "Parchment per green, lowest",
        "yield.parchment_per_green_max": "Parchment per green, highest",
        "evidence.photo_distance_m": "Photo distance (m)",
        "evidence_max_mb": "Largest evidence file (MB)",
    }
)

# What each setting means, shown beneath it on the Settings screen.
SETTING_HINTS: dict[str, str] = {
    "station_name": "Your station's name; a lot code pattern may use it as {station}.",
    "lot_code_pattern": (
        "How new lots are coded: {seq} (e.g. {seq:03d}) and any of {country}, {year}, "
        "{station}. Existing codes stay as they are."
    ),
    "size_nano_below": "A lot lighter than this (kg green) is a nano-lot.",
    "size_micro_from": "A micro-lot weighs at least this (kg green).",
    "size_micro_to": "A micro-lot weighs at most this (kg green).",
    "size_second_look_from": "A micro-lot claim from this many kg green warrants a second look.",
    "evidence_max_mb": (
        "A photo or document larger than this (MB) is refused when attached; files already "
        "attached stay."
    ),
    "verdict.min_score": "The panel score a lot needs for the quality hallmark.",
    "verdict.premium_ratio": (
        "The price paid (FOB, else farm-gate) must be at least this many times the reference."
    ),
    "custody.gap_hours": "More hours than this between custody events is a gap in the chain.",
    "custody.blend_tolerance_pct": ("More coffee out than in, beyond this share, signals a blend."),
    "yield.cherry_per_green_min": "Fewest kg of cherry per kg of green that is plausible.",
    "yield.cherry_per_green_max": "Most kg of cherry per kg of green that is plausible.",
    "yield.parchment_per_green_min": "Fewest kg of parchment per kg of green that is plausible.",
    "yield.parchment_per_green_max": "Most kg of parchment per kg of green that is plausible.",
    "evidence.photo_distance_m": "A photo taken farther than this from its plot is flagged.",
    "stages": (
        "One stage per line (lower-case words, e.g. solar_drying). Events already recorded "
        "keep their stage."
    ),
}
