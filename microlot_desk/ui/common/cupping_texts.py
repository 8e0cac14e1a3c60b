"""Words and numbers of the cupping screens: vocabulary labels through Qt's translator, score
warnings as sentences, and decimal input in the user's locale turned into the canonical text
the services take ("8,75" and "8.75" both become "8.75"; never a float)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from PySide6.QtCore import QLocale

from microlot_desk import messages
from microlot_desk.domain.cupping import FormTemplate, ScoreWarning
from microlot_desk.domain.cupping.session_panel import SheetState
from microlot_desk.domain.cupping.sessions import Affiliation, SampleType
from microlot_desk.ui.common.texts import format_decimal, tr

CONTEXT = "Cupping"

SAMPLE_TYPES: dict[SampleType, str] = {
    SampleType.TYPE: "Type sample",
    SampleType.PRE_SHIPMENT: "Pre-shipment",
    SampleType.OFFER: "Offer",
    SampleType.APPROVAL: "Approval",
    SampleType.ARRIVAL: "Arrival / landed",
    SampleType.QUALITY_CONTROL: "Quality control",
}

AFFILIATIONS: dict[Affiliation, str] = {
    Affiliation.PRODUCER: "Producer",
    Affiliation.EXPORTER: "Exporter",
    Affiliation.IMPORTER: "Importer",
    Affiliation.ROASTER: "Roaster",
    Affiliation.INDEPENDENT_LAB: "Independent lab",
}

BANDS: dict[str, str] = {
    "outstanding": "Outstanding",
    "excellent": "Excellent",
    "very_good": "Very good (specialty)",
    "below_specialty": "Below specialty",
}

STATE_MARKS: dict[SheetState, str] = {"complete": "✓", "incomplete": "◐", "empty": "·"}
STATE_NAMES: dict[SheetState, str] = {
    "complete": "Done",
    "incomplete": "Incomplete",
    "empty": "Not started",
}


def sample_type_label(kind: SampleType | str) -> str:
    return tr(SAMPLE_TYPES.get(SampleType(kind), str(kind)), CONTEXT)


def affiliation_label(kind: Affiliation | str) -> str:
    return tr(AFFILIATIONS.get(Affiliation(kind), str(kind)), CONTEXT)


def band_label(code: str | None) -> str:
    if not code:
        return ""
    return tr(BANDS.get(code, code.replace("_", " ").capitalize()), CONTEXT)


def state_name(state: SheetState) -> str:
    return tr(STATE_NAMES[state], CONTEXT)


def form_label(text: str) -> str:
    """A label written in a form template (English in the built-in files), translatable."""
    return tr(text, "forms")


def canonical_number(text: str, locale: QLocale | None = None) -> str | None:
    """What a person typed as a number, as the plain decimal text the services take.

    The locale's decimal separator and the other common one are both read as the point, so
    "8,75" and "8.75" give "8.75" anywhere; blank gives None (a cleared field). Anything else
    is passed on untouched for the service to refuse with its reason.
    """
    stripped = text.strip().replace(" ", "").replace("\u00a0", "")
    if not stripped:
        return None
    point = (locale or QLocale()).decimalPoint()
    for separator in {point, ",", "."}:
        if stripped.count(separator) == 1 and stripped.replace(separator, "").isdigit():
            return stripped.replace(separator, ".")
    return stripped


def preview_number(text: str, locale: QLocale | None = None) -> str | None:
    """Like canonical_number, for the live total while typing: "8," reads as "8"."""
    value = canonical_number(text, locale)
    if value is not None and value.endswith("."):
        return value[:-1] or None
    return value


def show_number(value: object, locale: QLocale | None = None) -> str:
    """A stored number (Decimal, int, canonical text) as the person writes it."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value, locale)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return format_decimal(Decimal(str(value)), locale) if _plain(str(value)) else str(value)


def show_score(value: Decimal | None, places: int = 2) -> str:
    """A score or a panel statistic with fixed decimals (84.75, 0.35), locale separator."""
    if value is None:
        return "—"
    return format_decimal(value.quantize(Decimal(1).scaleb(-places)))


def _plain(text: str) -> bool:
    digits = text.lstrip("+-")
    return digits.replace(".", "", 1).isdigit()


def warning_text(form: FormTemplate, warning: ScoreWarning) -> str:
    """A score warning (below 6, defect without type, incoherent marks) as a sentence."""
    labels = field_labels(form)
    params: dict[str, object] = {
        "label": labels.get(warning.key, warning.key),
        "key": warning.key,
        "cups": ", ".join(str(cup) for cup in warning.cups),
        "value": show_number(warning.value) if warning.value is not None else "",
        "limit": show_number(warning.limit) if warning.limit is not None else "",
        "related": labels.get(warning.related or "", warning.related or ""),
    }
    template = messages.SCORE_WARNINGS.get(warning.code, warning.code)
    return tr(template).format_map(messages.Lenient(params))


def field_labels(form: FormTemplate) -> Mapping[str, str]:
    """Every section, cup field and descriptor group of a form by key, translated."""
    labels = {section.key: form_label(section.label) for section in form.sections}
    labels.update((field.key, form_label(field.label)) for field in form.cup_fields)
    labels.update((group.key, form_label(group.label)) for group in form.descriptors)
    return labels
