"""Errors the cupping services raise for the user to act on (codes with data; English text for
each code is in messages.py).

A refused sheet value names the section and the reason, with the numbers a message needs, so
the entry screen can put the message beside the field and the CLI can list every bad section.
"""

from __future__ import annotations

from decimal import Decimal

from microlot_desk.domain.cupping import FormTemplate, Section, ValueProblem
from microlot_desk.domain.cupping.sheet_codec import field_label
from microlot_desk.errors import KnownError


class SheetValueRefused(KnownError):
    """One sheet field's value does not fit the form; nothing was saved.

    `code` is "sheet_" + the domain's ValueProblem code (sheet_out_of_range, sheet_off_step,
    ...); params: section (key), label, value, and where they apply min, max, step, allowed,
    cups, max_selected, related (the field a cup field excludes), lowest (the lowest final).
    """

    code = "sheet_value_refused"

    def __init__(self, reason: str, **params: object) -> None:
        self.code = f"sheet_{reason}"
        super().__init__(**params)
        self.reason = reason
        self.section = str(params.get("section", ""))


class SheetRefused(KnownError):
    """A whole sheet could not be scored: `refusals` holds one SheetValueRefused per problem."""

    code = "sheet_refused"

    def __init__(self, refusals: tuple[SheetValueRefused, ...], form: str) -> None:
        super().__init__(form=form, count=len(refusals))
        self.refusals = refusals


class SheetAlreadyExcluded(KnownError):
    """The sheet is already left out of the panel (params: sheet)."""

    code = "sheet_already_excluded"


class SheetNotExcluded(KnownError):
    """The sheet already counts in the panel; there is nothing to take back (params: sheet)."""

    code = "sheet_not_excluded"


class CupperAlreadyInSession(KnownError):
    """The cupper is already on this session's panel (params: name)."""

    code = "cupper_already_in_session"


class DuplicateLicence(KnownError):
    """Another cupper already holds this Q licence number (params: licence, name)."""

    code = "duplicate_licence"


class SessionFull(KnownError):
    """Every blind code from 001 to 999 is in use in this session."""

    code = "session_full"


class UnknownCuppingForm(KnownError):
    """No cupping form with this id (and version) in the library (params: form, available).
    Shares its code, and so its message, with the printing service's UnknownForm."""

    code = "unknown_form"


class SessionNotBlind(KnownError):
    """Only a blind session has lots to reveal (params: session)."""

    code = "session_not_blind"


class AmbiguousSession(KnownError):
    """More than one session id starts with what was typed (params: prefix, count)."""

    code = "ambiguous_session"


class FormChangeRefused(KnownError):
    """A session's form cannot change once a sheet has values (params: session)."""

    code = "form_change_refused"


class CsvRefused(KnownError):
    """A CSV file could not be imported at all; nothing was written.

    `code` is "csv_" + reason: csv_missing_columns (columns), csv_duplicate_columns (columns),
    csv_no_header, csv_too_large (limit), csv_too_many_rows (limit), csv_unreadable (detail);
    params always include source.
    """

    code = "csv_refused"

    def __init__(self, reason: str, **params: object) -> None:
        self.code = f"csv_{reason}"
        super().__init__(**params)
        self.reason = reason


def refusal(
    template: FormTemplate, problem: ValueProblem, *, cups_as_points: bool = False
) -> SheetValueRefused:
    """The user-facing error for one ValueProblem, with the form's numbers for its message.

    cups_as_points: the value was given in points (score requests), so a cups section's
    range is shown in points (0-10 in steps of 2) rather than in cups (0-5).
    """
    params: dict[str, object] = {
        "section": problem.key,
        "label": field_label(template, problem.key),
        "value": problem.value,
        "cups": ", ".join(str(cup) for cup in problem.cups) or str(template.cups or ""),
    }
    for section in template.sections:
        if section.key == problem.key:
            params.update(_section_numbers(section, template.cups or 0, cups_as_points))
    for cup_field in template.cup_fields:
        if cup_field.key == problem.key:
            params["allowed"] = ", ".join(cup_field.choices)
            if cup_field.excludes is not None:
                params["related"] = field_label(template, cup_field.excludes)
            if cup_field.levels is not None:
                params.update(min=cup_field.levels.minimum, max=cup_field.levels.maximum)
            else:
                params.update(min=0, max=template.cups or 0)
    for group in template.descriptors:
        if group.key == problem.key:
            params.update(allowed=", ".join(group.keys()), max_selected=group.max_selected)
    if problem.code == "final_below_minimum":
        params["lowest"] = getattr(template.formula, "minimum", None)
    if problem.code == "too_many_cups":
        params["cups"] = str(template.cups or "")
    if problem.key == "defect_type":
        params["allowed"] = ", ".join(c for f in template.cup_fields for c in f.choices)
    return SheetValueRefused(problem.code, **{k: _text(v) for k, v in params.items()})


def _section_numbers(section: Section, cups: int, cups_as_points: bool) -> dict[str, object]:
    numbers: dict[str, object] = {"allowed": ", ".join(section.choices)}
    if section.range is None:
        return numbers
    low, high, step = section.range.minimum, section.range.maximum, section.range.step
    if section.kind == "cups" and cups_as_points and section.points_per_cup is not None:
        low, high, step = Decimal(0), section.points_per_cup * cups, section.points_per_cup
    numbers.update(min=low, max="∞" if high is None else high, step=step)
    return numbers


def _text(value: object) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)
