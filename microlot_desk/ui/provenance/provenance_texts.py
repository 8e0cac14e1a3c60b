"""Words for issue 5's codes on screen: hallmarks, facts, red flags, chain problems, plot-location
rules and photo positions, through Qt's translator (context "provenance"), with the values a
code carries (field names, stages, levels) put into words too."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal

from microlot_desk import provenance_messages as pm
from microlot_desk.domain.custody import CoffeeForm, CustodyEvent, EventKind, Moment
from microlot_desk.domain.evidence import GpsCheck, GpsFit
from microlot_desk.messages import EVIDENCE_REFUSALS, Lenient, reason_text
from microlot_desk.provenance_labels import with_provenance
from microlot_desk.sheet_labels import SHEET_LABELS
from microlot_desk.ui.common.locale_formats import text_formats
from microlot_desk.ui.common.texts import field_label, tr

CONTEXT = "provenance"
_LABELS = with_provenance(SHEET_LABELS)

LEVELS: dict[str, str] = {
    "identity_preserved": "identity preserved",
    "segregated": "segregated",
    "mass_balance": "mass balance",
}
FORMS: dict[str, str] = {"cherry": "cherry", "parchment": "parchment", "green": "green"}
FOUND: dict[str, str] = {
    "no": "none on record",
    "attachment": "attached",
    "panel": "scored in the app",
    "independent_sheets": "sheets by an independent cupper",
}
SIZE_CLASSES: dict[str, str] = {
    "nano": "a nano-lot",
    "small": "a small lot",
    "micro": "a micro-lot",
    "regular": "a regular lot",
}
KINDS: dict[str, str] = {
    "photo": "Photo",
    "portrait": "Producer's portrait",
    "document": "Document",
    "q_report": "Q-grader report",
    "cupping_sheet": "Cupping sheet",
}

# The rule each plot-location problem breaks, named for the person who has to fix it.
RULES: dict[str, str] = {
    "too_few_decimals": "EUDR: WGS84 decimal degrees with at least 6 decimals",
    "out_of_range": "WGS84: latitude -90 to 90, longitude -180 to 180",
    "too_many_positions": "one outline of at most 5,000 positions",
    "unsupported_type": "EUDR: a point or one polygon per plot",
    "has_holes": "EUDR: polygons without holes",
    "not_closed": "GeoJSON (RFC 7946): a ring ends where it starts",
    "too_few_positions": "GeoJSON (RFC 7946): a ring has at least 4 positions",
    "self_intersection": "EUDR: a valid polygon does not cross itself",
    "collapses_at_6_decimals": "EUDR: the polygon must stay a polygon at 6 decimals",
    "polygon_required": "EUDR: a point only for plots up to 4 ha; larger plots need a polygon",
    "outside_country": "the plot must lie in the lot's country of production",
    "lat_lon_swapped": "the plot must lie in the lot's country of production",
    "no_country": "the plot must lie in the lot's country of production",
}

GPS_FITS: dict[GpsFit, str] = {
    GpsFit.INSIDE: "taken inside plot {plot}",
    GpsFit.NEAR: "taken {distance} m from plot {plot} (within the {allowed} m allowed)",
    GpsFit.ELSEWHERE: "taken {distance} m from plot {plot}: further than the {allowed} m allowed",
    GpsFit.NO_GPS: "the photo carries no GPS position",
    GpsFit.NO_GEOMETRY: "no plot location to compare the photo's position with",
}


def t(text: str) -> str:
    return tr(text, CONTEXT)


def stage_label(stage: str) -> str:
    if not stage:
        return ""
    return tr(_LABELS.get(f"stage.{stage}", stage.replace("_", " ").capitalize()), "sheet")


def event_title(event: CustodyEvent) -> str:
    """The stage, or what a lineage event is."""
    if event.kind is EventKind.STAGE:
        return stage_label(event.stage)
    kind = tr(_LABELS.get(f"stage.{event.kind.value}", event.kind.value), "sheet")
    return f"{kind} ({stage_label(event.stage)})" if event.stage else kind


def form_label(form: CoffeeForm | str | None) -> str:
    if form is None or form == "":
        return ""
    key = form.value if isinstance(form, CoffeeForm) else form
    return t(FORMS.get(key, key))


def level_label(level: str) -> str:
    return t(LEVELS.get(level, level.replace("_", " ")))


def kind_label(kind: str) -> str:
    return t(KINDS.get(kind, kind))


def offset_text(moment: Moment) -> str:
    sign = "-" if moment.offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(moment.offset_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def moment_text(moment: Moment | None, *, offset: bool = False) -> str:
    """Local time where it happened (12.05.2026 06:30 for a German reader), with its offset
    when asked."""
    if moment is None:
        return ""
    text = text_formats().moment(moment.local())
    return f"{text} ({offset_text(moment)})" if offset else text


def stamp_text(stamp: str) -> str:
    """A stored UTC time stamp as a person reads it: 2026-11-27 13:11 UTC (in their date format)."""
    try:
        return f"{text_formats().moment(datetime.fromisoformat(stamp).astimezone(UTC))} UTC"
    except ValueError:
        return stamp


def moment_input(moment: Moment | None) -> str:
    """The same instant as the event dialog takes it back: 2026-05-12T06:30-05:00."""
    return moment.local().isoformat(timespec="minutes") if moment is not None else ""


def _listed(text: str, label: Callable[[str], str]) -> str:
    return ", ".join(label(part) for part in text.split(",") if part)


def humane(values: Mapping[str, object]) -> dict[str, object]:
    """The values of a fact in words: field names, stages, forms, levels."""
    shown: dict[str, object] = dict(values)
    for key, value in values.items():
        text = str(value)
        if key == "fields":
            shown[key] = _listed(text, field_label)
        elif key in ("stage", "after", "before"):
            shown[key] = stage_label(text)
        elif key == "stages":
            shown[key] = _listed(text, stage_label)
        elif key == "traceability":
            shown[key] = level_label(text)
        elif key in ("form_in", "form_out"):
            shown[key] = form_label(text)
        elif key == "found":
            shown[key] = t(FOUND[text]) if text in FOUND else text
        elif key == "third_party":
            shown[key] = t("yes") if text == "yes" else t("no")
        elif key == "size_class":
            shown[key] = t(SIZE_CLASSES.get(text, text))
        elif key == "sample_type":
            shown[key] = t(text.replace("_", "-"))
        elif key == "basis":
            shown[key] = t("FOB") if text == "fob" else t("farm-gate")
        elif key == "missing":
            shown[key] = t(text.replace("_", " "))
        elif key == "panel_size":
            shown["cuppers"] = t("1 cupper") if text == "1" else t("{n} cuppers").format(n=text)
    return shown


def say(table: Mapping[str, str], code: str, values: Mapping[str, object] = {}) -> str:
    template = t(table.get(code, code))
    return template.format_map(Lenient(humane(values)))


def fact_text(code: str, values: Mapping[str, object]) -> str:
    return say(pm.FACTS, code, values)


def flag_text(code: str, values: Mapping[str, object]) -> str:
    return say(pm.RED_FLAGS, code, values)


def warning_text(code: str, values: Mapping[str, object]) -> str:
    return say(pm.WARNINGS, code, values)


def geo_problem_text(code: str, values: Mapping[str, object]) -> str:
    return say(pm.GEO_PROBLEMS, code, values)


def input_problem_text(code: str, values: Mapping[str, object]) -> str:
    return say(pm.INPUT_PROBLEMS, code, values)


def rule_text(code: str) -> str:
    return t(RULES[code]) if code in RULES else ""


def chain_problem_text(code: str, values: Mapping[str, object]) -> str:
    return say(pm.CHAIN_PROBLEMS, f"custody_{code}", values)


def gps_text(check: GpsCheck, plot_name: str, allowed_m: int) -> str:
    values = {"plot": plot_name, "distance": check.distance_m or 0, "allowed": allowed_m}
    return t(GPS_FITS[check.fit]).format_map(Lenient(values))


def refusal_text(params: Mapping[str, object]) -> str:
    """Why a file was not attached (EvidenceRefused's params)."""
    translated = {reason: t(text) for reason, text in EVIDENCE_REFUSALS.items()}
    return t("Not attached: {why}.").format(why=reason_text(translated, params))


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        megabytes = Decimal(size / (1024 * 1024)).quantize(Decimal("0.1"))
        return t("{n} MB").format(n=text_formats().number(megabytes))
    return t("{n} KB").format(n=max(1, round(size / 1024)))
