"""The provenance sheet: a lot's whole story on one or two pages, A4 or US Letter.

`build_sheet(SheetData) -> SheetResult` is the whole interface: plain data in, PDF bytes out,
with the digest printed on it and the texts that had characters no bundled font covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from microlot_desk.export.printing import sheet_origin, sheet_records
from microlot_desk.export.printing.page_footer import page_footer
from microlot_desk.export.printing.pdf_page import (
    FOOTER_SPACE,
    Metadata,
    PageDecorator,
    build_pdf,
    frame_width,
    make_styles,
)
from microlot_desk.export.printing.pdf_text import TextWriter, UncoveredText
from microlot_desk.export.printing.qr import lot_payload
from microlot_desk.export.printing.sheet_data import SheetData
from microlot_desk.export.printing.sheet_digest import section_hashes, sheet_digest
from microlot_desk.export.printing.sheet_marks import mark_text
from microlot_desk.export.printing.sheet_parts import Parts
from microlot_desk.export.printing.wording import Wording

REQUIRED_LABELS: tuple[str, ...] = (
    "sheet.title",
    "sheet.subject",
    "sheet.not_recorded",
    "sheet.none_recorded",
    "sheet.lot_code",
    "sheet.size_class",
    "sheet.qr_caption",
    "sheet.footer_generated",
    "sheet.footer_generated_at",
    "sheet.footer_unnamed_station",
    "sheet.footer_page",
    "sheet.footer_digest",
    "sheet.origin",
    "sheet.producer",
    "sheet.farm",
    "sheet.country",
    "sheet.region",
    "sheet.plots",
    "sheet.plot",
    "sheet.altitude",
    "sheet.area",
    "sheet.coordinates",
    "sheet.polygon_centre",
    "sheet.outline",
    "sheet.outline_point",
    "sheet.outline_unreadable",
    "sheet.north",
    "sheet.coffee",
    "sheet.varieties",
    "sheet.process",
    "sheet.fermentation",
    "sheet.hours",
    "sheet.drying",
    "sheet.days",
    "sheet.harvest",
    "sheet.isolation",
    "sheet.separation",
    "sheet.green",
    "sheet.green_weight",
    "sheet.bags",
    "sheet.bags_value",
    "sheet.moisture",
    "sheet.water_activity",
    "sheet.density",
    "sheet.screen_size",
    "sheet.story",
    "sheet.cupping",
    "sheet.form",
    "sheet.final_score",
    "sheet.panel",
    "sheet.panel_value",
    "sheet.panel_value_one",
    "sheet.third_party",
    "sheet.sample",
    "sheet.cuppers",
    "sheet.q_licence",
    "sheet.descriptors",
    "sheet.section_means",
    "sheet.custody",
    "sheet.custody_date",
    "sheet.custody_stage",
    "sheet.custody_place",
    "sheet.custody_in",
    "sheet.custody_out",
    "sheet.custody_note",
    "sheet.chain_head",
    "sheet.received_from",
    "sheet.hallmarks",
    "sheet.red_flags",
    "sheet.no_red_flags",
    "sheet.hallmark",
    "sheet.verdict",
    "sheet.evidence",
    "sheet.status_met",
    "sheet.status_not_met",
    "sheet.status_not_recorded",
    "sheet.photos",
    "sheet.photo_unreadable",
    "sheet.documents",
    "sheet.document",
    "sheet.size",
    "sheet.sha256",
)


@dataclass(frozen=True)
class SheetResult:
    pdf: bytes
    digest: str  # hex SHA-256 of the sheet's canonical data (sheet_digest.py)
    warnings: tuple[UncoveredText, ...]  # texts printed with the [?] marker


def build_sheet(data: SheetData) -> SheetResult:
    say = Wording(data.labels, REQUIRED_LABELS)
    writer = TextWriter()
    parts = Parts(say, writer, make_styles(), data.formats, frame_width(data.paper))
    digest = sheet_digest(data)
    story: list[Flowable] = [
        *sheet_origin.header(parts, data, digest),
        *sheet_origin.origin(parts, data),
        *sheet_origin.coffee(parts, data),
        *sheet_origin.green(parts, data),
        *sheet_origin.story(parts, data, data.lot),
        *sheet_records.cupping(parts, data),
        *sheet_records.custody(parts, data),
        *sheet_records.hallmarks(parts, data),
        *sheet_records.photos(parts, data),
        *sheet_records.documents(parts, data),
    ]
    lot = data.lot
    metadata = Metadata(
        title=f"{lot.code} — {lot.name}",
        subject=say("sheet.subject"),
        keywords=(
            *(k for k in (lot.code, lot.producer_name, lot.farm, lot.country, lot.id) if k),
            mark_text(
                lot_payload(lot.code, lot.id, digest),
                section_hashes(data),
                data.chain_head.count if data.chain_head else 0,
            ),
        ),
        language=data.language,
        creator=f"microlot_desk {data.app_version}",
    )
    pdf = build_pdf(story, data.paper, metadata, _footer(parts, data, digest))
    return SheetResult(pdf, digest, tuple(writer.warnings))


def _footer(parts: Parts, data: SheetData, digest: str) -> PageDecorator:
    say, writer = parts.say, parts.writer
    when = parts.formats.moment(data.generated_at.astimezone(UTC))
    generated = say("sheet.footer_generated", when=when, version=data.app_version)
    if data.station_key:
        station = data.station_name or say("sheet.footer_unnamed_station")
        generated = say(
            "sheet.footer_generated_at",
            when=when,
            version=data.app_version,
            station=station,
            fingerprint=data.station_key,
        )
    return page_footer(
        parts,
        writer.markup(generated),
        height=FOOTER_SPACE,
        rule_below_top=4 * mm,
        counter_share=0.25,
        second_line=writer.markup(say("sheet.footer_digest", digest=digest)),
    )
