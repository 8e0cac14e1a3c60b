"""Typed errors of the cupping domain.

No sentences here (DESIGN.md: user-facing text is built in the ui layer): each error carries a
short reason code and the data a translated message needs.
"""

from __future__ import annotations

from dataclasses import dataclass


class TemplateError(ValueError):
    """A form template is malformed.

    `path` locates the offending element ("sections[2].step", "" for the whole document),
    `reason` is a code such as "unknown_key" or "step_does_not_divide_range", and `detail`
    names the value involved.
    """

    def __init__(self, path: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{path or '<template>'}: {reason}" + (f" ({detail})" if detail else ""))
        self.path = path
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ValueProblem:
    """One thing wrong with a sheet's values.

    `key` is the section, cup field or descriptor group concerned; `code` one of: missing,
    unknown_key, not_a_number, not_an_integer, out_of_range, off_step, wrong_type,
    wrong_cup_count, unknown_choice, too_many_selected, duplicate_choice, bad_level,
    exponent_notation (1e1), marked_in_both (cups in two fields that exclude each other),
    too_many_cups (counts of such fields add up to more cups than the sample has),
    final_below_minimum (penalties take the final below the form's lowest; value = final).
    `value` is the offending value as text, `cups` the 1-based cup numbers concerned.
    """

    key: str
    code: str
    value: str = ""
    cups: tuple[int, ...] = ()


class SheetError(ValueError):
    """A sheet's values do not fit its template; `problems` lists every one, in form order."""

    def __init__(self, problems: tuple[ValueProblem, ...]) -> None:
        super().__init__(", ".join(f"{p.key}: {p.code}" for p in problems))
        self.problems = problems

    @property
    def keys(self) -> tuple[str, ...]:
        """The sections and fields with at least one problem, each once, in form order."""
        return tuple(dict.fromkeys(p.key for p in self.problems))


class PanelError(ValueError):
    """Panel statistics were asked for inconsistent input; `reason` is a code, `detail` the id."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
