"""English text printed on the PDF documents (provenance sheet, blank forms), by key.

The export layer prints only text it is handed. The CLI passes these English labels; the GUI
passes each through Qt's translator (context "sheet") first, so a translation file can replace
any of them. `{name}` placeholders are filled by the export layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from microlot_desk.errors import KnownError

SHEET_LABELS: Mapping[str, str] = MappingProxyType(
    {
        # -- the provenance sheet ------------------------------------------------------------
        "sheet.title": "Provenance sheet",
        "sheet.subject": "Provenance sheet of a green-coffee micro-lot",
        "sheet.not_recorded": "not recorded",
        "sheet.none_recorded": "none recorded",
        "sheet.lot_code": "Lot code",
        "sheet.size_class": "Size class",
        "sheet.qr_caption": "Scan to check this sheet against the sender's records",
        "sheet.footer_generated": "Generated {when} UTC by microlot_desk {version}",
        "sheet.footer_page": "Page {page} of {pages}",
        "sheet.footer_digest": "Sheet data SHA-256: {digest}",
        "sheet.origin": "Origin",
        "sheet.producer": "Producer",
        "sheet.farm": "Farm",
        "sheet.country": "Country",
        "sheet.region": "Region",
        "sheet.plots": "Plots",
        "sheet.plot": "Plot",
        "sheet.altitude": "Altitude",
        "sheet.area": "Area",
        "sheet.coordinates": "Coordinates (lat, lon)",
        "sheet.polygon_centre": "{coordinates} (centre of a {points}-point polygon)",
        "sheet.outline": "Plot outline: {plot}",
        "sheet.outline_point": "Location of a point plot; the circle shows its recorded area",
        "sheet.outline_unreadable": "The plot's geometry could not be drawn",
        "sheet.north": "N",
        "sheet.coffee": "Coffee and process",
        "sheet.varieties": "Varieties",
        "sheet.process": "Process",
        "sheet.fermentation": "Fermentation",
        "sheet.hours": "{hours} h",
        "sheet.drying": "Drying",
        "sheet.days": "{days} days",
        "sheet.harvest": "Harvest",
        "sheet.isolation": "Isolated by",
        "sheet.separation": "How it was kept apart",
        "sheet.green": "Green coffee",
        "sheet.green_weight": "Green weight",
        "sheet.bags": "Bags",
        "sheet.bags_value": "{count} × {kg} kg",
        "sheet.moisture": "Moisture",
        "sheet.water_activity": "Water activity (aw)",
        "sheet.density": "Density",
        "sheet.screen_size": "Screen size",
        "sheet.story": "Story",
        "sheet.cupping": "Cupping",
        "sheet.form": "Form",
        "sheet.final_score": "Final score",
        "sheet.panel": "Panel",
        "sheet.panel_value": "{count} cuppers, standard deviation {stdev}",
        "sheet.panel_value_one": "1 cupper",
        "sheet.third_party": "third-party panel",
        "sheet.sample": "Sample",
        "sheet.cuppers": "Cuppers",
        "sheet.q_licence": "Q licence {licence}",
        "sheet.descriptors": "Top descriptors",
        "sheet.section_means": "Section means of the panel",
        "sheet.custody": "Chain of custody",
        "sheet.custody_date": "Date",
        "sheet.custody_stage": "Stage",
        "sheet.custody_place": "Place and by whom",
        "sheet.custody_in": "kg in",
        "sheet.custody_out": "kg out",
        "sheet.custody_note": "Note",
        "sheet.hallmarks": "Hallmarks of a micro-lot",
        "sheet.hallmark": "Hallmark",
        "sheet.verdict": "Verdict",
        "sheet.evidence": "Evidence",
        "sheet.status_met": "met",
        "sheet.status_not_met": "not met",
        "sheet.status_not_recorded": "not recorded",
        "sheet.photos": "Photos",
        "sheet.photo_unreadable": "This photo could not be read",
        "sheet.documents": "Documents",
        "sheet.document": "Document",
        "sheet.size": "Size",
        "sheet.sha256": "SHA-256",
        # -- vocabulary ----------------------------------------------------------------------
        "size_class.nano": "Nano-lot",
        "size_class.small": "Small lot",
        "size_class.micro": "Micro-lot",
        "size_class.regular": "Regular lot",
        "producer_kind.person": "person",
        "producer_kind.family": "family",
        "producer_kind.group": "producer group",
        "producer_kind.cooperative": "cooperative",
        "producer_kind.washing_station": "washing station",
        "producer_kind.estate": "estate",
        "isolation.geographic": "geography (one plot or group)",
        "isolation.varietal": "variety",
        "isolation.process": "process",
        "isolation.picking_date": "picking date",
        "process.washed": "Washed",
        "process.natural": "Natural",
        "process.honey": "Honey",
        "process.honey_white": "White honey",
        "process.honey_yellow": "Yellow honey",
        "process.honey_red": "Red honey",
        "process.honey_black": "Black honey",
        "process.pulped_natural": "Pulped natural",
        "process.semi_washed": "Semi-washed",
        "process.wet_hulled": "Wet-hulled",
        "process.anaerobic_natural": "Anaerobic natural",
        "process.anaerobic_washed": "Anaerobic washed",
        "process.anaerobic_honey": "Anaerobic honey",
        "process.carbonic_maceration": "Carbonic maceration",
        "process.double_fermentation": "Double fermentation",
        "process.experimental": "Experimental",
        "process.other": "Other",
        "stage.picking": "Picking",
        "stage.depulping": "Depulping",
        "stage.fermentation": "Fermentation",
        "stage.drying": "Drying",
        "stage.hulling": "Hulling",
        "stage.sorting": "Sorting",
        "stage.bagging": "Bagging",
        "stage.transport": "Transport",
        "stage.warehouse": "Warehouse",
        "sample_type.type": "Type sample",
        "sample_type.pre_shipment": "Pre-shipment sample",
        "sample_type.offer": "Offer sample",
        "sample_type.approval": "Approval sample",
        "sample_type.arrival": "Arrival (landed) sample",
        "sample_type.quality_control": "Quality-control sample",
        "band.outstanding": "Outstanding",
        "band.excellent": "Excellent",
        "band.very_good": "Very good",
        "band.below_specialty": "Below specialty",
        "hallmark.provenance": "Single, documented provenance",
        "hallmark.volume": "Limited volume",
        "hallmark.separation": "Physical separation",
        "hallmark.score": "High score",
        "hallmark.premium": "Price premium",
        "hallmark.documents": "Chain-of-custody documents",
        # -- the blank cupping form ----------------------------------------------------------
        "form.subject": "Blank cupping form",
        "form.cupper": "Cupper",
        "form.q_licence": "Q licence",
        "form.date": "Date",
        "form.session": "Session",
        "form.sample": "Sample code",
        "form.table": "Table",
        "form.section": "Section",
        "form.scale": "Scale",
        "form.score": "Entry",
        "form.range": "{min} to {max}, step {step}",
        "form.range_open": "from {min}, step {step}",
        "form.cups_pass": "tick each cup that passes ({points} points per cup)",
        "form.cup": "cup {n}",
        "form.unit": "in {unit}",
        "form.choose_one": "choose one",
        "form.choose_up_to": "choose up to {count}",
        "form.per_cup_marks": "Marks per cup",
        "form.final": "Final score",
        "form.formula": "How the final score is reached",
        "form.notes": "Notes",
        "form.footer": "{form}, version {version} · printed by microlot_desk {app}",
    }
)

LANGUAGES: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": SHEET_LABELS})
"""Languages the CLI can print in; the GUI passes its own translated labels instead."""


class UnknownLanguage(KnownError):
    """No printed-document translation exists for this language code."""

    code = "unknown_language"


def labels_for(language: str) -> Mapping[str, str]:
    """The labels of `language`; UnknownLanguage listing the available ones otherwise."""
    try:
        return LANGUAGES[language]
    except KeyError:
        raise UnknownLanguage(language=language, available=", ".join(sorted(LANGUAGES))) from None
