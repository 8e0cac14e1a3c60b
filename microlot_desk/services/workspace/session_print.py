"""Printed documents of cupping: a session's report, labels for its samples' bags and bowls, and
the blank paper form of a cupping template.

Reading a session (one quick pass over the database) and building the PDF are separate steps,
so the GUI can read on its own thread and build in a worker: `report_data` / `render_report`,
`sample_labels` / `render_labels`, `form_template` / `render_blank_form`. The `export_*`
methods do both and write the file atomically. Blind means blind: while a blind session is not
revealed, the report and the labels carry the samples' blind codes and nothing that names a lot.
Reading only: nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from microlot_desk import __version__
from microlot_desk.atomic_files import write_atomic
from microlot_desk.clock import Clock
from microlot_desk.domain.cupping import FormTemplate, Reveal
from microlot_desk.domain.cupping.panel import FLAG_DISTANCE
from microlot_desk.export.printing.blank_form import build_blank_form
from microlot_desk.export.printing.labels import (
    LABEL_SHEETS,
    LabelResult,
    SampleLabel,
    blind_label,
    build_labels,
)
from microlot_desk.export.printing.pdf_text import UncoveredText
from microlot_desk.export.printing.qr import lot_payload
from microlot_desk.export.printing.session_report import ReportResult, build_session_report
from microlot_desk.export.printing.session_report_data import (
    ReportLine,
    ReportSample,
    ReportSheet,
    SessionReportData,
)
from microlot_desk.export.printing.sheet_data import Paper
from microlot_desk.services.common.cupping_views import SamplePanel, SessionView
from microlot_desk.services.common.form_library import UnknownFormError
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.printing.print_service import PrintOptions, UnknownForm, WrittenFile
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.storage.cupping_repository import CuppingRepository

RevealLog = Callable[[str], Sequence[Reveal]]
FormWords = Callable[[str], str]
"""Translates a form's own words (the GUI passes Qt's translator, context "forms")."""


@dataclass(frozen=True)
class BlankForm:
    pdf: bytes
    warnings: tuple[UncoveredText, ...]


def render_report(data: SessionReportData) -> ReportResult:
    """Build the report from gathered data; no database, so it may run on any thread."""
    return build_session_report(data)


def render_labels(
    labels: Sequence[SampleLabel],
    options: PrintOptions,
    *,
    sheet: str = "a4-3x8",
    skip: int = 0,
    title: str = "",
    app_version: str = __version__,
) -> LabelResult:
    """Lay the labels out on a sheet of `LABEL_SHEETS`; no database, any thread."""
    return build_labels(
        labels,
        LABEL_SHEETS[sheet],
        skip=skip,
        title=title,
        language=options.language,
        creator=f"microlot_desk {app_version}",
    )


def render_blank_form(
    template: FormTemplate, options: PrintOptions, app_version: str = __version__
) -> BlankForm:
    """The blank paper form of a template; no database, any thread."""
    pdf, warnings = build_blank_form(
        template,
        options.labels,
        paper=options.paper,
        formats=options.formats,
        language=options.language,
        app_version=app_version,
    )
    return BlankForm(pdf, warnings)


def label_sheets() -> dict[str, int]:
    """The label sheets there are, by key, with how many labels a page holds."""
    return {key: sheet.per_page for key, sheet in LABEL_SHEETS.items()}


def default_label_sheet(paper: Paper) -> str:
    """The first label sheet on this paper (A4 3 x 8, Letter 3 x 10)."""
    return next((key for key, sheet in LABEL_SHEETS.items() if sheet.paper == paper), "a4-3x8")


def report_file_name(data: SessionReportData) -> str:
    """`session-<date>-<first 8 of the id>.pdf`: never a lot code, never a path."""
    return f"session-{data.session.held_on.isoformat()}-{data.session.id[:8]}.pdf"


class SessionPrintService:
    def __init__(
        self,
        cupping: CuppingService,
        *,
        reveal_log: RevealLog | None = None,
        clock: Clock | None = None,
        app_version: str = __version__,
    ) -> None:
        self._cupping = cupping
        self._reveal_log = reveal_log
        self._clock = clock or cupping.clock
        self.app_version = app_version

    # ---- the session report --------------------------------------------------------------

    def report_data(
        self, session_id: str, options: PrintOptions, *, form_words: FormWords | None = None
    ) -> SessionReportData:
        """Everything the report shows, read in one go (NotFound for an unknown session)."""
        board = self._cupping.open_session(session_id)
        view = board.view
        return SessionReportData(
            session=view.session,
            form=view.form,
            hidden=view.hidden,
            samples=tuple(self._sample(panel, view.hidden) for panel in board.panels),
            cuppers=view.cuppers,
            labels=options.labels,
            generated_at=self._clock(),
            app_version=self.app_version,
            reveals=self._reveals(view),
            deviations=view.deviations,
            names=form_names(view.form, form_words),
            flag_distance=FLAG_DISTANCE,
            language=options.language,
            paper=options.paper,
            formats=options.formats,
        )

    def _reveals(self, view: SessionView) -> tuple[Reveal, ...]:
        if self._reveal_log is not None:
            return tuple(self._reveal_log(view.session.id))
        return (view.reveal,) if view.reveal is not None else ()

    def _sample(self, panel: SamplePanel, hidden: bool) -> ReportSample:
        sample = panel.sample
        lot = None if hidden else sample.lot
        sheets = []
        for line in panel.lines:
            sheet = self._cupping.sheets.result(line.sheet_id)
            if sheet.state == "empty" and not any(sheet.notes.values()):
                continue
            sheets.append(
                ReportSheet(
                    line.cupper,
                    sheet.state,
                    sheet.values,
                    sheet.notes,
                    sheet.result,
                    sheet.missing,
                    sheet.exclusion,
                )
            )
        return ReportSample(
            blind_code=sample.blind_code,
            sample_type=sample.sample_type.value,
            lot_code=lot.code if lot is not None else "",
            lot_name=lot.name if lot is not None else "",
            roast_date=sample.roast_date,
            agtron_whole=sample.agtron_whole,
            agtron_ground=sample.agtron_ground,
            notes=sample.notes,
            summary=panel.summary,
            lines=tuple(
                ReportLine(line.cupper, line.final, line.deviation, line.flagged, line.exclusion)
                for line in panel.lines
            ),
            imported=panel.imported,
            third_party=panel.third_party,
            final_mean=panel.final_mean,
            sheets=tuple(sheets),
        )

    def export_report(self, session_id: str, path: Path, options: PrintOptions) -> WrittenFile:
        result = render_report(self.report_data(session_id, options))
        write_atomic(path, result.pdf)
        return WrittenFile(path, session_id, warnings=result.warnings)

    # ---- labels --------------------------------------------------------------------------

    def cups_per_sample(self, session_id: str) -> int:
        """Bowls per sample: the session's protocol, else the form's cups, else 5."""
        view = self._cupping.session(session_id)
        return view.session.protocol.cups_per_sample or view.form.cups or 5

    def sample_labels(
        self, session_id: str, options: PrintOptions, *, copies: int = 1
    ) -> tuple[SampleLabel, ...]:
        """`copies` labels per sample in table order: the blind code only (QR MLB1|code) while
        the session is hidden; else the lot code, sample type, lot name and session date."""
        view = self._cupping.session(session_id)
        labels = []
        for sample in view.samples:
            if view.hidden or sample.lot is None:
                label = blind_label(sample.blind_code)
            else:
                kind = sample.sample_type.value
                lines = (
                    options.labels.get(f"sample_type.{kind}") or kind.replace("_", " "),
                    sample.lot.name,
                    f"{options.formats.day(view.session.held_on)} · {sample.blind_code}",
                )
                payload = lot_payload(sample.lot.code, sample.lot.id)
                label = SampleLabel(sample.lot.code, tuple(x for x in lines if x), payload)
            labels.extend([label] * copies)
        return tuple(labels)

    def labels_title(self, session_id: str) -> str:
        """The labels PDF's title: the session's date and codes (lot codes once revealed)."""
        view = self._cupping.session(session_id)
        codes = ", ".join(sample.label for sample in view.samples)
        return f"{view.session.held_on.isoformat()} {codes}".strip()

    def export_labels(
        self,
        session_id: str,
        path: Path,
        *,
        sheet: str = "a4-3x8",
        copies: int = 1,
        skip: int = 0,
        options: PrintOptions,
    ) -> tuple[WrittenFile, LabelResult]:
        labels = self.sample_labels(session_id, options, copies=copies)
        result = render_labels(
            labels,
            options,
            sheet=sheet,
            skip=skip,
            title=self.labels_title(session_id),
            app_version=self.app_version,
        )
        write_atomic(path, result.pdf)
        return WrittenFile(path, sheet, warnings=result.warnings), result

    # ---- blank forms ---------------------------------------------------------------------

    def forms(self) -> tuple[FormTemplate, ...]:
        """The templates a blank form can be printed for (built-in and the lab's own), each
        at its newest version."""
        library = self._cupping.forms
        return tuple(library.get(form_id) for form_id in library.ids())

    def form_template(self, form_id: str) -> FormTemplate:
        """The newest version of a template; UnknownForm lists the ids there are."""
        library = self._cupping.forms
        try:
            return library.get(form_id)
        except UnknownFormError:
            raise UnknownForm(form=form_id, available=", ".join(library.ids())) from None


def form_names(form: FormTemplate, words: FormWords | None = None) -> dict[str, str]:
    """The form's own words by key (see SessionReportData.names), through `words` if given."""
    say = words or (lambda text: text)
    names = {section.key: say(section.label) for section in form.sections}
    names.update((cup_field.key, say(cup_field.label)) for cup_field in form.cup_fields)
    for group in form.descriptors:
        names[group.key] = say(group.label)
        for choice in group.choices:
            names[f"box.{choice.key}"] = say(choice.label)
            names.update((f"box.{c.key}", say(c.label)) for c in choice.children)
    return names


def session_printing(workspace: Workspace, *, clock: Clock | None = None) -> SessionPrintService:
    """The service over a workspace, with the session's whole reveal log from its database."""
    repository = CuppingRepository(workspace.database)
    return SessionPrintService(workspace.cupping, reveal_log=repository.reveals_of, clock=clock)
