"""English text for the codes of issue 5: the verdict's hallmarks, evidence and red flags,
custody chain problems, plot location problems and export refusals. Shared by the CLI and the
GUI (which passes each template through Qt's translator, context "provenance", first)."""

from __future__ import annotations

from collections.abc import Mapping

from microlot_desk.messages import Lenient

HALLMARKS: dict[str, str] = {
    "provenance": "Single, documented provenance",
    "volume": "Limited volume",
    "separation": "Physical separation",
    "score": "High score",
    "premium": "Price premium",
    "documents": "Chain-of-custody documents",
}

STATUSES: dict[str, str] = {"met": "met", "not_met": "not met", "not_recorded": "not recorded"}

OVERALL: dict[str, str] = {
    "genuine": "genuine: every hallmark met, no red flag",
    "flagged": "flagged: no hallmark failing, but red flags raised",
    "incomplete": "incomplete: no hallmark failing, some not recorded",
    "failing": "failing: at least one hallmark not met",
}

FACTS: dict[str, str] = {
    "missing": "missing: {fields}",
    "producer": "producer {name}",
    "farm": "farm {name}, plots {plots}",
    "production": "varieties {varieties}, lot number {code}",
    "no_green_weight": "no green weight recorded",
    "green_weight": "{green_kg} kg green: {size_class} (limit {limit_kg} kg)",
    "chain_broken": "the custody record was altered outside the app ({problems} problems)",
    "no_custody_events": "no custody event recorded",
    "merged": "mixed with other coffee (traceability: {traceability})",
    "missing_stage": "no custody event for {stage}",
    "gap": "{hours} h between {after} and {before} (allowed: {allowed} h)",
    "blend_signal": "{stage} (event {seq}): more coffee came out than went in "
    "({kg_in} kg in, {kg_out} kg out)",
    "stages_covered": "{events} events cover {stages}; {traceability}",
    "no_score": "no panel score recorded",
    "panel_score": "{final} on {form} ({sample_type} sample, {held_on}, {cuppers}, "
    "third party: {third_party}); needs {minimum}",
    "no_price": "no {missing} recorded",
    "price_ratio": "{basis} price {price} {currency}/{unit} is {ratio}× the reference "
    "{reference} (needs {minimum_ratio}×)",
    "cupping_sheet": "cupping sheet: {found}",
    "plot_photo": "plot photos: {found}",
    "q_report": "third-party Q-grader report: {found}",
}

RED_FLAGS: dict[str, str] = {
    "micro_claim_large": "{green_kg} kg is a lot for a micro-lot "
    "(a second look from {limit_kg} kg)",
    "blend_signal": "blend signal at {stage} (event {seq}): {kg_in} kg in, {kg_out} kg out",
    "missing_production_data": "production data missing: {fields}",
    "no_third_party_score": "no score from a third party ({scores} score(s) on record)",
    "score_only_from_seller": "every score comes from the seller's side",
    "custody_chain_broken": "the custody chain was altered outside the app",
    "merged_with_other_coffee": "mixed with other coffee: no longer identity preserved "
    "({traceability})",
    "plot_photo_elsewhere": "a plot photo was taken {distance_m} m away from the plot",
}

WARNINGS: dict[str, str] = {
    "yield_out_of_range": "{stage} (event {seq}): {ratio} kg {form_in} per kg {form_out} is "
    "outside {min}–{max}: check the weights",
}

CHAIN_PROBLEMS: dict[str, str] = {
    "custody_content_changed": "custody of {lot}: event {seq} ({stage}) was changed after it "
    "was recorded",
    "custody_link_broken": "custody of {lot}: event {seq} ({stage}) no longer follows the event "
    "before it",
    "custody_sequence_gap": "custody of {lot}: an event before event {seq} was removed",
    "custody_head_mismatch": "custody of {lot}: events after event {seq} were removed or the "
    "chain head was altered",
    "custody_removed_since_sheet": "custody of {lot}: the sheet printed {seen} ({file}) shows "
    "{seen_count} events, but the chain now ends at event {count}: events were removed since",
    "custody_rewritten_since_sheet": "custody of {lot}: the chain was rewritten after the sheet "
    "printed {seen} ({file}): its event {seen_count} no longer has the head hash the sheet shows "
    "({head}…)",
    "custody_deleted_since_sheet": "custody of {lot}: the sheet printed {seen} ({file}) shows "
    "{seen_count} events, but the lot has no custody event now: its chain was deleted",
    "custody_deleted_since_backup": "custody of {lot}: the backup of {seen} ({file}) holds "
    "{seen_count} events, but the lot has no custody event now: its chain was deleted",
    "custody_guard_missing": "the guard that keeps custody events from being changed or "
    "deleted ({trigger}) was removed from the database file with another tool",
    "custody_anchor_log_unusable": "the custody anchor log {path} was not read ({detail}): "
    "the chains were held to the newest backup only",
    "custody_removed_since_backup": "custody of {lot}: the backup of {seen} ({file}) holds "
    "{seen_count} events, but the chain now ends at event {count}: events were removed since",
    "custody_rewritten_since_backup": "custody of {lot}: the chain was rewritten after the "
    "backup of {seen} ({file}): its event {seen_count} no longer has the hash the backup holds "
    "({head}…)",
    "evidence_missing": "evidence file {sha256} is missing from the evidence folder",
    "evidence_damaged": "evidence file {sha256} no longer matches its SHA-256",
    "evidence_stray": "{path} is in the evidence folder, but no attachment points to it",
}

