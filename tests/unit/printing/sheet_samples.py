"""Sheet data for the export tests: a lot with every section filled (polygon plot, point plot,
cupping panel, custody, hallmarks, photos, portrait, documents), pictures made with Pillow, and the
markup lot of issue 4."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from PIL import Image

from microlot_desk.domain.lots import Lot, Plot, Producer, VarietyShare
from microlot_desk.domain.vocabulary import Isolation, ProducerKind
from microlot_desk.export.printing.sheet_data import (
    Cupper,
    CuppingSummary,
    CustodyStep,
    HallmarkLine,
    Paper,
    SectionMean,
    SheetData,
    SheetDocument,
    SheetPhoto,
)
from microlot_desk.sheet_labels import SHEET_LABELS

GENERATED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
MARKUP_NAME = '<b>Finca & "La Esperanza"</b> <img src="/etc/passwd"/>'

POLYGON = {
    "type": "Polygon",
    "coordinates": [
        [
            [-77.281234, 1.612345],
            [-77.279876, 1.612901],
            [-77.278912, 1.611502],
            [-77.280455, 1.610433],
            [-77.281234, 1.612345],
        ]
    ],
}
POINT = {"type": "Point", "coordinates": [-77.283001, 1.614002]}


def picture(width: int, height: int, *, orientation: int | None = None, fmt: str = "JPEG") -> bytes:
    """A two-colour picture: left half dark, right half light, so its orientation shows."""
    image = Image.new("RGB", (width, height), (235, 225, 200))
    image.paste((90, 60, 40), (0, 0, width // 2, height))
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def full_lot(**changes: object) -> Lot:
    lot = Lot(
        id="8b0a7c5e-2f1d-4c3b-9a8e-7d6c5b4a3f21",
        code="CO-2026-099",
        name="La Esperanza Gesha — lote alto",
        producer=Producer("p1", "José Ñáñez Muñoz", ProducerKind.PERSON, "CO"),
        farm="Finca La Esperanza",
        plots=(
            Plot("pl1", "Lote Alto 3", 2150, Decimal("1.8"), POLYGON),
            Plot("pl2", "El Mirador", 2080, Decimal("0.9"), POINT),
            Plot("pl3", "Cañada", 2010, None, None),
        ),
        country="CO",
        region="Nariño, La Unión",
        varieties=(VarietyShare("Gesha", Decimal(70)), VarietyShare("Pink Bourbon", Decimal(30))),
        process="anaerobic_washed",
        fermentation_hours=Decimal("72"),
        drying_method="raised beds, parabolic dryer",
        drying_days=Decimal("21"),
        harvest_start=date(2026, 5, 12),
        harvest_end=date(2026, 5, 14),
        isolation=frozenset({Isolation.GEOGRAPHIC, Isolation.VARIETAL}),
        separation_notes="Picked in three passes from the top plot only; own tank, beds 3A-3C.",
        story="José planted this Gesha block in 2017 at the upper edge of the farm. " * 6,
        green_kg=Decimal("420"),
        bag_count=12,
        bag_kg=Decimal("35"),
        moisture_pct=Decimal("10.8"),
        water_activity=Decimal("0.56"),
        density_g_l=Decimal("745"),
        screen_size=17,
        updated_at="2026-11-20T10:00:00.000000+00:00",
        created_at="2026-11-01T10:00:00.000000+00:00",
    )
    return dataclasses.replace(lot, **changes)  # type: ignore[arg-type]


def cupping() -> CuppingSummary:
    labels = [
        "Fragrance",
        "Aroma",
        "Flavor",
        "Aftertaste",
        "Acidity",
        "Sweetness",
        "Mouthfeel",
        "Overall",
    ]
    means = [Decimal(v) for v in ("7.67", "7.33", "8.00", "7.00", "8.33", "7.67", "6.67", "8.00")]
    return CuppingSummary(
        form_name="SCA CVA affective assessment (SCA-104)",
        final_score=Decimal("88.25"),
        panel_size=3,
        stdev=Decimal("0.90"),
        band="excellent",
        sample_type="pre_shipment",
        cupped_on=date(2026, 9, 2),
        cuppers=(
            Cupper("Ana Rodríguez", "Q-12-3456"),
            Cupper("李明华", "Q-21-0042"),
            Cupper("Abebe Bekele አበበ", ""),
        ),
        descriptors=("jasmine", "bergamot", "peach", "honey"),
        section_means=tuple(
            SectionMean(label.lower(), label, mean, Decimal(9))
            for label, mean in zip(labels, means, strict=True)
        ),
        third_party=True,
    )


def custody() -> tuple[CustodyStep, ...]:
    stages = [
        ("picking", "Lote Alto 3", "José Ñáñez", None, Decimal("2400")),
        ("depulping", "Finca La Esperanza wet mill", "", Decimal("2400"), Decimal("1150")),
        ("fermentation", "Tank 2", "", Decimal("1150"), Decimal("1150")),
        ("drying", "Beds 3A-3C", "", Decimal("1150"), Decimal("520")),
        ("hulling", "Trilladora Pasto", "Coop. Nariño", Decimal("520"), Decimal("430")),
        ("bagging", "Trilladora Pasto", "", Decimal("430"), Decimal("420")),
    ]
    return tuple(
        CustodyStep(date(2026, 5, 12 + i), stage, place, actor, kg_in, kg_out, "")
        for i, (stage, place, actor, kg_in, kg_out) in enumerate(stages)
    )


def hallmarks() -> tuple[HallmarkLine, ...]:
    return (
        HallmarkLine("provenance", "met", "producer, farm, plot, altitude, variety, dates"),
        HallmarkLine("volume", "met", "420 kg, within micro-lot (100-1000 kg)"),
        HallmarkLine("separation", "not_met", "no custody event for hulling"),
        HallmarkLine("score", "met", "88.25 by a third-party panel"),
        HallmarkLine("premium", "not_recorded", ""),
        HallmarkLine("documents", "not_recorded", "no Q-grader report attached"),
    )


def full_sheet(paper: Paper = "a4", **changes: object) -> SheetData:
    report = b"%PDF-1.4 Q-grader report"
    data = SheetData(
        lot=full_lot(),
        labels=SHEET_LABELS,
        generated_at=GENERATED,
        app_version="0.1.0",
        paper=paper,
        country_name="Colombia",
        cupping=cupping(),
        custody=custody(),
        hallmarks=hallmarks(),
        photos=(
            SheetPhoto(picture(400, 300), "Drying beds 3A-3C"),
            SheetPhoto(picture(300, 200, orientation=6), "Cherries on the day of picking"),
            SheetPhoto(picture(200, 200, fmt="PNG"), "Plot from the road"),
            SheetPhoto(picture(200, 300), "Tank 2"),
            SheetPhoto(picture(300, 300), "Bags at the mill"),
        ),
        portrait=SheetPhoto(picture(240, 300), "José Ñáñez Muñoz"),
        documents=(
            SheetDocument("Q-grader report 2026-09.pdf", hashlib.sha256(report).hexdigest(), 24),
            SheetDocument("Certificado de origen.pdf", "ab" * 32, 183_220),
        ),
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def plain_sheet(lot: Lot, paper: Paper = "a4") -> SheetData:
    return SheetData(
        lot=lot, labels=SHEET_LABELS, generated_at=GENERATED, app_version="0.1.0", paper=paper
    )
