"""score_sheet: from a template and a cupper's values to an exact, explained result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.cupping.errors import SheetError, ValueProblem
from microlot_desk.domain.cupping.formulas import FormulaOutcome, PenaltyLine, evaluate
from microlot_desk.domain.cupping.grading import GradeResult, assess_grade
from microlot_desk.domain.cupping.sheet_values import RecordedSheet, read_values
from microlot_desk.domain.cupping.sheet_warnings import ScoreWarning, sheet_warnings
from microlot_desk.domain.cupping.template import FormTemplate, LinearFormula, SectionKind


@dataclass(frozen=True)
class SectionScore:
    """One section of the breakdown: the recorded value (cups sections: cups that pass; None
    when left blank) and what it contributed to the formula (None when it is not in it)."""

    key: str
    kind: SectionKind
    value: Decimal | str | None
    points: Decimal | None


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of one sheet.

    final: the score (or full defects for green grading), None for record-only forms;
    unrounded: the exact value before the template's rounding; band: the band code, if any;
    sections: every section in form order; penalties: each per-cup subtraction;
    derived: quantities such as total, full_defects, category_1_full_defects;
    grades: verdicts such as specialty_grade; warnings: codes with data, in form order.
    """

    template_id: str
    template_version: int
    final: Decimal | None
    unrounded: Decimal | None
    band: str | None
    sections: tuple[SectionScore, ...]
    penalties: tuple[PenaltyLine, ...]
    derived: Mapping[str, Decimal]
    grades: tuple[GradeResult, ...]
    warnings: tuple[ScoreWarning, ...]

    def section(self, key: str) -> SectionScore:
        """The breakdown line of one section; KeyError when the form has no such section."""
        for line in self.sections:
            if line.key == key:
                return line
        raise KeyError(key)

    def grade(self, code: str) -> GradeResult:
        """The verdict of one grade; KeyError when the form has no such grade."""
        for result in self.grades:
            if result.code == code:
                return result
        raise KeyError(code)

    @property
    def warning_codes(self) -> tuple[str, ...]:
        """The warning codes alone, in order (handy for tests and logs)."""
        return tuple(warning.code for warning in self.warnings)


def score_sheet(template: FormTemplate, values: Mapping[str, object]) -> ScoreResult:
    """Score one sheet exactly. Raises SheetError listing every bad or missing value.

    The accepted shape of `values` is described in sheet_values; floats are refused.
    """
    sheet = read_values(template, values)
    outcome = evaluate(template, sheet)
    _refuse_below_minimum(template, sheet, outcome)
    sections = tuple(
        SectionScore(
            key=section.key,
            kind=section.kind,
            value=sheet.sections.get(section.key),
            points=outcome.points.get(section.key),
        )
        for section in template.sections
    )
    quantities: dict[str, Decimal] = {
        key: value for key, value in sheet.sections.items() if isinstance(value, Decimal)
    }
    quantities.update(outcome.derived)
    return ScoreResult(
        template_id=template.id,
        template_version=template.version,
        final=outcome.final,
        unrounded=outcome.unrounded,
        band=template.band_for(outcome.final) if outcome.final is not None else None,
        sections=sections,
        penalties=outcome.penalties,
        derived=outcome.derived,
        grades=tuple(assess_grade(grade, quantities) for grade in template.grades),
        warnings=sheet_warnings(template, sheet),
    )


def _refuse_below_minimum(
    template: FormTemplate, sheet: RecordedSheet, outcome: FormulaOutcome
) -> None:
    """SheetError when the penalties take the final below the form's lowest score; the problem
    names the penalised field and its cups, since only penalties can push a final that low."""
    formula = template.formula
    if not isinstance(formula, LinearFormula) or formula.minimum is None:
        return
    if outcome.unrounded is None or outcome.unrounded >= formula.minimum:
        return
    charged = [line for line in outcome.penalties if line.points > 0]
    key = charged[0].field if charged else formula.sum_of[0]
    cups = sheet.cup_marks[key].counted if key in sheet.cup_marks else None
    value = format(outcome.unrounded, "f")
    raise SheetError((ValueProblem(key, "final_below_minimum", value, cups or ()),))
