"""The lot's own record on the sheet: header with the QR code, origin and plots with their
outlines, the coffee and its process, the green coffee, and the story."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, ImageAndFlowables, KeepTogether, Spacer, Table

from microlot_desk.domain.lots import Lot, Plot
from microlot_desk.export.printing.pdf_page import RULE, SHADE, table_style
from microlot_desk.export.printing.plot_outline import outline_drawing, read_geometry
from microlot_desk.export.printing.qr import lot_payload, qr_drawing
from microlot_desk.export.printing.sheet_data import SheetData
from microlot_desk.export.printing.sheet_images import UnreadableImage, make_thumbnail
from microlot_desk.export.printing.sheet_parts import NO_GAP, Parts, side_by_side

QR_SIZE = 30 * mm
OUTLINE_HEIGHT = 40 * mm
PORTRAIT_WIDTH = 34 * mm


def header(parts: Parts, data: SheetData, digest: str) -> list[Flowable]:
    lot, say = data.lot, parts.say
    size = lot.size_class(data.thresholds)
    left = [
        parts.text(say("sheet.title"), "label"),
        parts.text(lot.name, "title", bold=True),
        parts.fields(
            [
                ("sheet.lot_code", parts.text(lot.code, bold=True)),
                ("sheet.size_class", say.term("size_class", size.value) if size else None),
            ],
            parts.width - QR_SIZE - 5 * mm,
        ),
        parts.text(lot.id, "label"),
    ]
    right = [
        qr_drawing(lot_payload(lot.code, lot.id, digest), QR_SIZE),
        parts.text(say("sheet.qr_caption"), "label"),
    ]
    return [side_by_side(left, right, QR_SIZE, parts.width), Spacer(1, 2 * mm)]


def _number(parts: Parts, value: Decimal | int | None, unit: str) -> str | None:
    return None if value is None else f"{parts.formats.number(value)} {unit}".strip()


def _placeholder(parts: Parts, text: str, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=SHADE, strokeColor=RULE, strokeWidth=0.5))
    for shape in parts.writer.strings(
        text, width / 2, height / 2 - 3, 7.5, anchor="middle", max_width=width - 12
    ):
        drawing.add(shape)
    return drawing


def outline(parts: Parts, plot: Plot | None, width: float) -> list[Flowable]:
    """A plot's outline and its caption; a grey box saying why when it cannot be drawn."""
    say = parts.say
    if plot is None or plot.geometry is None:
        caption = say("sheet.outline", plot=say("sheet.not_recorded"))
        return [_placeholder(parts, caption, width, OUTLINE_HEIGHT / 2)]
    geometry = read_geometry(plot.geometry)
    if geometry is None:
        return [
            _placeholder(parts, say("sheet.outline_unreadable"), width, OUTLINE_HEIGHT / 2),
            parts.text(plot.name, "label"),
        ]
    drawing = outline_drawing(
        geometry, plot.area_ha, width, OUTLINE_HEIGHT, parts.writer, say("sheet.north")
    )
    caption = say("sheet.outline", plot=plot.name)
    if not geometry.rings and plot.area_ha:
        caption += " · " + say("sheet.outline_point")
    return [drawing, parts.text(caption, "label")]


def coordinates(parts: Parts, plot: Plot) -> str | None:
    geometry = read_geometry(plot.geometry)
    if geometry is None:
        return None if plot.geometry is None else parts.say("sheet.outline_unreadable")
    lon, lat = geometry.centre()
    text = f"{parts.formats.number(Decimal(f'{lat:.6f}'))}, " + parts.formats.number(
        Decimal(f"{lon:.6f}")
    )
    if geometry.rings:
        points = sum(max(len(ring) - 1, 1) for ring in geometry.rings)
        return parts.say("sheet.polygon_centre", coordinates=text, points=points)
    return text


