"""Check a sheet's values against its template and normalise them.

Accepted values, by what the key names:
- score, intensity, measure section: Decimal, int or plain decimal text ("8.75"); never float.
- count section: a whole number in the same forms.
- cups section: how many cups pass (int), or one bool per cup (True = the cup passes).
- choice section: one of the section's choices.
- flag cup field: how many cups are marked (int), or one bool/None per cup.
- choice cup field: one entry per cup: None/False (not marked), True (marked, no type chosen:
  kept, but not counted), or one of the field's choices.
- level cup field: one entry per cup: None/0 (not marked) or an int within the levels.
- descriptor group: a list of box keys.
Sections a template marks optional, cup fields and descriptor groups may be left out (None is
the same as leaving a key out). Free-text notes are not values: they are stored beside the
sheet and never scored. Every problem is collected, so a form can highlight all the bad
sections at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeGuard

from microlot_desk.domain.cupping.decimals import is_integral, parse_value, unreadable_reason
from microlot_desk.domain.cupping.errors import SheetError, ValueProblem
from microlot_desk.domain.cupping.template import (
    CupField,
    DescriptorGroup,
    FormTemplate,
    Section,
)

CupMark = bool | str | int
"""A normalised per-cup mark: bool for flags, bool or a choice for choices, int for levels."""


@dataclass(frozen=True)
class CupMarks:
    """One cup field of a sheet. `per_cup` is None when only a count was given."""

    per_cup: tuple[CupMark, ...] | None
    amount: int  # what penalties multiply: cups counted, or the sum of levels
    counted: tuple[int, ...] | None  # 1-based cups that count; None when only a count was given
    untyped: tuple[int, ...] = ()  # 1-based cups marked in a choice field with no type chosen


@dataclass(frozen=True)
class RecordedSheet:
    """A sheet's values after checking: sections recorded (cups sections as cups passing),
    every cup field of the template, every descriptor group (possibly empty)."""

    sections: Mapping[str, Decimal | str]
    cup_marks: Mapping[str, CupMarks]
    descriptors: Mapping[str, tuple[str, ...]]


class _Problem(Exception):
    """Internal: one value's problem, raised by a reader and collected by read_values."""

    def __init__(self, code: str, value: object = "", cups: tuple[int, ...] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.value = _show(value)
        self.cups = cups


def check_values(template: FormTemplate, values: Mapping[str, object]) -> tuple[ValueProblem, ...]:
    """Every problem with the values, in form order; empty when the sheet can be scored."""
    try:
        read_values(template, values)
    except SheetError as error:
        return error.problems
    return ()


def read_values(template: FormTemplate, values: Mapping[str, object]) -> RecordedSheet:
    """The normalised sheet; SheetError listing every problem when any value is wrong."""
    cups = template.cups or 0
    problems: list[ValueProblem] = []
    sections: dict[str, Decimal | str] = {}
    cup_marks: dict[str, CupMarks] = {}
    descriptors: dict[str, tuple[str, ...]] = {}
    for section in template.sections:
        raw = values.get(section.key)  # None is a blank field, as if the key were absent
        if raw is None and not section.required:
            continue
        with _collect(problems, section.key):
            if raw is None:
                raise _Problem("missing")
            sections[section.key] = _read_section(section, raw, cups)
    for field in template.cup_fields:
        with _collect(problems, field.key):
            cup_marks[field.key] = _read_cup_field(field, values.get(field.key), cups)
    problems.extend(_exclusion_problems(template, cup_marks))
    for group in template.descriptors:
        with _collect(problems, group.key):
            descriptors[group.key] = _read_descriptors(group, values.get(group.key))
    known = {s.key for s in template.sections}
    known |= {f.key for f in template.cup_fields} | {g.key for g in template.descriptors}
    problems.extend(ValueProblem(str(key), "unknown_key") for key in values if key not in known)
    if problems:
        raise SheetError(tuple(problems))
    return RecordedSheet(sections, cup_marks, descriptors)


@contextmanager
def _collect(problems: list[ValueProblem], key: str) -> Iterator[None]:
    """Turn one value's _Problem into a ValueProblem and carry on with the next value."""
    try:
        yield
    except _Problem as problem:
        problems.append(ValueProblem(key, problem.code, problem.value, problem.cups))


def _read_section(section: Section, raw: object, cups: int) -> Decimal | str:
    if section.kind == "choice":
        if not isinstance(raw, str):
            raise _Problem("wrong_type", raw)
        if raw not in section.choices:
            raise _Problem("unknown_choice", raw)
        return raw
    if section.kind == "cups" and _is_sequence(raw):
        marks = _per_cup(raw, cups)
        if not all(isinstance(mark, bool) for mark in marks):
            raise _Problem("wrong_type", raw)
        return Decimal(sum(1 for mark in marks if mark))
    value = parse_value(raw)
    if value is None:
        raise _Problem(unreadable_reason(raw), raw)
    assert section.range is not None  # every numeric kind has one (template_parser)
    if section.kind in ("cups", "count") and not is_integral(value):
        raise _Problem("not_an_integer", raw)
    if not section.range.contains(value):
        raise _Problem("out_of_range", raw)
    if not section.range.on_step(value):
        raise _Problem("off_step", raw)
    return value


def _exclusion_problems(
    template: FormTemplate, cup_marks: Mapping[str, CupMarks]
) -> list[ValueProblem]:
    """Cups marked in two fields that exclude each other (tainted and faulty), named by cup
    when the marks are per cup, else by how many cups the counts add up to."""
    found: list[ValueProblem] = []
    for field in template.cup_fields:
        if field.excludes is None:
            continue
        mine, theirs = cup_marks.get(field.key), cup_marks.get(field.excludes)
        if mine is None or theirs is None:
            continue  # one of them is already refused for its own reason
        if mine.counted is not None and theirs.counted is not None:
            both = tuple(sorted(set(mine.counted) & set(theirs.counted)))
            if both:
                found.append(ValueProblem(field.key, "marked_in_both", cups=both))
            continue
        together = len(_cups_marked(mine)) + len(_cups_marked(theirs))
        if together > (template.cups or 0):
            found.append(ValueProblem(field.key, "too_many_cups", str(together)))
    return found


def _cups_marked(marks: CupMarks) -> tuple[int, ...] | range:
    return marks.counted if marks.counted is not None else range(marks.amount)


def _read_cup_field(field: CupField, raw: object, cups: int) -> CupMarks:
    if raw is None:
        empty: CupMark = 0 if field.marks == "level" else False
        return CupMarks(per_cup=(empty,) * cups, amount=0, counted=())
    if field.marks == "flag" and _is_int(raw):
        if not 0 <= raw <= cups:
            raise _Problem("out_of_range", raw)
        return CupMarks(per_cup=None, amount=raw, counted=None)
    if not _is_sequence(raw):
        raise _Problem("wrong_type", raw)
    marks = _per_cup(raw, cups)
    if field.marks == "flag":
        bad = _cups_where(marks, lambda mark: mark is not None and not isinstance(mark, bool))
        if bad:
            raise _Problem("wrong_type", raw, bad)
        flags = tuple(bool(mark) for mark in marks)
        counted = _cups_where(flags, lambda mark: mark is True)
        return CupMarks(per_cup=flags, amount=len(counted), counted=counted)
    if field.marks == "choice":
        return _read_choices(field, marks, raw)
    return _read_levels(field, marks, raw)


def _read_choices(field: CupField, marks: Sequence[object], raw: object) -> CupMarks:
    bad = _cups_where(
        marks, lambda mark: not (mark is None or isinstance(mark, bool) or mark in field.choices)
    )
    if bad:
        raise _Problem("unknown_choice", raw, bad)
    normalised = tuple(mark if isinstance(mark, str) else bool(mark) for mark in marks)
    # A cup marked without a type is kept (the cupper did mark it) but does not count: the
    # CVA rule counts a defective cup only once its defect type is chosen.
    untyped = _cups_where(normalised, lambda mark: mark is True)
    typed = _cups_where(normalised, lambda mark: isinstance(mark, str))
    return CupMarks(per_cup=normalised, amount=len(typed), counted=typed, untyped=untyped)


def _read_levels(field: CupField, marks: Sequence[object], raw: object) -> CupMarks:
    levels = field.levels
    assert levels is not None  # a level field always has levels (template_parser)
    normalised: list[int] = []
    for mark in marks:
        if mark is None:
            normalised.append(0)
        elif _is_int(mark) and (mark == 0 or levels.contains(Decimal(mark))):
            normalised.append(mark)
        else:
            normalised.append(-1)
    bad = _cups_where(normalised, lambda mark: mark == -1)
    if bad:
        raise _Problem("bad_level", raw, bad)
    counted = _cups_where(normalised, lambda mark: mark != 0)
    return CupMarks(per_cup=tuple(normalised), amount=sum(normalised), counted=counted)


def _read_descriptors(group: DescriptorGroup, raw: object) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not _is_sequence(raw):
        raise _Problem("wrong_type", raw)
    chosen = tuple(item for item in raw if isinstance(item, str))
    if len(chosen) != len(raw):
        raise _Problem("wrong_type", raw)
    allowed = set(group.keys())
    for item in chosen:
        if item not in allowed:
            raise _Problem("unknown_choice", item)
    if len(set(chosen)) != len(chosen):
        raise _Problem("duplicate_choice", raw)
    if len(chosen) > group.max_selected:
        raise _Problem("too_many_selected", len(chosen))
    return chosen


def _is_sequence(raw: object) -> TypeGuard[Sequence[object]]:
    # Text is a sequence to Python, but "moldy" is not five cups.
    return isinstance(raw, Sequence) and not isinstance(raw, str | bytes)


def _per_cup(raw: Sequence[object], cups: int) -> Sequence[object]:
    if len(raw) != cups:
        raise _Problem("wrong_cup_count", len(raw))
    return raw


def _cups_where(marks: Sequence[object], test: Callable[[object], bool]) -> tuple[int, ...]:
    return tuple(index + 1 for index, mark in enumerate(marks) if test(mark))


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)  # True is an int to Python


def _show(value: object) -> str:
    """The offending value as short text for the message (a pasted essay is cut)."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
