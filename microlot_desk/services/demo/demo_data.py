"""Realistic demo lots for a first start, a training session or a screenshot.

Loading is idempotent: each demo lot has a fixed UUID (derived from its code), so loading twice
adds nothing. Loading makes pictures, decodes and hashes them and judges every demo lot: only in
a worker (services.common.thread_guard); `demo_missing` tells cheaply whether there is anything to
do. A cancel through `progress` undoes the whole load. Names are fictional; scripts and accents are
those producers really write in.
"""

from __future__ import annotations

import uuid
from typing import Any

from microlot_desk.services.common.progress import Progress
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.lots.lot_service import LotService

_NAMESPACE = uuid.UUID("0f6d3a52-6c53-4b0e-9d8e-2f4f5d1c7a11")

DEMO_LOTS: tuple[dict[str, Any], ...] = (
    {
        "code": "CO-2026-014",
        "name": "La Esperanza Gesha",
        "producer": "José Ñáñez Muñoz",
        "farm": "Finca La Esperanza",
        "plot": "Lote Alto 3",
        "altitude_m": 2150,
        "area_ha": "1.8",
        "country": "CO",
        "region": "Nariño, La Unión",
        "varieties": "Gesha",
        "process": "washed",
        "fermentation_hours": "36",
        "drying_method": "raised beds, parabolic dryer",
        "drying_days": "21",
        "harvest_start": "2026-05-12",
        "harvest_end": "2026-05-14",
        "isolation": ["geographic", "varietal", "picking_date"],
        "separation_notes": "Picked in three passes from the top plot only; fermented in its own "
        "tank and dried on beds marked 3A-3C.",
        "story": "José planted this Gesha block in 2017 at the upper edge of the farm, above the "
        "cloud line that climbs from the Juanambú canyon every afternoon.",
        "green_kg": "420",
        "bag_count": 12,
        "bag_kg": "35",
        "moisture_pct": "10.8",
        "water_activity": "0.56",
        "density_g_l": "745",
        "screen_size": 17,
        "farm_gate_price": "14.50",
        "fob_price": "22.00",
        "reference_price": "7.20",
        "currency": "USD",
        "status": "offered",
    },
    {
        "code": "CO-2026-021",
        "name": "Pink Bourbon Anaeróbico",
        "producer": "María Fernanda Ortíz",
        "producer_kind": "family",
        "farm": "Finca El Mirador",
        "plot": "El Guadual",
        "altitude_m": 1780,
        "country": "CO",
        "region": "Huila, Pitalito",
        "varieties": "Pink Bourbon",
        "process": "anaerobic_natural",
        "fermentation_hours": "96",
        "drying_method": "marquesina",
        "drying_days": "28",
        "harvest_start": "2026-06-02",
        "harvest_end": "2026-06-02",
        "isolation": ["process", "varietal"],
        "green_kg": "95",
        "bag_count": 3,
        "bag_kg": "30",
        "moisture_pct": "11.2",
        "water_activity": "0.61",
        "farm_gate_price": "11.00",
        "currency": "USD",
        "status": "draft",
    },
    {
        "code": "ET-2026-003",
        "name": "Konga Washed Grade 1",
        "producer": "ኮንጋ የቡና አምራቾች ማህበር",
        "producer_kind": "cooperative",
        "farm": "Konga kebele",
        "plot": "Gedeb ridge",
        "altitude_m": 2050,
        "country": "ET",
        "region": "Gedeo, Yirgacheffe",
        "varieties": "Kurume 70%, Wolisho 30%",
        "process": "washed",
        "fermentation_hours": "48",
        "drying_method": "raised beds",
        "drying_days": "14",
        "harvest_start": "2026-11-03",
        "harvest_end": "2026-11-20",
        "isolation": ["geographic"],
        "green_kg": "900",
        "bag_count": 15,
        "bag_kg": "60",
        "moisture_pct": "10.4",
        "water_activity": "0.55",
        "fob_price": "9.80",
        "reference_price": "6.10",
        "currency": "USD",
        "status": "offered",
    },
    {
        "code": "ET-2026-007",
        "name": "Bensa Bombe Natural",
        "producer": "አበበ በቀለ",
        "farm": "Bombe",
        "plot": "Garden behind the house",
        "altitude_m": 2240,
        "country": "ET",
        "region": "Sidama, Bensa",
        "varieties": "Setami 60%, Bishan Fugu 40%",
        "process": "natural",
        "drying_method": "raised beds",
        "drying_days": "30",
        "harvest_start": "2026-11-10",
        "harvest_end": "2026-11-11",
        "isolation": ["geographic", "picking_date"],
        "story": "Abebe dries his cherries on two beds beside the house and turns them every hour.",
        "green_kg": "48",
        "bag_count": 2,
        "bag_kg": "24",
        "moisture_pct": "10.9",
        "status": "draft",
    },
    {
        "code": "CN-2026-002",
        "name": "普洱 Catimor 蜜处理",
        "producer": "李明华",
        "farm": "孟连 Mengsuo",
        "plot": "东坡 East slope",
        "altitude_m": 1450,
        "country": "CN",
        "region": "云南 Yunnan, 普洱 Pu'er",
        "varieties": "Catimor",
        "process": "honey_yellow",
        "fermentation_hours": "24",
        "drying_method": "greenhouse",
        "drying_days": "18",
        "harvest_start": "2026-01-08",
        "harvest_end": "2026-01-25",
        "isolation": ["process"],
        "green_kg": "600",
        "bag_count": 10,
        "bag_kg": "60",
        "moisture_pct": "11.5",
        "water_activity": "0.63",
        "fob_price": "7.40",
        "currency": "USD",
        "status": "offered",
    },
    {
        "code": "CN-2026-005",
        "name": "保山 Typica 小批次",
        "producer": "张秀英",
        "producer_kind": "family",
        "farm": "潞江坝 Lujiangba",
        "altitude_m": 1100,
        "country": "CN",
        "region": "云南 Yunnan, 保山 Baoshan",
        "varieties": "Typica",
        "process": "washed",
        "harvest_start": "2026-02-01",
        "harvest_end": "2026-02-03",
        "isolation": ["varietal"],
        "green_kg": "30",
        "bag_count": 1,
        "bag_kg": "30",
        "status": "draft",
    },
    {
        "code": "PA-2026-007",
        "name": "Gesha Natural Lote 7",
        "producer": "Familia Caballero Ríos",
        "producer_kind": "family",
        "farm": "Finca Los Quetzales",
        "plot": "Jaramillo alto",
        "altitude_m": 1750,
        "country": "PA",
        "region": "Chiriquí, Boquete",
        "varieties": "Gesha",
        "process": "natural",
        "drying_method": "African beds",
        "drying_days": "25",
        "harvest_start": "2026-03-15",
        "harvest_end": "2026-03-16",
        "isolation": ["varietal", "geographic"],
        "green_kg": "60",
        "bag_count": 2,
        "bag_kg": "30",
        "farm_gate_price": "180",
        "reference_price": "8",
        "currency": "USD",
        "status": "reserved",
    },
    {
        "code": "KE-2026-011",
        "name": "Kiama AA",
        "producer": "Kiama Farmers' Cooperative Society",
        "producer_kind": "cooperative",
        "farm": "Kiama factory",
        "altitude_m": 1800,
        "country": "KE",
        "region": "Nyeri, Mathira",
        "varieties": "SL28 60%, SL34 30%, Ruiru 11 10%",
        "process": "washed",
        "fermentation_hours": "40",
        "drying_method": "raised beds",
        "drying_days": "16",
        "harvest_start": "2026-10-20",
        "harvest_end": "2026-11-25",
        "green_kg": "2400",
        "bag_count": 40,
        "bag_kg": "60",
        "moisture_pct": "10.6",
        "status": "offered",
    },
    {
        "code": "BR-2026-031",
        "name": "Sítio São João Cereja Descascado",
        "producer": "João Antônio Gonçalves",
        "farm": "Sítio São João",
        "altitude_m": 1150,
        "country": "BR",
        "region": "Minas Gerais, Sul de Minas",
        "varieties": "Yellow Catuaí 80%, Mundo Novo 20%",
        "process": "pulped_natural",
        "drying_method": "patio",
        "drying_days": "12",
        "harvest_start": "2026-06-10",
        "harvest_end": "2026-07-30",
        "green_kg": "1800",
        "bag_count": 30,
        "bag_kg": "60",
        "status": "sold",
    },
    {
        "code": "GT-2026-004",
        "name": "Pacamara Huehuetenango",
        "producer": "Grupo Ixchel de Todos Santos",
        "producer_kind": "group",
        "farm": "Aldea Chalhuitz",
        "plot": "Parcelas del grupo",
        "altitude_m": 1900,
        "country": "GT",
        "region": "Huehuetenango, Todos Santos Cuchumatán",
        "varieties": "Pacamara",
        "process": "washed",
        "fermentation_hours": "30",
        "drying_method": "patio",
        "drying_days": "10",
        "harvest_start": "2026-02-20",
        "harvest_end": "2026-03-05",
        "isolation": ["geographic", "varietal"],
        "separation_notes": "Eleven women of the group pick on the same days and deliver to "
        "their own tank at the wet mill.",
        "green_kg": "300",
        "bag_count": 10,
        "bag_kg": "30",
        "fob_price": "8.90",
        "reference_price": "4.20",
        "currency": "USD",
        "status": "offered",
    },
    {
        "code": "ID-2026-009",
        "name": "Gayo Giling Basah",
        "producer": "Koperasi Gayo Mandiri",
        "producer_kind": "cooperative",
        "farm": "Bener Meriah",
        "altitude_m": 1550,
        "country": "ID",
        "region": "Aceh, Gayo highlands",
        "varieties": "Ateng 50%, Tim Tim 50%",
        "process": "wet_hulled",
        "drying_days": "6",
        "harvest_start": "2026-04-01",
        "harvest_end": "2026-04-12",
        "isolation": ["process"],
        "green_kg": "150",
        "bag_count": 3,
        "bag_kg": "50",
        "moisture_pct": "12.4",
        "status": "draft",
    },
    {
        "code": "RW-2026-002",
        "name": "Kivu Hills Red Honey",
        "producer": "Kivu Hills Washing Station",
        "producer_kind": "washing_station",
        "farm": "Nyamasheke",
        "altitude_m": 1700,
        "country": "RW",
        "region": "Western Province, Nyamasheke",
        "varieties": "Red Bourbon",
        "process": "honey_red",
        "drying_method": "raised beds",
        "drying_days": "22",
        "harvest_start": "2026-04-14",
        "harvest_end": "2026-04-15",
        "isolation": ["process", "picking_date"],
        "green_kg": "240",
        "bag_count": 4,
        "bag_kg": "60",
        "moisture_pct": "10.7",
        "status": "offered",
    },
    {
        "code": "CR-2026-018",
        "name": "Tarrazú Black Honey",
        "producer": "Asociación de Productores Ña Lupe",
        "producer_kind": "group",
        "farm": "San Marcos",
        "altitude_m": 1650,
        "country": "CR",
        "region": "San José, Tarrazú",
        "varieties": "Caturra 50%, Catuaí 50%",
        "process": "honey_black",
        "drying_method": "raised beds",
        "drying_days": "20",
        "harvest_start": "2026-01-10",
        "harvest_end": "2026-02-28",
        "isolation": ["process"],
        "green_kg": "700",
        "bag_count": 10,
        "bag_kg": "69",
        "status": "offered",
    },
    {
        "code": "PE-2026-006",
        "name": "Mujeres de Jaén",
        "producer": "Asociación de Mujeres Cafetaleras de Jaén",
        "producer_kind": "group",
        "farm": "Huabal",
        "altitude_m": 1850,
        "country": "PE",
        "region": "Cajamarca, Jaén",
        "varieties": "Bourbon 40%, Typica 40%, Caturra 20%",
        "process": "washed",
        "harvest_start": "2026-06-01",
        "harvest_end": "2026-07-15",
        "isolation": ["geographic"],
        "green_kg": "520",
        "bag_count": 8,
        "bag_kg": "65",
        "status": "draft",
    },
)


