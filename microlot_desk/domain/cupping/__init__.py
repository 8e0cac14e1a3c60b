"""Cupping forms as data, and exact scoring (pure: no I/O, no Qt, no database).

A form is a FormTemplate, read from JSON by parse_template (the built-in forms and a lab's own
are the same kind of file; services.common.form_library finds and reads them). score_sheet applies a
template to one cupper's values and returns a ScoreResult: the final (Decimal, never float),
the per-section breakdown, penalties, band, grade verdicts and warnings. panel_summary turns
several sheets into panel statistics with far-off cuppers flagged.

Errors carry codes and data, not sentences: TemplateError (path, reason), SheetError (every
ValueProblem at once), PanelError (reason).
"""

from microlot_desk.domain.cupping.blind_codes import NoCodeLeft, new_blind_code
from microlot_desk.domain.cupping.errors import (
    PanelError,
    SheetError,
    TemplateError,
    ValueProblem,
)
from microlot_desk.domain.cupping.formulas import PenaltyLine
from microlot_desk.domain.cupping.grading import GradeResult, RequirementResult
from microlot_desk.domain.cupping.panel import (
    FLAG_DISTANCE,
    PanelSheet,
    PanelSummary,
    SheetStanding,
    Stats,
    panel_summary,
)
from microlot_desk.domain.cupping.protocol import Deviation, Protocol, deviations
from microlot_desk.domain.cupping.scoring import ScoreResult, SectionScore, score_sheet
from microlot_desk.domain.cupping.session_panel import (
    PanelLine,
    SamplePanelResult,
    ScoredSheet,
    SessionRecord,
    SheetState,
    score_stored,
    session_panels,
)
from microlot_desk.domain.cupping.sessions import (
    Affiliation,
    Cupper,
    CuppingSession,
    Exclusion,
    ExclusionAction,
    ImportedResult,
    LotLabel,
    Reveal,
    Sample,
    SampleType,
    SessionOverview,
    Sheet,
)
from microlot_desk.domain.cupping.sheet_codec import check_field, decode_values, encode_field
from microlot_desk.domain.cupping.sheet_values import (
    CupMark,
    CupMarks,
    RecordedSheet,
    check_values,
    read_values,
)
from microlot_desk.domain.cupping.sheet_warnings import ScoreWarning
from microlot_desk.domain.cupping.template import (
    TEMPLATE_FORMAT,
    Band,
    CupField,
    DefectRule,
    Descriptor,
    DescriptorGroup,
    FormTemplate,
    Formula,
    FullDefectsFormula,
    Grade,
    Implication,
    LinearFormula,
    MarkKind,
    NoFormula,
    NumberRange,
    Penalty,
    Requirement,
    Section,
    SectionKind,
    Status,
)
from microlot_desk.domain.cupping.template_parser import parse_template

__all__ = [
    "FLAG_DISTANCE",
    "TEMPLATE_FORMAT",
    "Affiliation",
    "Band",
    "CupField",
    "CupMark",
    "CupMarks",
    "Cupper",
    "CuppingSession",
    "DefectRule",
    "Descriptor",
    "DescriptorGroup",
    "Deviation",
    "Exclusion",
    "ExclusionAction",
    "FormTemplate",
    "Formula",
    "FullDefectsFormula",
    "Grade",
    "GradeResult",
    "Implication",
    "ImportedResult",
    "LinearFormula",
    "LotLabel",
    "MarkKind",
    "NoCodeLeft",
    "NoFormula",
    "NumberRange",
    "PanelError",
    "PanelLine",
    "PanelSheet",
    "PanelSummary",
    "Penalty",
    "PenaltyLine",
    "Protocol",
    "RecordedSheet",
    "Requirement",
    "RequirementResult",
    "Reveal",
    "Sample",
    "SamplePanelResult",
    "SampleType",
    "ScoreResult",
    "ScoreWarning",
    "ScoredSheet",
    "Section",
    "SectionKind",
    "SectionScore",
    "SessionOverview",
    "SessionRecord",
    "Sheet",
    "SheetError",
    "SheetStanding",
    "SheetState",
    "Stats",
    "Status",
    "TemplateError",
    "ValueProblem",
    "check_field",
    "check_values",
    "decode_values",
    "deviations",
    "encode_field",
    "new_blind_code",
    "panel_summary",
    "parse_template",
    "read_values",
    "score_sheet",
    "score_stored",
    "session_panels",
]