def origin(parts: Parts, data: SheetData) -> list[Flowable]:
    lot, say = data.lot, parts.say
    outline_width = 62 * mm
    producer = lot.producer_name
    if lot.producer is not None and producer:
        producer += f" ({say.term('producer_kind', lot.producer.kind.value)})"
    country = " — ".join(part for part in (lot.country, data.country_name) if part)
    left = parts.fields(
        [
            ("sheet.producer", producer or None),
            ("sheet.farm", lot.farm or None),
            ("sheet.country", country or None),
            ("sheet.region", lot.region or None),
        ],
        parts.width - outline_width - 5 * mm,
    )
    first = next((plot for plot in lot.plots if plot.geometry is not None), None)
    first = first or (lot.plots[0] if lot.plots else None)
    flowables: list[Flowable] = [
        parts.heading("sheet.origin"),
        side_by_side(left, outline(parts, first, outline_width), outline_width, parts.width),
        parts.heading("sheet.plots"),
    ]
    if not lot.plots:
        return [*flowables, parts.nothing()]
    w = parts.width
    rows = [
        [
            plot.name or None,
            _number(parts, plot.altitude_m, "m"),
            _number(parts, plot.area_ha, "ha"),
            coordinates(parts, plot),
        ]
        for plot in lot.plots
    ]
    keys = ("sheet.plot", "sheet.altitude", "sheet.area", "sheet.coordinates")
    flowables.append(
        parts.grid(keys, rows, [0.34 * w, 0.13 * w, 0.13 * w, 0.40 * w], right_aligned=(1, 2))
    )
    others = [outline(parts, p, outline_width) for p in lot.plots if p.geometry and p is not first]
    if others:  # further outlines side by side, three to a row
        gap = (parts.width - 3 * outline_width) / 2
        grid_rows: list[list[object]] = []
        for start in range(0, len(others), 3):
            row: list[object] = []
            for cell in others[start : start + 3]:
                row.extend([cell, ""])
            grid_rows.append((row + ["", ""] * 3)[:5])
        grid = Table(grid_rows, colWidths=[outline_width, gap] * 2 + [outline_width], hAlign="LEFT")
        grid.setStyle(NO_GAP)
        flowables.extend([Spacer(1, 2 * mm), grid])
    return flowables


def coffee(parts: Parts, data: SheetData) -> list[Flowable]:
    lot, say = data.lot, parts.say
    drying = ", ".join(
        part
        for part in (
            lot.drying_method,
            say("sheet.days", days=parts.formats.number(lot.drying_days))
            if lot.drying_days is not None
            else "",
        )
        if part
    )
    harvest = None
    if lot.harvest_start is not None:
        harvest = parts.formats.day(lot.harvest_start)
        if lot.harvest_end is not None and lot.harvest_end != lot.harvest_start:
            harvest += " – " + parts.formats.day(lot.harvest_end)
    isolation = ", ".join(say.term("isolation", i.value) for i in sorted(lot.isolation))
    hours = lot.fermentation_hours
    flowables: list[Flowable] = [
        parts.heading("sheet.coffee"),
        parts.fields(
            [
                ("sheet.varieties", lot.varieties_text or None),
                ("sheet.process", say.term("process", lot.process) or None),
                (
                    "sheet.fermentation",
                    say("sheet.hours", hours=parts.formats.number(hours)) if hours else None,
                ),
                ("sheet.drying", drying or None),
                ("sheet.harvest", harvest),
                ("sheet.isolation", isolation or None),
                ("sheet.separation", lot.separation_notes or None),
            ]
        ),
    ]
    return flowables


def green(parts: Parts, data: SheetData) -> list[Flowable]:
    lot, say = data.lot, parts.say
    bags = None
    if lot.bag_count is not None:
        kg = parts.formats.number(lot.bag_kg) if lot.bag_kg is not None else "?"
        bags = say("sheet.bags_value", count=lot.bag_count, kg=kg)
    tiles = [
        ("sheet.green_weight", _number(parts, lot.green_kg, "kg")),
        ("sheet.bags", bags),
        ("sheet.moisture", _number(parts, lot.moisture_pct, "%")),
        ("sheet.water_activity", _number(parts, lot.water_activity, "")),
        ("sheet.density", _number(parts, lot.density_g_l, "g/l")),
        ("sheet.screen_size", f"{lot.screen_size}/64″" if lot.screen_size else None),
    ]
    table = Table(
        [
            [parts.text(say(key), "label") for key, _ in tiles],
            [parts.value(value) for _, value in tiles],
        ],
        colWidths=[parts.width / len(tiles)] * len(tiles),
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (0, -1), (-1, -1), 0.25, RULE),
        )
    )
    return [parts.heading("sheet.green"), table]


def story(parts: Parts, data: SheetData, lot: Lot) -> list[Flowable]:
    """The story, wrapped around the producer's portrait when there is one."""
    text = [parts.text(lot.story)] if lot.story.strip() else [parts.nothing()]
    flowables: list[Flowable] = [parts.heading("sheet.story")]
    if data.portrait is None:
        return flowables + text
    try:
        thumb = make_thumbnail(data.portrait.data, 480)
    except UnreadableImage:
        return [*flowables, *text, parts.nothing("sheet.photo_unreadable")]
    height = PORTRAIT_WIDTH * thumb.height_px / thumb.width_px
    image = Image(io.BytesIO(thumb.jpeg), width=PORTRAIT_WIDTH, height=height)
    portrait = ImageAndFlowables(image, text, imageSide="right", imageLeftPadding=4 * mm)
    flowables = [KeepTogether([*flowables, portrait])]
    if data.portrait.caption:  # under the portrait, which sits on the right
        flowables.append(parts.text(data.portrait.caption, "label_right"))
    return flowables
