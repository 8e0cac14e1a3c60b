"""Verdicts such as the specialty grade of green coffee: each requirement met, not met, or not
recorded (a blank moisture reading is not a failed one, DOMAIN.md §1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from microlot_desk.domain.cupping.template import Grade, Requirement, Status


@dataclass(frozen=True)
class RequirementResult:
    """One requirement, the value it was checked against (None if not recorded), the outcome."""

    requirement: Requirement
    status: Status
    value: Decimal | None


@dataclass(frozen=True)
class GradeResult:
    """A grade's verdict: not_met if any requirement fails, else not_recorded if any value is
    missing, else met. `failing` and `unrecorded` give the reasons by requirement code."""

    code: str
    status: Status
    requirements: tuple[RequirementResult, ...]

    @property
    def failing(self) -> tuple[str, ...]:
        """Codes of the requirements not met."""
        return tuple(r.requirement.code for r in self.requirements if r.status == "not_met")

    @property
    def unrecorded(self) -> tuple[str, ...]:
        """Codes of the requirements that could not be decided for lack of a value."""
        return tuple(r.requirement.code for r in self.requirements if r.status == "not_recorded")


def assess_grade(grade: Grade, quantities: Mapping[str, Decimal]) -> GradeResult:
    """Check every requirement of a grade against section values and derived quantities."""
    results: list[RequirementResult] = []
    for requirement in grade.requirements:
        value = quantities.get(requirement.of)
        if value is None:
            status: Status = "not_recorded"
        else:
            status = "met" if requirement.holds(value) else "not_met"
        results.append(RequirementResult(requirement, status, value))
    statuses = {result.status for result in results}
    overall: Status = (
        "not_met"
        if "not_met" in statuses
        else "not_recorded"
        if "not_recorded" in statuses
        else "met"
    )
    return GradeResult(grade.code, overall, tuple(results))
