"""Scoring one sheet handed over as a request (the `score` command): no database involved.

JSON numbers arrive as floats from the parser; each is read back through its shortest repr,
which is the literal the author wrote (8.75, 0.65625), so no binary rounding reaches a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from microlot_desk.domain.cupping import FormTemplate, ScoreResult, SheetError, score_sheet
from microlot_desk.domain.cupping.score_request import request_values
from microlot_desk.services.common.cupping_errors import SheetRefused, UnknownCuppingForm, refusal
from microlot_desk.services.common.form_library import FormLibrary, UnknownFormError


def score_request(
    forms: FormLibrary, request: Mapping[str, Any]
) -> tuple[FormTemplate, ScoreResult]:
    """Score {"form": id, "scores": {...}, cup fields...}. UnknownCuppingForm for an unknown form;
    SheetRefused listing every bad or missing section (cups sections in points)."""
    form_id = str(request.get("form", ""))
    try:
        form = forms.get(form_id)
    except UnknownFormError as error:
        available = ", ".join(forms.ids())
        raise UnknownCuppingForm(form=form_id, available=available) from error
    values, problems = request_values(form, _decimals(request))
    reported = {problem.key for problem in problems}
    try:
        result = score_sheet(form, values)
    except SheetError as error:
        problems += tuple(p for p in error.problems if p.key not in reported)
        result = None
    if problems or result is None:
        order = _form_order(form)
        ranked = sorted(problems, key=lambda p: order.get(p.key, len(order)))
        refusals = tuple(refusal(form, p, cups_as_points=True) for p in ranked)
        raise SheetRefused(refusals, form=form.id)
    return form, result


def _form_order(form: FormTemplate) -> dict[str, int]:
    keys = [s.key for s in form.sections] + [f.key for f in form.cup_fields]
    keys += [g.key for g in form.descriptors]
    return {key: index for index, key in enumerate(keys)}


def _decimals(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else value
    if isinstance(value, dict):
        return {key: _decimals(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decimals(item) for item in value]
    return value
