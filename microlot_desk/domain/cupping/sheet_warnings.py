"""Warnings on a valid sheet: things a cupper should look at again, which do not block a score.

Codes:
- below_warn: a score below the section's warn_below (SCA 2004 quality attributes below 6).
- defect_type_missing: cups marked in a choice field with no type chosen; not counted.
- implied_mark_missing: cups marked in a field (defective) but not in the field it implies
  (non-uniform), so the sheet is incoherent unless every cup is marked alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.cupping.sheet_values import CupMarks, RecordedSheet
from microlot_desk.domain.cupping.template import CupField, FormTemplate


@dataclass(frozen=True)
class ScoreWarning:
    """A warning code with its data: the section or field, cups (1-based), value and limit,
    and for implied_mark_missing the field that should also be marked (`related`)."""

    code: str
    key: str
    cups: tuple[int, ...] = ()
    value: Decimal | None = None
    limit: Decimal | None = None
    related: str | None = None


def sheet_warnings(template: FormTemplate, sheet: RecordedSheet) -> tuple[ScoreWarning, ...]:
    """Every warning for a sheet read_values accepted, in form order."""
    found: list[ScoreWarning] = []
    for section in template.sections:
        value = sheet.sections.get(section.key)
        limit = section.warn_below
        if limit is not None and isinstance(value, Decimal) and value < limit:
            found.append(ScoreWarning("below_warn", section.key, value=value, limit=limit))
    for field in template.cup_fields:
        marks = sheet.cup_marks[field.key]
        if marks.untyped:
            found.append(ScoreWarning("defect_type_missing", field.key, cups=marks.untyped))
        if field.implies is not None:
            target = sheet.cup_marks[field.implies.field]
            warning = _implication(field, marks, target, template.cups or 0)
            if warning is not None:
                found.append(warning)
    return tuple(found)


def _implication(
    field: CupField, marks: CupMarks, target: CupMarks, cups: int
) -> ScoreWarning | None:
    assert field.implies is not None
    related = field.implies.field
    counted = marks.counted
    marked = marks.amount if counted is None else len(counted)
    if marked == 0:
        return None
    # Flags given as a count are alike when every cup is marked; per-cup marks when every cup
    # counts and carries the same mark (all moldy). Then the cups are uniform with each other.
    alike = marked == cups and (counted is None or len(set(marks.per_cup or ())) == 1)
    if field.implies.unless_all_cups_alike and alike:
        return None
    if counted is not None and target.per_cup is not None:
        missing = tuple(cup for cup in counted if not target.per_cup[cup - 1])
    else:
        # Only a count is known on one side: a count marks the first that many cups (as the
        # score request reads it), so the cups beyond the implied field's count are named.
        marked_cups = counted if counted is not None else tuple(range(1, marked + 1))
        missing = marked_cups[target.amount :]
    if not missing:
        return None
    return ScoreWarning("implied_mark_missing", field.key, cups=missing, related=related)
