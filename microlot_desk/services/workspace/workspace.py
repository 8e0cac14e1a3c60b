"""An open database with the services over it: what the app and the CLI work with.

The UI and the CLI hold a Workspace rather than the storage objects beneath it, so the storage
layer stays an implementation detail of the services. Services other than lots are made on
first use: printing loads fonts and cupping reads the form library, neither needed to start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from microlot_desk.clock import Clock
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.workspace import maintenance
from microlot_desk.storage.database import OpenDatabase, open_database

if TYPE_CHECKING:
    from microlot_desk.services.common.form_library import FormLibrary
    from microlot_desk.services.lots.lot_records import FormsProvider

_S = TypeVar("_S")

if TYPE_CHECKING:
    from microlot_desk.services.cupping.cupping_service import CuppingService
    from microlot_desk.services.exchange.station_identity import StationIdentity, TrustedStations
    from microlot_desk.services.printing.print_service import PrintService
    from microlot_desk.services.provenance.custody_service import CustodyService
    from microlot_desk.services.provenance.evidence_service import EvidenceService
    from microlot_desk.services.provenance.lineage_service import LineageService
    from microlot_desk.services.provenance.plot_service import PlotService
    from microlot_desk.services.provenance.provenance_exports import ProvenanceExports
    from microlot_desk.services.provenance.verdict_service import VerdictService
    from microlot_desk.services.workspace.evidence_repair import MovedFile


@dataclass
class Workspace:
    database: OpenDatabase
    lots: LotService
    lab_forms: Path | None = None  # a lab's own cupping-form templates, if it has any
    _printing: PrintService | None = field(default=None, repr=False)
    _cupping: CuppingService | None = field(default=None, repr=False)
    _services: dict[str, object] = field(default_factory=dict, repr=False)
    # The built-in forms and the lab's own, as the stored verdicts score them.
    forms_provider: FormsProvider = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The stored verdicts score cupping sessions on the lab's own forms too.
        lab_forms = self.lab_forms

        def forms() -> FormLibrary:
            from microlot_desk.services.common.form_library import load_form_library

            folder = lab_forms if lab_forms is not None and lab_forms.is_dir() else None
            return load_form_library(folder, skip_bad_lab_files=True)

        self.forms_provider = forms
        self.lots.use_forms(forms)

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def migrated_from(self) -> int | None:
        return self.database.migrated_from

    @property
    def printing(self) -> PrintService:
        if self._printing is None:
            from microlot_desk.services.printing.print_service import PrintService

            self._printing = PrintService(self.lots)
        return self._printing

    @property
    def custody(self) -> CustodyService:
        """Custody events of a lot: add, amend, history, chain status, mass balance."""
        from microlot_desk.services.provenance.custody_service import CustodyService

        return self._service("custody", lambda: CustodyService(self.lots))

    @property
    def lineage(self) -> LineageService:
        """Splitting a lot into sub-lots, recording a merge, a lot's lineage."""
        from microlot_desk.services.provenance.lineage_service import LineageService

        return self._service("lineage", lambda: LineageService(self.lots, self.custody))

    @property
    def evidence(self) -> EvidenceService:
        """Photos and documents, stored by hash under DATA/evidence."""
        from microlot_desk.services.provenance.evidence_service import EvidenceService

        return self._service("evidence", lambda: EvidenceService(self.lots))

    @property
    def plots(self) -> PlotService:
        """Plot geolocation: read, check (EUDR) and save a point or an outline."""
        from microlot_desk.services.provenance.plot_service import PlotService

        return self._service("plots", lambda: PlotService(self.lots))

    @property
    def verdicts(self) -> VerdictService:
        """The micro-lot verdict of a lot, its thresholds, and assessing older lots."""
        from microlot_desk.services.provenance.verdict_service import VerdictService

        return self._service("verdicts", lambda: VerdictService(self.lots))

    @property
    def provenance(self) -> ProvenanceExports:
        """EUDR GeoJSON, due-diligence JSON/CSV and EPCIS exports."""
        from microlot_desk.services.provenance.provenance_exports import ProvenanceExports

        return self._service(
            "provenance",
            lambda: ProvenanceExports(self.lots, self.plots, self.custody, self.evidence),
        )

    @property
    def trusted_stations(self) -> TrustedStations:
        """The stations whose signed records this station accepts."""
        from microlot_desk.services.exchange.station_identity import TrustedStations

        return self._service("trusted", lambda: TrustedStations(self.database))

    def station_identity(self) -> StationIdentity:
        """This station's name and key fingerprint (the key made if there is none yet)."""
        from microlot_desk.services.exchange.station_identity import station_identity

        return station_identity(self.database)

    def _service(self, name: str, make: Callable[[], _S]) -> _S:
        if name not in self._services:
            self._services[name] = make()
        return self._services[name]  # type: ignore[return-value]

    @property
    def cupping(self) -> CuppingService:
        if self._cupping is None:
            from microlot_desk.services.cupping.cupping_service import open_cupping

            self._cupping = open_cupping(self, self.lab_forms)
        return self._cupping

    def check(self) -> list[str]:
        """SQLite's own integrity and foreign-key check: ["ok"] or SQLite's lines."""
        return maintenance.check(self.database)

    def check_records(self) -> list[maintenance.RecordProblem]:
        """What `db check` finds beyond SQLite: custody chains that no longer match their
        hashes (an edit behind the app's back) or no longer hold what a printed sheet or the
        newest backup saw (a rewrite), evidence files missing or damaged, and files in the
        evidence store that no row names (left by a kill before a commit)."""
        from microlot_desk.services.provenance.chain_anchors import ChainAnchors

        return maintenance.check_records(
            self.custody, self.evidence, ChainAnchors(self.database, self.lots.clock)
        )

    def move_stray_evidence(self) -> list[MovedFile]:
        """`db check --repair`: the evidence files no row names moved into a quarantine folder
        (ReadOnlyDatabase, nothing moved, when another window has the file)."""
        from microlot_desk.services.workspace.evidence_repair import move_strays_aside

        return move_strays_aside(self.database, self.evidence)

    def backup_now(self) -> Path:
        return maintenance.backup_now(self.database)

    def backup_copy(self, reason: str = "manual") -> Path:
        """A backup through a connection of its own: safe to call from a worker thread."""
        return maintenance.backup_separately(self.database.path, reason, clock=self.database.clock)

    def backups(self) -> list[maintenance.BackupFile]:
        """Backups of this database, newest first."""
        return maintenance.list_backups(self.database.path)

    def close(self) -> None:
        self.database.close()


def open_workspace(
    database_path: Path, *, clock: Clock, read_only: bool = False, lab_forms: Path | None = None
) -> Workspace:
    """Open the database (see open_database for the checks and the errors) and its services."""
    database = open_database(database_path, clock=clock, read_only=read_only)
    try:
        return Workspace(database, LotService(database), lab_forms)
    except BaseException:
        database.close()
        raise
