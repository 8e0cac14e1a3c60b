"""The verdict's thresholds and the custody stage list, kept in the station's settings table
with DOMAIN.md's defaults. Keys are listed in SETTING_KEYS; values are canonical text."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from microlot_desk.domain.custody import DEFAULT_STAGES
from microlot_desk.domain.lot_fields import BadValue, clean_text
from microlot_desk.domain.mass_balance import BalanceRules, YieldRanges
from microlot_desk.domain.verdict import VerdictSettings
from microlot_desk.errors import FieldError, ValidationFailed
from microlot_desk.services.common.station import load_station
from microlot_desk.storage.database import OpenDatabase
from microlot_desk.storage.settings_repository import SettingsRepository

# key -> (default, minimum, maximum)
SETTING_KEYS: Mapping[str, tuple[str, str, str]] = {
    "verdict.min_score": ("86", "0", "100"),
    "verdict.premium_ratio": ("2", "1", "100"),
    "custody.gap_hours": ("72", "0", "8760"),
    "custody.blend_tolerance_pct": ("0.5", "0", "20"),
    "yield.cherry_per_green_min": ("4.5", "1", "20"),
    "yield.cherry_per_green_max": ("7", "1", "20"),
    "yield.parchment_per_green_min": ("1.15", "1", "5"),
    "yield.parchment_per_green_max": ("1.4", "1", "5"),
    "evidence.photo_distance_m": ("300", "0", "100000"),
}
STAGES_KEY = "custody.stages"
MAX_STAGES = 60


def _number(values: Mapping[str, str], key: str) -> Decimal:
    default = SETTING_KEYS[key][0]
    try:
        return Decimal(values.get(key, default))
    except InvalidOperation:
        return Decimal(default)


def load_verdict_settings(database: OpenDatabase) -> VerdictSettings:
    values = SettingsRepository(database).all()
    yields = YieldRanges(
        cherry_per_green=(
            _number(values, "yield.cherry_per_green_min"),
            _number(values, "yield.cherry_per_green_max"),
        ),
        parchment_per_green=(
            _number(values, "yield.parchment_per_green_min"),
            _number(values, "yield.parchment_per_green_max"),
        ),
    )
    return VerdictSettings(
        thresholds=load_station(database).thresholds,
        min_score=_number(values, "verdict.min_score"),
        premium_ratio=_number(values, "verdict.premium_ratio"),
        balance=BalanceRules(
            yields=yields,
            gap_hours=int(_number(values, "custody.gap_hours")),
            tolerance_pct=_number(values, "custody.blend_tolerance_pct"),
        ),
        photo_distance_m=int(_number(values, "evidence.photo_distance_m")),
    )


def parse_settings(raw: Mapping[str, object]) -> dict[str, str]:
    """Check new threshold values (text or numbers); ValidationFailed naming every bad key."""
    parsed: dict[str, str] = {}
    errors: list[FieldError] = []
    for key, value in raw.items():
        if key not in SETTING_KEYS:
            errors.append(FieldError(key, "unknown_field"))
            continue
        _, low, high = SETTING_KEYS[key]
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            errors.append(FieldError(key, "not_a_number"))
            continue
        if not number.is_finite() or not Decimal(low) <= number <= Decimal(high):
            errors.append(FieldError(key, "out_of_range", {"min": low, "max": high}))
            continue
        parsed[key] = format(number.normalize(), "f")
    if errors:
        raise ValidationFailed(errors)
    return parsed


def load_stages(database: OpenDatabase) -> tuple[str, ...]:
    text = SettingsRepository(database).get(STAGES_KEY)
    if not text:
        return DEFAULT_STAGES
    try:
        stages = json.loads(text)
    except ValueError:
        return DEFAULT_STAGES
    if not isinstance(stages, list) or not all(isinstance(s, str) for s in stages):
        return DEFAULT_STAGES
    return tuple(stages)


def parse_stages(raw: Sequence[object]) -> tuple[str, ...]:
    """A stage list: keys of lower-case words ('hulling', 'solar_drying'), no repeats."""
    errors: list[FieldError] = []
    stages: list[str] = []
    if not raw or len(raw) > MAX_STAGES:
        raise ValidationFailed([FieldError("stages", "out_of_range", {"min": "1", "max": "60"})])
    for item in raw:
        try:
            text = clean_text(item, max_len=40).lower().replace(" ", "_").replace("-", "_")
        except BadValue as bad:
            errors.append(FieldError("stages", bad.code, bad.params))
            continue
        if not text or not text.replace("_", "").isalnum():
            errors.append(FieldError("stages", "bad_stage", {"value": str(item)[:40]}))
        elif text in stages:
            errors.append(FieldError("stages", "duplicate_stage", {"value": text}))
        else:
            stages.append(text)
    if errors:
        raise ValidationFailed(errors)
    return tuple(stages)
