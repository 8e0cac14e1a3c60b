"""Printed documents for lots: provenance sheets, sample labels and blank cupping forms.

Gathers a lot's data into the export layer's plain input, has export build the PDF, and writes
files atomically (a half-written PDF never appears under its final name). The printed words come
from the caller as `PrintOptions.labels`: the CLI passes microlot_desk.sheet_labels, the GUI the
same keys through Qt's translator. Nothing here writes to the database; a sheet that leaves the
app writes down the custody chain head it shows in the anchor log beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from microlot_desk import __version__
from microlot_desk.atomic_files import write_atomic
from microlot_desk.clock import Clock
from microlot_desk.domain.countries import country_name
from microlot_desk.domain.lot_fields import LOT_CODE_PATTERN
from microlot_desk.domain.lots import Lot
from microlot_desk.errors import KnownError, NotFound
from microlot_desk.export.printing.blank_form import build_blank_form
from microlot_desk.export.printing.labels import (
    LABEL_SHEETS,
    LabelResult,
    SampleLabel,
    build_labels,
)
from microlot_desk.export.printing.pdf_text import UncoveredText
from microlot_desk.export.printing.provenance_sheet import SheetResult, build_sheet
from microlot_desk.export.printing.qr import lot_payload
from microlot_desk.export.printing.sheet_data import Paper, SheetData, TextFormats
from microlot_desk.services.common.form_library import UnknownFormError, load_form_library
from microlot_desk.services.exchange.lot_origins import lot_origin
from microlot_desk.services.exchange.station_identity import StationIdentity, station_identity
from microlot_desk.services.lots.lot_records import as_of_head
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.sheet_provenance import sheet_evidence
from microlot_desk.services.provenance.chain_anchors import ChainAnchors
from microlot_desk.services.provenance.evidence_service import EvidenceService


class UnknownForm(KnownError):
    """No cupping template with this id; `available` lists the ids there are."""

    code = "unknown_form"


@dataclass(frozen=True)
class PrintOptions:
    """How to print: the translated labels, paper, language (PDF metadata) and number format."""

    labels: Mapping[str, str]
    paper: Paper = "a4"
    language: str = "en"
    formats: TextFormats = field(default_factory=TextFormats)


@dataclass(frozen=True)
class WrittenFile:
    """A file written whole: where, for which lot code or form id, and what could not print."""

    path: Path
    subject: str
    digest: str = ""
    warnings: tuple[UncoveredText, ...] = ()


def sheet_file_name(code: str) -> str:
    """`<code>.pdf`; refuses anything that is not a lot code, so a name can never be a path."""
    if not LOT_CODE_PATTERN.match(code):
        raise ValueError(f"not a lot code: {code!r}")
    return f"{code}.pdf"


def render_sheet(data: SheetData) -> SheetResult:
    """Build the PDF from gathered data; no database, so it may run on any thread."""
    return build_sheet(data)


def save_pdf(path: Path, pdf: bytes) -> None:
    """Write a PDF built earlier (the preview's "Save as…") atomically."""
    write_atomic(path, pdf)


class PrintService:
    def __init__(
        self,
        lots: LotService,
        *,
        clock: Clock | None = None,
        country_names: Callable[[str, str], str] = country_name,
        app_version: str = __version__,
    ) -> None:
        self._lots = lots
        self._clock = clock or lots.clock
        self._country_names = country_names
        self._version = app_version
        self._evidence: EvidenceService | None = None
        self.anchors = ChainAnchors(lots.database, self._clock)
        self._identity: StationIdentity | None = None

    @property
    def lots(self) -> LotService:
        return self._lots

    # ---- provenance sheets ---------------------------------------------------------------

    def sheet_data(
        self, lot: Lot, options: PrintOptions, *, events_upto: int | None = None
    ) -> SheetData:
        """Everything the sheet shows: the lot, and from its records
        (services.printing.sheet_provenance) the custody chain, the six hallmarks with their
        evidence, the panel's cupping summary, photos, the producer's portrait and the documents.
        Hallmark evidence is worded from `options.labels["fact.<code>"]`
        (provenance_labels.PROVENANCE_LABELS in English). `events_upto`: the sheet as it was
        printed when the lot had only its first that many custody events."""
        if self._evidence is None:
            self._evidence = EvidenceService(self._lots)
        found = sheet_evidence(
            self._lots, self._evidence, lot, options.labels, events_upto=events_upto
        )
        head = (
            self.anchors.head_of(lot.id)
            if events_upto is None
            else as_of_head(
                [
                    e
                    for e in self._lots.verdicts.records.custody.events_of(lot.id)
                    if e.seq <= events_upto
                ]
            )
        )
        return SheetData(
            lot=lot,
            labels=options.labels,
            generated_at=self._clock(),
            app_version=self._version,
            language=options.language,
            paper=options.paper,
            formats=options.formats,
            thresholds=self._lots.station.thresholds,
            country_name=(
                self._country_names(lot.country, options.formats.locale) if lot.country else ""
            ),
            cupping=found.cupping,
            custody=found.custody,
            chain_head=head,
            station_name=self._station().name,
            station_key=self._station().fingerprint,
            received_from=self._received_from(lot.id),
            hallmarks=found.hallmarks,
            red_flags=found.red_flags,
            photos=found.photos,
            portrait=found.portrait,
            documents=found.documents,
        )

    def _received_from(self, lot_id: str) -> tuple[str, str, str] | None:
        origin = lot_origin(self._lots.database, lot_id)
        if origin is None:
            return None
        return (origin.station, origin.fingerprint, origin.signed_at[:10])

    def _station(self) -> StationIdentity:
        """Who prints (its key made on the first print if the station has none yet)."""
        if self._identity is None:
            self._identity = station_identity(self._lots.database)
        return self._identity

    def lot(self, lot_id: str) -> Lot:
        return self._lots.get(lot_id)

    def build_sheet(self, lot_id: str, options: PrintOptions) -> SheetResult:
        return render_sheet(self.sheet_data(self._lots.get(lot_id), options))

    def lots_by_code(self, codes: Iterable[str]) -> list[Lot]:
        """Each lot once, in order; NotFound naming every unknown code before any work."""
        found: dict[str, Lot] = {}
        missing: list[str] = []
        for code in dict.fromkeys(codes):
            try:
                found[code] = self._lots.get_by_code(code)
            except NotFound:
                missing.append(code)
        if missing:
            raise NotFound(kind="lot", key=", ".join(missing))
        return list(found.values())

    def export_sheet(self, lot: Lot, folder: Path, options: PrintOptions) -> WrittenFile:
        data = self.sheet_data(lot, options)
        result = render_sheet(data)
        path = folder / sheet_file_name(lot.code)
        self.record_sheet(data, path.name)
        write_atomic(path, result.pdf)
        return WrittenFile(path, lot.code, result.digest, result.warnings)

    def record_sheet(self, data: SheetData, file_name: str) -> None:
        """Write down the chain head a sheet about to leave the app shows (saved, exported or
        printed), for `db check` to hold the chain to later (services.provenance.chain_anchors).
        Before the file is written: no sheet is out without its anchor."""
        self.anchors.record_sheet(data.lot, data.chain_head, file_name)

    # ---- labels --------------------------------------------------------------------------

    def sample_label(self, lot: Lot, formats: TextFormats) -> SampleLabel:
        """Code, name, producer and weight, with a QR code of the lot's code and UUID."""
        weight = ""
        if lot.green_kg is not None:
            weight = f"{formats.number(lot.green_kg)} kg"
        if lot.bag_count is not None and lot.bag_kg is not None:
            bags = f"{lot.bag_count} × {formats.number(lot.bag_kg)} kg"
            weight = f"{weight} · {bags}" if weight else bags
        lines = tuple(line for line in (lot.name, lot.producer_name, weight) if line)
        return SampleLabel(lot.code, lines, lot_payload(lot.code, lot.id))

    def export_labels(
        self,
        codes: Sequence[str],
        path: Path,
        *,
        sheet: str = "a4-3x8",
        copies: int = 1,
        skip: int = 0,
        options: PrintOptions,
    ) -> tuple[WrittenFile, LabelResult]:
        """`copies` labels per lot, in the order given, starting after `skip` used positions."""
        lots = self.lots_by_code(codes)
        labels = [self.sample_label(lot, options.formats) for lot in lots for _ in range(copies)]
        result = build_labels(
            labels,
            LABEL_SHEETS[sheet],
            skip=skip,
            title=", ".join(lot.code for lot in lots),
            language=options.language,
            creator=f"microlot_desk {self._version}",
        )
        write_atomic(path, result.pdf)
        return WrittenFile(path, sheet, warnings=result.warnings), result


def export_blank_form(
    template_id: str,
    path: Path,
    options: PrintOptions,
    *,
    lab_dir: Path | None = None,
    app_version: str = __version__,
) -> WrittenFile:
    """A blank paper form for a built-in or lab template; UnknownForm lists the ids there are."""
    library = load_form_library(lab_dir, skip_bad_lab_files=True)
    try:
        template = library.get(template_id)
    except UnknownFormError:
        raise UnknownForm(form=template_id, available=", ".join(library.ids())) from None
    pdf, warnings = build_blank_form(
        template,
        options.labels,
        paper=options.paper,
        formats=options.formats,
        language=options.language,
        app_version=app_version,
    )
    write_atomic(path, pdf)
    return WrittenFile(path, template_id, warnings=warnings)
