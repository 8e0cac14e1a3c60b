"""A large, realistic lot database for the list benchmarks, built once and cached.

Lots go through the real repository (so the search index and variety table are the app's own),
many to a transaction so building 100,000 takes a minute rather than an hour of fsyncs.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from microlot_desk.clock import utc_now
from microlot_desk.domain.lots import Lot, Plot, Producer, VarietyShare
from microlot_desk.domain.vocabulary import DEFAULT_PROCESSES, Isolation, ProducerKind
from microlot_desk.storage.database import open_database
from microlot_desk.storage.lot_repository import LotRepository

WORK = Path(__file__).resolve().parent / ".work"

_COUNTRIES = [
    ("CO", ["Nariño", "Huila", "Cauca", "Tolima", "Antioquia"]),
    ("ET", ["Sidama", "Gedeo, Yirgacheffe", "Guji", "Jimma", "Limu"]),
    ("KE", ["Nyeri", "Kirinyaga", "Murang'a", "Embu"]),
    ("BR", ["Sul de Minas", "Mogiana", "Cerrado Mineiro", "Chapada Diamantina"]),
    ("PE", ["Cajamarca", "Cusco", "Puno", "Amazonas"]),
    ("GT", ["Huehuetenango", "Antigua", "Acatenango"]),
    ("CN", ["云南 普洱", "云南 保山", "云南 临沧"]),
    ("PA", ["Boquete", "Volcán"]),
    ("RW", ["Nyamasheke", "Huye"]),
    ("ID", ["Gayo", "Toraja", "Flores"]),
]
_FIRST = [
    "José",
    "María",
    "Ana",
    "Juan",
    "Luis",
    "Carmen",
    "João",
    "Abebe",
    "Tadesse",
    "Wanjiru",
    "明华",
    "秀英",
    "Ixchel",
    "Rosa",
    "Pedro",
    "Élida",
    "Ñusta",
    "Chaltu",
]
_LAST = [
    "Muñoz",
    "Ortíz",
    "Gonçalves",
    "Pérez",
    "Kariuki",
    "李",
    "张",
    "በቀለ",
    "ገብሬ",
    "Rodríguez",
    "Caballero",
    "Mamani",
    "Quispe",
    "Ramírez",
]
_VARIETIES = [
    "Gesha",
    "Caturra",
    "Castillo",
    "Bourbon",
    "Pink Bourbon",
    "Typica",
    "SL28",
    "SL34",
    "Pacamara",
    "Catuaí",
    "Kurume",
    "Wolisho",
    "Catimor",
    "Mundo Novo",
]
_NAMES = [
    "La Esperanza",
    "El Mirador",
    "Los Quetzales",
    "Bombe",
    "Konga",
    "San Marcos",
    "Santa Rosa",
    "El Paraíso",
    "Monte Verde",
    "La Palma",
    "Kiama",
    "Huabal",
]


def _lot(rng: random.Random, index: int, producers: list[Producer]) -> Lot:
    country, regions = rng.choice(_COUNTRIES)
    producer = rng.choice(producers)
    kinds = rng.sample(_VARIETIES, rng.choice([1, 1, 1, 2, 3]))
    shares = [VarietyShare(name) for name in kinds]
    start = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
    stamp = f"2026-{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d}T10:00:00.000000+00:00"
    return Lot(
        id=str(uuid.UUID(int=rng.getrandbits(128))),
        code=f"{country}-{start.year}-{index:06d}",
        name=f"{rng.choice(_NAMES)} {kinds[0]} {index}",
        producer=producer,
        farm=f"Finca {rng.choice(_NAMES)}",
        plots=(
            Plot(
                id=str(uuid.UUID(int=rng.getrandbits(128))),
                name=f"Lote {index % 17}",
                altitude_m=rng.randrange(900, 2400),
            ),
        ),
        country=country,
        region=rng.choice(regions),
        varieties=tuple(shares),
        process=rng.choice(DEFAULT_PROCESSES),
        harvest_start=start,
        harvest_end=start + timedelta(days=rng.randrange(30)),
        isolation=frozenset(rng.sample(list(Isolation), rng.randrange(0, 3))),
        green_kg=Decimal(rng.choice([30, 48, 60, 95, 150, 240, 420, 600, 900, 1800, 2400]))
        + Decimal(rng.randrange(0, 100)) / 10,
        created_at=stamp,
        updated_at=stamp,
        updated_by="benchmark",
    )


def build(path: Path, count: int, *, seed: int = 2026, batch: int = 5000) -> Path:
    """Create (or reuse) a database of `count` generated lots at `path`."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    rng = random.Random(seed)
    database = open_database(partial, clock=utc_now)
    try:
        repo = LotRepository(database)
        producers: list[Producer] = []
        with database.write():
            for number in range(max(count // 20, 1)):
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {number}"
                producers.append(
                    repo.find_or_create_producer(
                        name,
                        rng.choice(list(ProducerKind)),
                        "",
                        {"updated_at": "2026-01-01T00:00:00+00:00", "updated_by": "benchmark"},
                    )
                )
        for start in range(0, count, batch):
            with database.write():
                for index in range(start, min(start + batch, count)):
                    repo.insert(_lot(rng, index, producers))
        database.db.execute("ANALYZE")
    finally:
        database.close()
    partial.rename(path)
    for suffix in ("-wal", "-shm", ".lock", ".lock-holder"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    return path
