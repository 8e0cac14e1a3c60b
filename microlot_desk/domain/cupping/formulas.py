"""Evaluate a template's formula on a checked sheet, exactly (Decimal, one fixed context)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from microlot_desk.domain.cupping.decimals import exact, round_to_multiple
from microlot_desk.domain.cupping.sheet_values import RecordedSheet
from microlot_desk.domain.cupping.template import (
    FormTemplate,
    Formula,
    FullDefectsFormula,
    LinearFormula,
)


@dataclass(frozen=True)
class PenaltyLine:
    """A subtraction: `amount` (cups counted, or sum of levels) x `weight` = `points`."""

    field: str
    amount: int
    weight: Decimal
    points: Decimal


@dataclass(frozen=True)
class FormulaOutcome:
    """What a formula produced: the final (None for record-only forms), the exact value before
    rounding, each section's contribution, the penalties and the derived quantities."""

    final: Decimal | None = None
    unrounded: Decimal | None = None
    points: Mapping[str, Decimal] = field(default_factory=dict)
    penalties: tuple[PenaltyLine, ...] = ()
    derived: Mapping[str, Decimal] = field(default_factory=dict)


def evaluate(template: FormTemplate, sheet: RecordedSheet) -> FormulaOutcome:
    """Apply the template's formula to a sheet that read_values accepted."""
    formula: Formula = template.formula
    with exact():
        if isinstance(formula, LinearFormula):
            return _linear(template, formula, sheet)
        if isinstance(formula, FullDefectsFormula):
            return _full_defects(formula, sheet)
    return FormulaOutcome()


def _linear(template: FormTemplate, formula: LinearFormula, sheet: RecordedSheet) -> FormulaOutcome:
    points: dict[str, Decimal] = {}
    for key in formula.sum_of:
        section = template.section(key)
        value = sheet.sections[key]  # formula sections are required, so always recorded
        assert isinstance(value, Decimal)
        per_cup = section.points_per_cup
        points[key] = value * per_cup if per_cup is not None else value
    total = sum(points.values(), Decimal(0))
    penalties = tuple(
        PenaltyLine(
            field=penalty.field,
            amount=sheet.cup_marks[penalty.field].amount,
            weight=penalty.weight,
            points=penalty.weight * sheet.cup_marks[penalty.field].amount,
        )
        for penalty in formula.penalties
    )
    unrounded = (
        formula.multiplier * total + formula.offset - sum((p.points for p in penalties), Decimal(0))
    )
    final = unrounded
    if formula.round_to is not None and formula.rounding is not None:
        # Rounded once, after the penalties: the CVA rounds S, not its parts. (The built-in
        # penalties are whole numbers, so the order cannot change a built-in final.)
        final = round_to_multiple(unrounded, formula.round_to, formula.rounding)
    derived = {"total": total, "final": final}
    return FormulaOutcome(final, unrounded, points, penalties, derived)


def _full_defects(formula: FullDefectsFormula, sheet: RecordedSheet) -> FormulaOutcome:
    points: dict[str, Decimal] = {}
    full = {1: 0, 2: 0}
    beans = {1: 0, 2: 0}
    for rule in formula.defects:
        count = sheet.sections[rule.section]  # formula sections are required
        assert isinstance(count, Decimal)
        # Whole full defects per type, rounded down per type before summing (DOMAIN.md §4).
        whole = int(count) // rule.beans_per_full_defect
        points[rule.section] = Decimal(whole)
        full[rule.category] += whole
        beans[rule.category] += int(count)
    final = Decimal(full[1] + full[2])
    derived = {
        "final": final,
        "full_defects": final,
        "category_1_full_defects": Decimal(full[1]),
        "category_2_full_defects": Decimal(full[2]),
        "category_1_beans": Decimal(beans[1]),
        "category_2_beans": Decimal(beans[2]),
    }
    return FormulaOutcome(final, final, points, (), derived)
