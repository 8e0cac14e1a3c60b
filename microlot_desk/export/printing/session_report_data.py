"""What a cupping session report is made from: plain, frozen data gathered by the services.

Blind means blind here too: while a blind session is not revealed (`hidden`), no sample carries
a lot code or name (the services leave them empty, and the report prints neither even if they
were set), so nothing on the pages or in the PDF's metadata names a lot.

Vocabulary is carried as keys (sample type, affiliation, band, protocol parameter) and named
through the caller's translated `labels`; the form's own words (section labels, descriptor
boxes) come in `names`, translated by the caller where it can (the GUI through Qt).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from microlot_desk.domain.cupping import (
    Cupper,
    CuppingSession,
    Deviation,
    Exclusion,
    FormTemplate,
    ImportedResult,
    PanelSummary,
    Reveal,
    ScoreResult,
    SheetState,
)
from microlot_desk.export.printing.sheet_data import Paper, TextFormats


@dataclass(frozen=True)
class ReportSheet:
    """One cupper's sheet for one sample: the stored values and notes (as the cupping services
    hand them), the result once complete, the sections still missing, the exclusion in force."""

    cupper: Cupper
    state: SheetState
    values: Mapping[str, object]
    notes: Mapping[str, str]
    result: ScoreResult | None
    missing: tuple[str, ...] = ()
    exclusion: Exclusion | None = None


@dataclass(frozen=True)
class ReportLine:
    """One sheet as the panel lists it: final, distance from the mean, flag, exclusion."""

    cupper: Cupper
    final: Decimal | None
    deviation: Decimal | None
    flagged: bool
    exclusion: Exclusion | None = None


@dataclass(frozen=True)
class ReportSample:
    """A sample on the table. `lot_code` and `lot_name` are "" while the session is hidden."""

    blind_code: str
    sample_type: str  # a SampleType value, named by labels["sample_type.<key>"]
    lot_code: str = ""
    lot_name: str = ""
    roast_date: date | None = None
    agtron_whole: Decimal | None = None
    agtron_ground: Decimal | None = None
    notes: str = ""
    summary: PanelSummary | None = None
    lines: tuple[ReportLine, ...] = ()
    imported: ImportedResult | None = None
    third_party: bool = False
    final_mean: Decimal | None = None
    sheets: tuple[ReportSheet, ...] = ()


@dataclass(frozen=True)
class SessionReportData:
    session: CuppingSession
    form: FormTemplate
    hidden: bool  # a blind session not yet revealed: codes only
    samples: tuple[ReportSample, ...]
    cuppers: tuple[Cupper, ...]
    labels: Mapping[str, str]
    generated_at: datetime
    app_version: str
    reveals: tuple[Reveal, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    # The form's words, translated: sections, cup fields and descriptor groups by key,
    # descriptor boxes as "box.<key>", per-cup choices (defect types) as "choice.<value>".
    names: Mapping[str, str] = field(default_factory=dict)
    flag_distance: Decimal = Decimal(2)
    language: str = "en"
    paper: Paper = "a4"
    formats: TextFormats = field(default_factory=TextFormats)

    def name(self, key: str, fallback: str = "") -> str:
        """The translated form word for a section, cup field, descriptor group or box."""
        return self.names.get(key) or fallback or key.replace("_", " ")

    def sample_label(self, sample: ReportSample) -> str:
        """How a sample is named: its blind code while hidden, else "code · lot code"."""
        if self.hidden or not sample.lot_code:
            return sample.blind_code
        return f"{sample.blind_code} · {sample.lot_code}"
