"""Every lot field parser: what it accepts, what it refuses and with which error code."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.lot_fields import (
    LOT_FIELDS,
    BadValue,
    clean_text,
    field_parsers,
    parse_fields,
)
from microlot_desk.domain.vocabulary import Isolation, LotStatus, PriceUnit, ProducerKind
from microlot_desk.errors import FieldError
from microlot_desk.messages import FIELD_LABELS

PARSERS = field_parsers()


def parse(field: str, raw: Any) -> Any:
    return PARSERS[field](raw)


def refusal(field: str, raw: Any) -> BadValue:
    with pytest.raises(BadValue) as caught:
        parse(field, raw)
    return caught.value


# ---- text ----------------------------------------------------------------------------------


def test_text_is_trimmed_and_nfc_normalised() -> None:
    decomposed = "  Narin\u0303o  "
    assert parse("region", decomposed) == "Nariño"
    assert unicodedata.is_normalized("NFC", parse("region", decomposed))


def test_ethiopic_and_chinese_text_pass_unchanged() -> None:
    assert parse("producer", "አበበ በቀለ") == "አበበ በቀለ"
    assert parse("producer", "李明华") == "李明华"


def test_missing_text_becomes_empty_string() -> None:
    assert parse("farm", None) == ""
    assert parse("farm", "   ") == ""


def test_non_text_is_refused() -> None:
    assert refusal("farm", 12).code == "not_text"
    assert refusal("farm", ["Finca"]).code == "not_text"


def test_control_characters_are_refused_but_newlines_and_tabs_kept() -> None:
    assert refusal("story", "before\x00after").code == "control_characters"
    assert refusal("story", "bell\x07").code == "control_characters"
    assert parse("story", "line one\n\tline two") == "line one\n\tline two"


def test_text_longer_than_its_limit_is_refused_with_the_limit() -> None:
    assert parse("name", "x" * 120) == "x" * 120
    error = refusal("name", "x" * 121)
    assert error.code == "too_long"
    assert error.params == {"max": "120"}


def test_name_is_required() -> None:
    assert refusal("name", "").code == "required"
    assert refusal("name", "   ").code == "required"
    assert refusal("name", None).code == "required"


@given(st.text())
def test_clean_text_never_crashes_and_returns_trimmed_nfc(raw: str) -> None:
    try:
        text = clean_text(raw, max_len=50)
    except BadValue as bad:
        assert bad.code in {"control_characters", "too_long"}
        return
    assert text == text.strip()
    assert unicodedata.is_normalized("NFC", text)
    assert len(text) <= 50


# ---- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("420", Decimal("420")),
        ("420.5", Decimal("420.5")),
        ("420,5", Decimal("420.5")),
        (" 12 ", Decimal("12")),
        (69, Decimal("69")),
        (1.5, Decimal("1.5")),
        ("0", Decimal("0")),
        ("0.001", Decimal("0.001")),
    ],
)
def test_weight_accepts_numbers_and_comma_decimals(raw: Any, expected: Decimal) -> None:
    assert parse("green_kg", raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_number_is_no_value(raw: Any) -> None:
    assert parse("green_kg", raw) is None


@pytest.mark.parametrize("raw", ["heavy", "1 000", "4,2,0", "NaN", "Infinity", "-inf", True, []])
def test_weight_refuses_what_is_not_a_number(raw: Any) -> None:
    assert refusal("green_kg", raw).code == "not_a_number"


def test_weight_out_of_range_names_the_range() -> None:
    error = refusal("green_kg", "-1")
    assert error.code == "out_of_range"
    assert error.params == {"min": "0", "max": "10000000"}
    assert refusal("green_kg", "10000000.001").code == "out_of_range"


def test_too_many_decimals_names_the_allowed_places() -> None:
    error = refusal("green_kg", "1.2345")
    assert error.code == "too_many_decimals"
    assert error.params == {"places": "3"}
    assert parse("green_kg", "1.2340") == Decimal("1.234")  # trailing zeros are not decimals
    assert refusal("moisture_pct", "10.123").params == {"places": "2"}


def test_water_activity_is_between_zero_and_one() -> None:
    assert parse("water_activity", "0.56") == Decimal("0.56")
    assert refusal("water_activity", "1.2").code == "out_of_range"


@pytest.mark.parametrize("raw", ["1,200", "1,200.5", "1.200,5", "1.200.000", "-1,000"])
def test_digit_grouping_is_refused_as_ambiguous(raw: str) -> None:
    assert refusal("green_kg", raw).code == "ambiguous_number"


def test_a_comma_after_a_zero_is_a_decimal_comma() -> None:
    assert parse("green_kg", "0,125") == Decimal("0.125")
    assert parse("moisture_pct", "10,8") == Decimal("10.8")


@given(st.decimals(min_value=0, max_value=10_000_000, places=3, allow_nan=False))
def test_a_weight_typed_with_dot_or_comma_is_never_read_as_another_value(value: Decimal) -> None:
    text = format(value, "f")
    assert parse("green_kg", text) == value
    try:
        assert parse("green_kg", text.replace(".", ",")) == value
    except BadValue as bad:  # 1,000 may mean 1000 or 1.0: refused rather than guessed
        assert bad.code == "ambiguous_number"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1800", 1800), (1800, 1800), (1800.0, 1800), (" +7 ", 7), ("0", 0)]
)
def test_altitude_accepts_whole_numbers(raw: Any, expected: int) -> None:
    assert parse("altitude_m", raw) == expected


@pytest.mark.parametrize("raw", ["1800.5", 1800.5, "high", "18 00", True, False])
def test_altitude_refuses_what_is_not_whole(raw: Any) -> None:
    assert refusal("altitude_m", raw).code == "not_a_whole_number"


def test_altitude_range_and_screen_size_range() -> None:
    assert refusal("altitude_m", 6001).params == {"min": "0", "max": "6000"}
    assert refusal("altitude_m", -5).code == "out_of_range"
    assert parse("screen_size", 8) == 8
    assert parse("screen_size", 25) == 25
    assert refusal("screen_size", 7).code == "out_of_range"
    assert refusal("screen_size", 26).code == "out_of_range"


# ---- dates, countries, currencies, choices ----------------------------------------------------


def test_dates_are_iso() -> None:
    assert parse("harvest_start", "2026-05-12") == date(2026, 5, 12)
    assert parse("harvest_start", " 2026-05-12 ") == date(2026, 5, 12)
    assert parse("harvest_start", "") is None


@pytest.mark.parametrize("raw", ["12/05/2026", "2026-13-01", "2026-02-30", "yesterday", 20260512])
def test_bad_dates_are_refused(raw: Any) -> None:
    assert refusal("harvest_start", raw).code == "bad_date"


def test_dates_outside_a_plausible_range_are_refused() -> None:
    assert refusal("harvest_end", "1899-12-31").code == "bad_date"
    assert refusal("harvest_end", "2200-01-02").code == "bad_date"
    assert parse("harvest_end", "1900-01-01") == date(1900, 1, 1)


@pytest.mark.parametrize(
    ("raw", "expected"), [("CO", "CO"), ("co", "CO"), (" et ", "ET"), ("", "")]
)
def test_country_codes_are_iso_alpha_2_upper_case(raw: str, expected: str) -> None:
    assert parse("country", raw) == expected


def test_unknown_country_code_is_refused_naming_the_value() -> None:
    error = refusal("country", "xx")
    assert error.code == "unknown_country"
    assert error.params == {"value": "XX"}
    assert refusal("country", "COL").code == "too_long"
    assert refusal("country", 57).code == "not_text"


def test_currency_is_iso_4217() -> None:
    assert parse("currency", "usd") == "USD"
    assert parse("currency", "") == ""
    error = refusal("currency", "XYZ")
    assert (error.code, error.params) == ("unknown_currency", {"value": "XYZ"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("washed", "washed"), ("Honey Red", "honey_red"), ("anaerobic-natural", "anaerobic_natural")],
)
def test_process_labels_are_normalised(raw: str, expected: str) -> None:
    assert parse("process", raw) == expected


def test_unknown_process_lists_the_allowed_ones() -> None:
    error = refusal("process", "fermented in space")
    assert error.code == "unknown_choice"
    assert error.params["value"] == "fermented_in_space"
    assert "washed" in error.params["allowed"]
    assert "carbonic_maceration" in error.params["allowed"]


def test_blank_choices_take_their_defaults() -> None:
    assert parse("process", "") == ""
    assert parse("producer_kind", None) == ProducerKind.PERSON.value
    assert parse("status", "") == LotStatus.DRAFT.value
    assert parse("price_unit", "") == PriceUnit.PER_KG.value


def test_producer_kinds_from_the_issue_are_all_accepted() -> None:
    for kind in ["person", "family", "group", "cooperative", "washing station", "estate"]:
        assert parse("producer_kind", kind) == kind.replace(" ", "_")


def test_lot_codes_are_upper_cased_and_checked() -> None:
    assert parse("code", "co-2026-014") == "CO-2026-014"
    assert parse("code", "HUILA1_2026.3") == "HUILA1_2026.3"
    for bad in ["C", "CO 2026", "-CO", "CO/1", "", None]:
        assert refusal("code", bad).code == "bad_code", bad
    assert refusal("code", "C" * 33).code == "too_long"


# ---- isolation -----------------------------------------------------------------------------


def test_isolation_accepts_text_and_lists() -> None:
    assert parse("isolation", "geographic, picking date") == {
        Isolation.GEOGRAPHIC,
        Isolation.PICKING_DATE,
    }
    assert parse("isolation", ["varietal", "Process"]) == {Isolation.VARIETAL, Isolation.PROCESS}
    assert parse("isolation", "") == frozenset()
    assert parse("isolation", ["process", "process"]) == {Isolation.PROCESS}


def test_isolation_refuses_unknown_kinds_and_other_shapes() -> None:
    error = refusal("isolation", ["geographic", "lunar"])
    assert error.code == "unknown_choice"
    assert error.params["value"] == "lunar"
    assert refusal("isolation", {"geographic": True}).code == "bad_isolation"
    assert refusal("isolation", 3).code == "bad_isolation"


# ---- parse_fields: all errors at once -------------------------------------------------------


def test_every_bad_field_is_reported_at_once_with_field_and_reason() -> None:
    values, errors = parse_fields(
        {
            "name": "",
            "green_kg": "lots",
            "country": "XX",
            "altitude_m": "high",
            "harvest_start": "yesterday",
            "colour": "red",
            "region": "Huila",
        }
    )
    assert values == {"region": "Huila"}
    assert {(e.field, e.code) for e in errors} == {
        ("name", "required"),
        ("green_kg", "not_a_number"),
        ("country", "unknown_country"),
        ("altitude_m", "not_a_whole_number"),
        ("harvest_start", "bad_date"),
        ("colour", "unknown_field"),
    }
    assert all(isinstance(e, FieldError) for e in errors)


def test_good_fields_parse_to_typed_values() -> None:
    values, errors = parse_fields(
        {
            "name": "La Esperanza",
            "green_kg": "420,5",
            "country": "co",
            "harvest_start": "2026-05-12",
            "varieties": "Caturra 60%, Castillo 40%",
        }
    )
    assert errors == []
    assert values["green_kg"] == Decimal("420.5")
    assert values["country"] == "CO"
    assert values["harvest_start"] == date(2026, 5, 12)
    assert [v.name for v in values["varieties"]] == ["Caturra", "Castillo"]


def test_the_fields_the_cli_must_accept_are_lot_fields() -> None:
    for key in [
        "name",
        "producer",
        "country",
        "region",
        "farm",
        "plot",
        "altitude_m",
        "varieties",
        "process",
        "harvest_start",
        "harvest_end",
        "green_kg",
    ]:
        assert key in LOT_FIELDS


def test_every_lot_field_has_a_label_for_messages() -> None:
    assert set(LOT_FIELDS) <= set(FIELD_LABELS)


def test_the_text_rules_match_unicode_categories_at_every_code_point() -> None:
    """The character classes a name and a note are checked with are Unicode's own categories
    (Cc, Zl, Zp, Cs) and the bidi set, for every code point there is."""
    from microlot_desk.domain.field_parsing import BIDI_CONTROLS, BIDI_MARKS, clean_name, clean_text

    def refused(check: Any, text: str) -> str | None:
        try:
            check(text)
        except BadValue as bad:
            return bad.code
        return None

    for point in range(0x110000):
        ch = chr(point)
        category = unicodedata.category(ch)
        if category == "Cs":
            assert refused(clean_name, ch) == "lone_surrogate", hex(point)
            continue
        name_code = refused(clean_name, f"a{ch}b")
        text_code = refused(clean_text, f"a{ch}b")
        if category in ("Cc", "Zl", "Zp"):
            assert name_code == "control_characters", hex(point)
        elif ch in BIDI_CONTROLS or ch in BIDI_MARKS:
            assert name_code == "bidi_controls", hex(point)
        else:
            assert name_code is None, hex(point)
        if category == "Cc" and ch not in "\n\t":
            assert text_code == "control_characters", hex(point)
        elif ch in BIDI_CONTROLS:
            assert text_code == "bidi_controls", hex(point)
        elif category not in ("Cc",):
            assert text_code is None, hex(point)
