"""The sheet's evidence: cupping summary with its chart, chain of custody, hallmark checklist,
photos and documents. Each section is always present; without data it says "not recorded"."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table

from microlot_desk.export.printing.pdf_page import table_style
from microlot_desk.export.printing.sheet_chart import section_chart
from microlot_desk.export.printing.sheet_data import CuppingSummary, SheetData, SheetPhoto
from microlot_desk.export.printing.sheet_images import UnreadableImage, make_thumbnail
from microlot_desk.export.printing.sheet_parts import NO_GAP, STATUS_COLORS, Parts, side_by_side

FLAG_COLOR = STATUS_COLORS["not_met"]  # a red flag is as serious to a buyer as a failed hallmark

PHOTOS_PER_ROW = 5
PHOTO_HEIGHT = 27 * mm


def cupping(parts: Parts, data: SheetData) -> list[Flowable]:
    heading = parts.heading("sheet.cupping")
    summary = data.cupping
    if summary is None:
        return [heading, parts.nothing()]
    say, number = parts.say, parts.formats.number
    final = None
    if summary.final_score is not None:
        final = number(summary.final_score)
        if summary.band:
            final += f" · {say.term('band', summary.band)}"
    if summary.panel_size == 1:
        panel = say("sheet.panel_value_one")
    else:
        stdev = number(summary.stdev) if summary.stdev is not None else "–"
        panel = say("sheet.panel_value", count=summary.panel_size, stdev=stdev)
    if summary.third_party:
        panel += f" · {say('sheet.third_party')}"
    sample = " · ".join(
        part
        for part in (
            say.term("sample_type", summary.sample_type),
            parts.formats.day(summary.cupped_on) if summary.cupped_on else "",
        )
        if part
    )
    cuppers = "\n".join(
        c.name + (f" — {say('sheet.q_licence', licence=c.q_licence)}" if c.q_licence else "")
        for c in summary.cuppers
    )
    chart_width = 78 * mm
    fields = parts.fields(
        [
            ("sheet.form", summary.form_name or None),
            ("sheet.final_score", parts.text(final, bold=True) if final else None),
            ("sheet.panel", panel),
            ("sheet.sample", sample or None),
            ("sheet.cuppers", cuppers or None),
            ("sheet.descriptors", ", ".join(summary.descriptors) or None),
        ],
        parts.width - chart_width - 5 * mm,
    )
    return [
        heading,
        side_by_side(fields, _chart(parts, summary, chart_width), chart_width, parts.width),
    ]


def _chart(parts: Parts, summary: CuppingSummary, width: float) -> list[Flowable]:
    if not summary.section_means:
        return [parts.nothing()]
    return [
        parts.text(parts.say("sheet.section_means"), "label"),
        section_chart(summary.section_means, width, parts.writer, parts.formats),
    ]


def custody(parts: Parts, data: SheetData) -> list[Flowable]:
    heading = parts.heading("sheet.custody")
    if not data.custody:
        return [heading, parts.nothing()]
    number, w = parts.formats.number, parts.width
    rows = [
        [
            parts.formats.day(step.when),
            parts.say.term("stage", step.stage),
            " · ".join(part for part in (step.place, step.actor) if part) or None,
            number(step.kg_in) if step.kg_in is not None else "–",
            number(step.kg_out) if step.kg_out is not None else "–",
            step.note or "",
        ]
        for step in data.custody
    ]
    keys = (
        "sheet.custody_date",
        "sheet.custody_stage",
        "sheet.custody_place",
        "sheet.custody_in",
        "sheet.custody_out",
        "sheet.custody_note",
    )
    # Place and actor are the longest cells of every row: room enough for "farm · person" on
    # one line keeps a ten-step chain from wrapping into twenty lines.
    widths = [0.12 * w, 0.14 * w, 0.36 * w, 0.08 * w, 0.08 * w, 0.22 * w]
    return [heading, parts.grid(keys, rows, widths, right_aligned=(3, 4)), *chain_head(parts, data)]


def chain_head(parts: Parts, data: SheetData) -> list[Flowable]:
    """The head of the lot's hash chain in full, so a reader can hold the records to what this
    sheet saw (`microlot-desk custody list` and `db check` compare it)."""
    head = data.chain_head
    if head is None:
        return []
    text = parts.say("sheet.chain_head", count=head.count, hash=head.head_hash)
    return [Spacer(1, 3), parts.text(text, "label"), *received_from(parts, data)]


def received_from(parts: Parts, data: SheetData) -> list[Flowable]:
    """For a lot received in a bundle: who recorded and signed its records."""
    if data.received_from is None:
        return []
    station, fingerprint, day = data.received_from
    text = parts.say(
        "sheet.received_from",
        station=station or parts.say("sheet.footer_unnamed_station"),
        fingerprint=fingerprint,
        date=day,
    )
    return [parts.text(text, "label")]


def hallmarks(parts: Parts, data: SheetData) -> list[Flowable]:
    heading = parts.heading("sheet.hallmarks")
    if not data.hallmarks:
        return [heading, parts.nothing()]
    rows = []
    for line in data.hallmarks:
        markup = parts.writer.markup(parts.say(f"sheet.status_{line.status}"), bold=True)
        color = STATUS_COLORS[line.status]
        verdict = Paragraph(f'<font color="{color}">{markup}</font>', parts.styles.small)
        rows.append([parts.say.term("hallmark", line.key), verdict, line.evidence or ""])
    w = parts.width
    keys = ("sheet.hallmark", "sheet.verdict", "sheet.evidence")
    table = parts.grid(keys, rows, [0.3 * w, 0.14 * w, 0.56 * w])
    return [heading, table, *red_flags(parts, data)]


def red_flags(parts: Parts, data: SheetData) -> list[Flowable]:
    """What warrants a second look, in words; printed under the hallmarks, never left out."""
    if data.red_flags is None:
        return []
    title = parts.writer.markup(parts.say("sheet.red_flags"), bold=True)
    flowables: list[Flowable] = [Spacer(1, 5), Paragraph(title, parts.styles.small)]
    if not data.red_flags:
        flowables.append(parts.text(parts.say("sheet.no_red_flags"), "small"))
    for flag in data.red_flags:
        bullet = parts.writer.markup("• " + flag)
        flowables.append(
            Paragraph(f'<font color="{FLAG_COLOR}">{bullet}</font>', parts.styles.small)
        )
    return flowables


def _photo_cell(parts: Parts, photo: SheetPhoto, width: float) -> list[Flowable]:
    caption: list[Flowable] = [parts.text(photo.caption, "label")] if photo.caption else []
    try:
        thumb = make_thumbnail(photo.data, 600)
    except UnreadableImage:
        return [parts.nothing("sheet.photo_unreadable"), *caption]
    scale = min(width / thumb.width_px, PHOTO_HEIGHT / thumb.height_px)
    image = Image(
        io.BytesIO(thumb.jpeg), width=thumb.width_px * scale, height=thumb.height_px * scale
    )
    image.hAlign = "LEFT"
    return [image, *caption]


def photos(parts: Parts, data: SheetData) -> list[Flowable]:
    heading = parts.heading("sheet.photos")
    if not data.photos:
        return [heading, parts.nothing("sheet.none_recorded")]
    gap = 4 * mm
    cell_width = (parts.width - gap * (PHOTOS_PER_ROW - 1)) / PHOTOS_PER_ROW
    cells = [_photo_cell(parts, photo, cell_width) for photo in data.photos]
    rows: list[list[object]] = []
    for start in range(0, len(cells), PHOTOS_PER_ROW):
        row: list[object] = []
        for cell in cells[start : start + PHOTOS_PER_ROW]:
            row.extend([cell, ""])
        rows.append((row + ["", ""] * PHOTOS_PER_ROW)[: PHOTOS_PER_ROW * 2 - 1])
    widths = ([cell_width, gap] * PHOTOS_PER_ROW)[: PHOTOS_PER_ROW * 2 - 1]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(table_style(*NO_GAP.getCommands(), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)))
    return [KeepTogether([heading, table])] if len(rows) == 1 else [heading, table]


def documents(parts: Parts, data: SheetData) -> list[Flowable]:
    heading = parts.heading("sheet.documents")
    if not data.documents:
        return [heading, parts.nothing("sheet.none_recorded")]
    w = parts.width
    rows = [
        [
            doc.name,
            f"{parts.formats.number(doc.size_bytes)} B" if doc.size_bytes is not None else "",
            _digest_paragraph(parts, doc.sha256),
        ]
        for doc in data.documents
    ]
    keys = ("sheet.document", "sheet.size", "sheet.sha256")
    return [heading, parts.grid(keys, rows, [0.27 * w, 0.11 * w, 0.62 * w], right_aligned=(1,))]


def _digest_paragraph(parts: Parts, digest: str) -> Paragraph:
    return parts.text(digest.lower(), "small")
