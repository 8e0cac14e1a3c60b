"""Provenance exports: the EUDR GeoJSON of lots' plots, the due-diligence information (JSON and
CSV) and a lot's custody history as GS1 EPCIS 2.0 events. Reading only; each file is written
atomically, and nothing at all is written when any plot breaks a rule (ExportRefused names
every lot, plot and reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from microlot_desk import __version__
from microlot_desk.atomic_files import write_atomic
from microlot_desk.domain.custody import CoffeeForm, CustodyEvent, EventKind
from microlot_desk.domain.geo_rules import GeoProblem
from microlot_desk.domain.geo_shapes import from_stored
from microlot_desk.domain.lineage import traceability
from microlot_desk.domain.lots import Lot, Plot
from microlot_desk.errors import KnownError, NotFound
from microlot_desk.export.provenance.dds_export import (
    DdsEvidence,
    DdsLot,
    DdsPlot,
    dds_csv,
    dds_json,
)
from microlot_desk.export.provenance.epcis_export import EpcisQuantity, EpcisStep, epcis_document
from microlot_desk.export.provenance.geojson_export import PlotFeature, feature_collection

if TYPE_CHECKING:
    from microlot_desk.services.lots.lot_service import LotService
    from microlot_desk.services.provenance.custody_service import CustodyService
    from microlot_desk.services.provenance.evidence_service import EvidenceService
    from microlot_desk.services.provenance.plot_service import PlotService


@dataclass(frozen=True)
class PlotRefusal:
    lot: str  # the lot's code
    plot: str  # the plot's name (or id when unnamed); "" when the lot has no plot at all
    code: str  # a geo_rules problem code, or no_plots / no_location
    values: dict[str, str]


class ExportRefused(KnownError):
    """The export was refused and no file written; `refusals` lists each plot and why."""

    code = "export_refused"

    def __init__(self, refusals: Sequence[PlotRefusal]) -> None:
        super().__init__(count=len(refusals))
        self.refusals = tuple(refusals)


@dataclass(frozen=True)
class CheckedPlot:
    plot: Plot
    kind: str
    positions: tuple[tuple[Decimal, Decimal], ...]


class ProvenanceExports:
    # The services it reads are handed in rather than a Workspace, which builds this one:
    # a Workspace here would be an import cycle.
    def __init__(
        self,
        lots: LotService,
        plots: PlotService,
        custody: CustodyService,
        evidence: EvidenceService,
    ) -> None:
        self._lots = lots
        self._plots = plots
        self._custody = custody
        self._evidence = evidence

    def lots_by_code(self, codes: Sequence[str]) -> list[Lot]:
        found, missing = [], []
        for code in dict.fromkeys(codes):
            try:
                found.append(self._lots.get_by_code(code))
            except NotFound:
                missing.append(code)
        if missing:
            raise NotFound(kind="lot", key=", ".join(missing))
        return found

    def checked_plots(self, lots: Sequence[Lot]) -> dict[str, list[CheckedPlot]]:
        """Every plot of every lot checked with the EUDR rules; ExportRefused listing each one
        that fails (and each lot without a located plot)."""
        refusals: list[PlotRefusal] = []
        result: dict[str, list[CheckedPlot]] = {}
        plots = self._plots
        for lot in lots:
            checked: list[CheckedPlot] = []
            if not lot.plots:
                refusals.append(PlotRefusal(lot.code, "", "no_plots", {}))
            for plot in lot.plots:
                label = plot.name or plot.id
                if plot.geometry is None:
                    refusals.append(PlotRefusal(lot.code, label, "no_location", {}))
                    continue
                report = plots.check(lot, plot, from_stored(plot.geometry, plot.geometry_decimals))  # type: ignore[arg-type]
                refusals += [_refusal(lot, label, p) for p in report.problems]
                if report.ok and report.shape is not None:
                    checked.append(
                        CheckedPlot(plot, report.shape.kind.value, report.shape.positions)
                    )
            result[lot.id] = checked
        if refusals:
            raise ExportRefused(refusals)
        return result

    # ---- GeoJSON -------------------------------------------------------------------------

    def geojson(self, codes: Sequence[str]) -> bytes:
        lots = self.lots_by_code(codes)
        checked = self.checked_plots(lots)
        features = [
            PlotFeature(
                kind=item.kind,
                positions=item.positions,
                producer_name=lot.producer_name,
                producer_country=(lot.producer.country if lot.producer else "") or lot.country,
                production_place=" · ".join(p for p in (lot.farm, item.plot.name) if p),
                area_ha=item.plot.area_ha,
            )
            for lot in lots
            for item in checked[lot.id]
        ]
        return feature_collection(features)

    def write_geojson(self, codes: Sequence[str], path: Path) -> Path:
        write_atomic(path, self.geojson(codes))
        return path

    # ---- due diligence -------------------------------------------------------------------

    def dds_lots(self, codes: Sequence[str]) -> list[DdsLot]:
        lots = self.lots_by_code(codes)
        checked = self.checked_plots(lots)
        custody, evidence = self._custody, self._evidence
        result = []
        for lot in lots:
            events = custody.effective(lot.id)
            inherited = self._lots.verdicts.records.inherited(custody.events(lot.id))
            producer_country = (lot.producer.country if lot.producer else "") or lot.country
            result.append(
                DdsLot(
                    lot_id=lot.id,
                    code=lot.code,
                    name=lot.name,
                    net_mass_kg=lot.green_kg,
                    country=lot.country,
                    harvest_start=lot.harvest_start,
                    harvest_end=lot.harvest_end,
                    producer=lot.producer_name,
                    producer_country=producer_country,
                    supplier=lot.producer_name,
                    customer="",
                    traceability=traceability([*inherited, *events]).value,
                    plots=tuple(
                        DdsPlot(i.plot.id, i.plot.name, i.kind, i.positions, i.plot.area_ha)
                        for i in checked[lot.id]
                    ),
                    evidence=tuple(
                        DdsEvidence(a.name or a.kind.value, a.kind.value, a.sha256)
                        for a in evidence.of_lot(lot.id)
                    ),
                )
            )
        return result

    def write_dds(self, codes: Sequence[str], path: Path) -> list[Path]:
        """FILE.csv: the CSV alone; any other name: the JSON there and the CSV beside it."""
        lots = self.dds_lots(codes)
        if path.suffix.lower() == ".csv":
            write_atomic(path, dds_csv(lots))
            return [path]
        now = self._lots.clock().astimezone(UTC)
        write_atomic(path, dds_json(lots, now, f"microlot_desk {__version__}"))
        beside = path.with_suffix(".csv")
        write_atomic(beside, dds_csv(lots))
        return [path, beside]

    # ---- EPCIS ---------------------------------------------------------------------------

    def epcis(self, code: str) -> bytes:
        lot = self.lots_by_code([code])[0]
        custody = self._custody
        status = custody.chain_status(lot.id)
        events = custody.effective(lot.id)
        steps = [_step(lot, event) for event in events]
        return epcis_document(
            lot.id, lot.code, steps, self._lots.clock().astimezone(UTC), status.head_hash
        )

    def write_epcis(self, code: str, path: Path) -> Path:
        write_atomic(path, self.epcis(code))
        return path


def _refusal(lot: Lot, plot: str, problem: GeoProblem) -> PlotRefusal:
    return PlotRefusal(lot.code, plot, problem.code, dict(problem.values))


def _step(lot: Lot, event: CustodyEvent) -> EpcisStep:
    moment = event.started or event.ended
    when = moment.utc if moment else datetime.fromisoformat(event.recorded_at)
    inputs: list[EpcisQuantity] = []
    outputs: list[EpcisQuantity] = []
    form_in = (event.form_in or CoffeeForm.GREEN).value
    form_out = (event.form_out or event.form_in or CoffeeForm.GREEN).value
    if event.kg_in is not None:
        inputs.append(EpcisQuantity(lot.id, form_in, event.kg_in))
    if event.kind is EventKind.SPLIT:
        outputs += [EpcisQuantity(s.lot_id, form_out, s.kg) for s in event.related]
    elif event.kind is EventKind.SPLIT_FROM:
        inputs = [EpcisQuantity(s.lot_id, form_in, s.kg) for s in event.related]
        if event.kg_out is not None:
            outputs.append(EpcisQuantity(lot.id, form_out, event.kg_out))
    else:
        if event.kind is EventKind.MERGE:
            inputs += [EpcisQuantity(s.lot_id, form_in, s.kg) for s in event.related]
            if event.unknown_origin_kg:
                inputs.append(EpcisQuantity("unknown-origin", form_in, event.unknown_origin_kg))
        if event.kg_out is not None:
            outputs.append(EpcisQuantity(lot.id, form_out, event.kg_out))
    return EpcisStep(
        event_id=event.id,
        kind="merge" if event.kind is EventKind.MERGE else event.kind.value,
        stage=event.stage,
        when=when,
        offset_minutes=moment.offset_minutes if moment else 0,
        inputs=tuple(inputs),
        outputs=tuple(outputs),
        place=event.place,
        responsible=event.responsible,
        content_hash=event.content_hash,
        prev_hash=event.prev_hash,
        amends=event.amends_id or "",
    )


__all__ = ["ExportRefused", "PlotRefusal", "ProvenanceExports"]
