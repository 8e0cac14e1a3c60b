"""The shape of a cupping form, as data.

A template says which sections a sheet has, which values each accepts, which per-cup marks
are recorded and how the final score follows from them. Built-in forms (SCA 2004, CVA, Cup of
Excellence, Fine Robusta, green grading) and a lab's own forms are all instances of these
classes, read from JSON by `parse_template`; nothing about a particular form is coded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from microlot_desk.domain.cupping.decimals import RoundingMode, is_on_step

TEMPLATE_FORMAT = 1
"""Version of the template file format itself; files of a newer format are refused."""

SectionKind = Literal["score", "cups", "intensity", "count", "measure", "choice"]
"""score: a number the formula adds; cups: cups that pass x points per cup; intensity: a mark
recorded but not scored; count: a whole number >= 0 (beans, quakers); measure: a recorded
physical number (moisture %); choice: one term from a list (colour)."""

MarkKind = Literal["flag", "choice", "level"]
"""Per-cup marks. flag: marked or not; choice: marked with a type (a cup counts only once a
type is chosen); level: an intensity per cup (0 = not marked)."""

Status = Literal["met", "not_met", "not_recorded"]

DERIVED_QUANTITIES: tuple[str, ...] = (
    "final",
    "total",
    "full_defects",
    "category_1_full_defects",
    "category_2_full_defects",
    "category_1_beans",
    "category_2_beans",
)
"""Names a formula may compute; reserved, so no section can be confused with them."""


@dataclass(frozen=True)
class NumberRange:
    """Allowed values minimum..maximum (inclusive) on a grid of `step` from minimum."""

    minimum: Decimal
    maximum: Decimal | None  # None only for counts with no upper bound
    step: Decimal

    def contains(self, value: Decimal) -> bool:
        """True when value lies within the bounds."""
        return self.minimum <= value and (self.maximum is None or value <= self.maximum)

    def on_step(self, value: Decimal) -> bool:
        """True when value is minimum plus a whole number of steps."""
        return is_on_step(value, self.minimum, self.step)


@dataclass(frozen=True)
class Section:
    """One line of the form. `range` is set for every kind but choice; for cups it is the
    number of cups that pass (0..cups, step 1)."""

    key: str
    label: str
    kind: SectionKind
    required: bool
    range: NumberRange | None = None
    warn_below: Decimal | None = None
    points_per_cup: Decimal | None = None
    unit: str | None = None
    choices: tuple[str, ...] = ()
    attached_to: str | None = None  # an intensity drawn beside the section it qualifies

    @property
    def numeric(self) -> bool:
        """True for every kind that records a number."""
        return self.kind != "choice"


@dataclass(frozen=True)
class Implication:
    """A cup marked in the owning field should also be marked in `field` (a defective cup is
    non-uniform), except, when `unless_all_cups_alike`, if every cup is marked the same way."""

    field: str
    unless_all_cups_alike: bool


@dataclass(frozen=True)
class CupField:
    """Per-cup marks such as taint cups, non-uniform cups or defective cups with a type."""

    key: str
    label: str
    marks: MarkKind
    choices: tuple[str, ...] = ()
    levels: NumberRange | None = None  # for level marks: the allowed intensities (e.g. 1..3)
    implies: Implication | None = None
    # A cup marked here may not also be marked in this field: a 2004 cup is tainted or faulty,
    # never both, so together they can never mark more cups than the sample has.
    excludes: str | None = None


@dataclass(frozen=True)
class Descriptor:
    """A check-all-that-apply box; a category box may have finer boxes under it."""

    key: str
    label: str
    children: tuple[Descriptor, ...] = ()


@dataclass(frozen=True)
class DescriptorGroup:
    """A check-all-that-apply list; every ticked box, category or term, counts to the limit."""

    key: str
    label: str
    max_selected: int
    choices: tuple[Descriptor, ...]

    def keys(self) -> tuple[str, ...]:
        """Every box's key, categories first then their terms, in form order."""
        found: list[str] = []
        for choice in self.choices:
            found.append(choice.key)
            found.extend(child.key for child in choice.children)
        return tuple(found)


@dataclass(frozen=True)
class Penalty:
    """weight x (cups counted in a cup field, or the sum of their levels), subtracted."""

    field: str
    weight: Decimal


@dataclass(frozen=True)
class LinearFormula:
    """final = multiplier x sum(points of sum_of) + offset - penalties, optionally rounded to a
    multiple of round_to. SCA 2004, CVA affective, Cup of Excellence and Fine Robusta."""

    sum_of: tuple[str, ...]
    multiplier: Decimal
    offset: Decimal
    penalties: tuple[Penalty, ...]
    round_to: Decimal | None
    rounding: RoundingMode | None
    # The lowest final the form allows; a sheet whose defects push it lower is refused, since
    # such a sheet cannot have been scored as the form reads (Cup of Excellence: 0).
    minimum: Decimal | None = None


@dataclass(frozen=True)
class DefectRule:
    """Beans of one defect type: `beans_per_full_defect` of them make one full defect."""

    section: str
    category: Literal[1, 2]
    beans_per_full_defect: int


@dataclass(frozen=True)
class FullDefectsFormula:
    """Green grading: per type floor(count / beans_per_full_defect), summed; final = total."""

    defects: tuple[DefectRule, ...]


@dataclass(frozen=True)
class NoFormula:
    """A form that records without scoring (CVA descriptive)."""


Formula = LinearFormula | FullDefectsFormula | NoFormula


@dataclass(frozen=True)
class Band:
    """A named range of finals; the first band whose minimum the final reaches applies."""

    code: str
    minimum: Decimal | None  # None: the catch-all last band


@dataclass(frozen=True)
class Requirement:
    """A bound on a section value or a derived quantity (min/max inclusive, below/above strict)."""

    code: str
    of: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    below: Decimal | None = None
    above: Decimal | None = None

    def holds(self, value: Decimal) -> bool:
        """True when value satisfies every bound given."""
        return (
            (self.minimum is None or value >= self.minimum)
            and (self.maximum is None or value <= self.maximum)
            and (self.below is None or value < self.below)
            and (self.above is None or value > self.above)
        )


@dataclass(frozen=True)
class Grade:
    """A verdict made of requirements, e.g. the specialty grade of green coffee."""

    code: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class FormTemplate:
    """A complete form: identity, sections in form order, per-cup fields, descriptors, formula."""

    id: str
    name: str
    version: int
    sections: tuple[Section, ...]
    formula: Formula
    cups: int | None = None
    cup_fields: tuple[CupField, ...] = ()
    descriptors: tuple[DescriptorGroup, ...] = ()
    bands: tuple[Band, ...] = ()
    grades: tuple[Grade, ...] = ()
    description: str = ""

    @property
    def scored(self) -> bool:
        """False for record-only forms, whose sheets have no final score."""
        return not isinstance(self.formula, NoFormula)

    def section(self, key: str) -> Section:
        """The section with this key; KeyError when there is none."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def band_for(self, final: Decimal) -> str | None:
        """The code of the band this final falls in, None when no band applies."""
        for band in self.bands:
            if band.minimum is None or final >= band.minimum:
                return band.code
        return None
