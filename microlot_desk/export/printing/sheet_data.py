"""What a provenance sheet is made from: plain, frozen data, gathered by the services.

Text in here is the user's own (names, notes, a form's labels; printed literally) or comes from
the caller's translated `labels`: vocabulary is carried as keys (a custody stage, a sample type,
a band, a hallmark) and named through `labels["stage.<key>"]` and the like, so the sheet's digest
(sheet_digest.py) is the same in every language. Only `HallmarkLine.evidence` is a translated
sentence, and it is left out of the digest. `None` for a section means "not recorded" and the
sheet says so; the section never vanishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from microlot_desk.domain.cupping import Status
from microlot_desk.domain.custody_chain import ChainHead
from microlot_desk.domain.lots import Lot
from microlot_desk.domain.size_classes import DEFAULT_THRESHOLDS, SizeThresholds
from microlot_desk.domain.text_formats import TextFormats

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")


@dataclass(frozen=True)
class Cupper:
    name: str
    q_licence: str = ""


@dataclass(frozen=True)
class SectionMean:
    """One bar of the chart: a form section (key and the form's label), its panel mean, and
    the top of its scale (the bar's full length)."""

    key: str
    label: str
    mean: Decimal
    scale_max: Decimal


@dataclass(frozen=True)
class CuppingSummary:
    """The panel result a sheet shows (issue 3's sessions will fill it)."""

    form_name: str
    final_score: Decimal | None
    panel_size: int
    stdev: Decimal | None = None
    band: str = ""  # the form's band code, named by labels["band.<code>"]
    sample_type: str = ""  # e.g. "pre_shipment", named by labels["sample_type.<key>"]
    cupped_on: date | None = None
    cuppers: tuple[Cupper, ...] = ()
    descriptors: tuple[str, ...] = ()
    section_means: tuple[SectionMean, ...] = ()
    third_party: bool = False


@dataclass(frozen=True)
class CustodyStep:
    """One event of the chain of custody, oldest first (issue 5 will fill these)."""

    when: date
    stage: str  # e.g. "drying", named by labels["stage.<key>"]
    place: str = ""
    actor: str = ""
    kg_in: Decimal | None = None
    kg_out: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class HallmarkLine:
    """One hallmark of a genuine micro-lot (DOMAIN.md §1): its key (named by
    labels["hallmark.<key>"]), the verdict, and the evidence as a translated sentence."""

    key: str
    status: Status
    evidence: str = ""


@dataclass(frozen=True)
class SheetPhoto:
    """A photo's bytes (from the app's evidence store, never a path) and its caption."""

    data: bytes
    caption: str = ""


@dataclass(frozen=True)
class SheetDocument:
    """An attached document, listed with its SHA-256 so a reader can check the copy they got."""

    name: str
    sha256: str
    size_bytes: int | None = None


@dataclass(frozen=True)
class SheetData:
    lot: Lot
    labels: Mapping[str, str]
    generated_at: datetime
    app_version: str
    language: str = "en"
    paper: Paper = "a4"
    formats: TextFormats = field(default_factory=TextFormats)
    thresholds: SizeThresholds = DEFAULT_THRESHOLDS
    country_name: str = ""  # the lot's country, named in the reader's language
    cupping: CuppingSummary | None = None
    custody: tuple[CustodyStep, ...] | None = None
    chain_head: ChainHead | None = None  # where the lot's own hash chain ends, printed in full
    station_name: str = ""  # the station that printed it
    station_key: str = ""  # that station's key fingerprint (domain.fingerprints)
    # A lot received in a bundle: the station that recorded and signed it, its key, the day
    # (not part of the digest: the same sheet verifies at the sender and the receiver).
    received_from: tuple[str, str, str] | None = None
    hallmarks: tuple[HallmarkLine, ...] | None = None
    red_flags: tuple[str, ...] | None = None  # worded by the caller; None: not assessed
    photos: tuple[SheetPhoto, ...] = ()
    portrait: SheetPhoto | None = None
    documents: tuple[SheetDocument, ...] = ()
