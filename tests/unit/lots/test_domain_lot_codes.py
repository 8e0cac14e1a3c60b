"""Human lot codes from a configurable pattern: the next free number, per prefix."""

from __future__ import annotations

import pytest

from microlot_desk.domain.lot_codes import (
    DEFAULT_PATTERN,
    BadPattern,
    check_pattern,
    code_prefix,
    next_code,
)


def default_next(existing: list[str], country: str = "CO", year: int = 2026) -> str:
    return next_code(DEFAULT_PATTERN, country=country, year=year, station="", existing=existing)


def test_first_code_of_a_country_and_year() -> None:
    assert default_next([]) == "CO-2026-001"


def test_next_code_follows_the_highest_number() -> None:
    assert default_next(["CO-2026-001", "CO-2026-002"]) == "CO-2026-003"


def test_gaps_are_not_refilled() -> None:
    # A deleted or skipped number is never reused: a printed label may still carry it.
    assert default_next(["CO-2026-001", "CO-2026-007", "CO-2026-003"]) == "CO-2026-008"


def test_codes_with_other_prefixes_do_not_count() -> None:
    existing = ["ET-2026-050", "CO-2025-099", "XCO-2026-400", "CO-2026-014A", "CO-2026-"]
    assert default_next(existing) == "CO-2026-001"


def test_existing_codes_match_whatever_their_case() -> None:
    assert default_next(["co-2026-004"]) == "CO-2026-005"


def test_the_number_grows_past_its_padding() -> None:
    assert default_next(["CO-2026-999"]) == "CO-2026-1000"
    assert default_next(["CO-2026-1000", "CO-2026-999"]) == "CO-2026-1001"


def test_missing_country_and_station_get_placeholders() -> None:
    assert default_next([], country="") == "XX-2026-001"
    pattern = "{station}-{seq:02d}"
    assert next_code(pattern, country="CO", year=2026, station="", existing=[]) == "ST-01"


def test_station_prefix_pattern_is_upper_cased() -> None:
    pattern = "{station}-{country}{year}-{seq:04d}"
    code = next_code(
        pattern, country="et", year=2026, station="huila1", existing=["HUILA1-ET2026-0041"]
    )
    assert code == "HUILA1-ET2026-0042"


def test_pattern_with_text_after_the_number() -> None:
    pattern = "{country}-{seq:03d}/{year}"
    existing = ["CO-004/2026", "CO-009/2025"]
    assert next_code(pattern, country="CO", year=2026, station="", existing=existing) == (
        "CO-005/2026"
    )


def test_code_prefix_is_what_comes_before_the_number() -> None:
    assert code_prefix(DEFAULT_PATTERN, country="co", year=2026, station="") == "CO-2026-"
    assert code_prefix("{station}.{seq}", country="", year=2026, station="bm") == "BM."


@pytest.mark.parametrize(
    "pattern", ["{country}-{year}", "{country}-{farm}-{seq}", "{seq", "{country}-{seq:03d}}{"]
)
def test_patterns_without_a_number_or_with_unknown_fields_are_refused(pattern: str) -> None:
    with pytest.raises(BadPattern):
        check_pattern(pattern)
    with pytest.raises(BadPattern):
        next_code(pattern, country="CO", year=2026, station="", existing=[])


def test_good_patterns_pass_the_check() -> None:
    for pattern in [DEFAULT_PATTERN, "{seq}", "{station}-{country}-{year}-{seq:05d}"]:
        check_pattern(pattern)