DEMO_SUB_LOTS = 2  # the demo splits RW-2026-002 into two sub-lots (demo_provenance.py, beside)
DEMO_TOTAL = len(DEMO_LOTS) + DEMO_SUB_LOTS  # lots a first load_demo adds


def demo_lot_id(code: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, code))


def demo_missing(lots: LotService) -> int:
    """How many demo lots are not there yet (a few reads: fine on any thread)."""
    return len(_missing(lots))


def _missing(lots: LotService) -> list[tuple[dict[str, Any], str]]:
    return [
        (raw, demo_lot_id(raw["code"]))
        for raw in DEMO_LOTS
        if not lots.exists(demo_lot_id(raw["code"]))
    ]


def load_demo(lots: LotService, progress: Progress | None = None) -> int:
    """Add the demo lots that are not there yet, with their plot locations, custody histories,
    evidence files, cupping panel, split and blend (services/demo/demo_provenance.py), all in one
    transaction (a clash with a code already in use adds none of them; a cancel through
    `progress` none either); return how many lots were added, sub-lots of the demo split
    included."""
    require_worker_thread("loading the demo")
    progress = progress or Progress()
    missing = _missing(lots)
    if not missing:
        return 0
    from microlot_desk.services.demo.demo_provenance import add_provenance

    with lots.database.write():
        progress.step(0, 2)
        added = lots.add_lots(missing)
        progress.step(1, 2)
        sub_lots = add_provenance(lots, {lot.code for lot in added})
        progress.step(2, 2)  # a cancel now still undoes it all
    return len(added) + sub_lots