# `db check --repair`: what it did with the evidence files no attachment points to, and what it
# cannot do for the files a row names.
EVIDENCE_REPAIR: dict[str, str] = {
    "stray_hint_one": "Run db check --repair to move this file into a quarantine folder; "
    "nothing is deleted.",
    "stray_hint": "Run db check --repair to move these {count} files into a quarantine folder; "
    "nothing is deleted.",
    "moved": "moved {path} to {target}",
    "cannot_repair": "A missing or damaged evidence file cannot be repaired by moving files: "
    "restore the evidence folder from a backup of the data folder (the database backups in "
    "backups/ hold no evidence files).",
}

GEO_PROBLEMS: dict[str, str] = {
    "too_few_decimals": "position {position} has fewer than 6 decimals ({lat}, {lon})",
    "out_of_range": "position {position} is not a latitude/longitude",
    "too_many_positions": "more than {max} positions",
    "unsupported_type": "only a point or one polygon can locate a plot",
    "has_holes": "the polygon has {holes} hole(s); EUDR polygons have none",
    "not_closed": "the polygon is not closed (its first and last positions differ)",
    "too_few_positions": "a polygon needs at least 4 positions (first = last)",
    "self_intersection": "the outline crosses itself (at side {segment})",
    "collapses_at_6_decimals": "the outline collapses when rounded to 6 decimals",
    "polygon_required": "the plot has {area_ha} ha: over {limit} ha a polygon is required, "
    "not a point",
    "outside_country": "position {position} ({lat}, {lon}) is outside {country}",
    "lat_lon_swapped": "latitude and longitude look swapped (position {position} is outside "
    "{country}, swapped it is inside)",
    "no_country": "the lot has no country to check the location against",
    "no_plots": "the lot has no plot",
    "no_location": "the plot has no recorded location",
    "country_bounds_unknown": "no bounds known for {country}: the country was not checked",
    "area_differs": "the outline measures {computed} ha; {recorded} ha is recorded",
    "area_assumed": "no area recorded: 4 ha is assumed for a point",
}

INPUT_PROBLEMS: dict[str, str] = {
    "not_a_coordinate": "'{value}' is not a coordinate",
    "not_a_position": "'{value}' is not a 'latitude, longitude' pair",
    "not_geojson": "not a GeoJSON geometry, feature or feature collection",
    "not_a_geojson_position": "'{value}' is not a [longitude, latitude] position",
    "no_type": 'the GeoJSON has no "type": give a Point or a Polygon',
    "no_coordinates": "the {type} has no coordinates",
    "unsupported_type": "a {type} geometry: EUDR takes a point or one polygon per plot",
    "json_syntax": "not valid JSON ({detail})",
    "json_duplicate_key": 'the member "{detail}" appears twice',
    "json_not_a_number": "'{detail}' is not a number JSON allows",
    "json_too_deep": "nested deeper than {detail} levels",
    "json_too_large": "larger than {detail} bytes",
    "json_not_utf8": "not UTF-8 text",
    "json_number_too_long": "a number has {detail} digits; a coordinate needs far fewer",
    "one_feature_expected": "a collection of {count} features: give the one for this plot",
    "one_polygon_per_plot": "a MultiPolygon: EUDR takes one polygon per plot",
    "too_large": "larger than {max} bytes",
    "xml_doctype": "the GPX declares a DOCTYPE or entities, which are refused",
    "gpx_bad_point": "a GPX point has no valid lat/lon",
    "bad_xml": "not valid XML ({detail})",
    "gpx_no_track": "the GPX file has no track, route or single waypoint",
    "gpx_not_closed": "the walk ends {gap_m} m from where it started: not an outline",
    "no_input": "no location given",
    "too_few_positions": "a polygon needs at least 4 positions (first = last); {count} given",
    "too_many_positions": "more than {max} positions: thin the walk or give the outline's corners",
}


# Facts that carry vocabulary codes, alone or comma-joined ("picking,drying"); said as words.
# Everything else (names, lot codes, places) is printed exactly as recorded.
_CODE_VALUES = frozenset(
    {
        "stage",
        "stages",
        "traceability",
        "fields",
        "missing",
        "sample_type",
        "size_class",
        "form_in",
        "form_out",
    }
)


def _readable(value: object) -> object:
    if not isinstance(value, str):
        return value
    return ", ".join(part.replace("_", " ") for part in value.split(",") if part)


# Codes whose plain reading with spaces is not how a person writes them.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "sample_type": {
        "pre_shipment": "pre-shipment",
        "arrival": "arrival (landed)",
        "quality_control": "quality-control",
    },
    "basis": {"fob": "FOB", "farm_gate": "farm-gate"},
}


def cuppers_text(panel_size: object) -> str:
    return "1 cupper" if str(panel_size) == "1" else f"{panel_size} cuppers"


def say(table: Mapping[str, str], code: str, values: Mapping[str, object]) -> str:
    readable: dict[str, object] = {}
    for key, value in values.items():
        words = VALUE_WORDS.get(key, {})
        if isinstance(value, str) and value in words:
            readable[key] = words[value]
        else:
            readable[key] = _readable(value) if key in _CODE_VALUES | {"basis"} else value
    if "panel_size" in values:
        readable["cuppers"] = cuppers_text(values["panel_size"])
    return table.get(code, code).format_map(Lenient(readable))
