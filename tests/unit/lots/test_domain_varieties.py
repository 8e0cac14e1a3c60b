"""Varieties with shares: the text, list and dict forms, share sums, and the round trip through
the text the editor shows."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.lot_fields import BadValue, parse_varieties
from microlot_desk.domain.lots import VarietyShare, format_varieties


def refusal(raw: Any) -> str:
    with pytest.raises(BadValue) as caught:
        parse_varieties(raw)
    return caught.value.code


def test_text_form_with_shares() -> None:
    assert parse_varieties("Caturra 60%, Castillo 40%") == (
        VarietyShare("Caturra", Decimal("60")),
        VarietyShare("Castillo", Decimal("40")),
    )


def test_semicolons_separate_too() -> None:
    assert parse_varieties("Caturra 60%; Castillo 40%") == (
        VarietyShare("Caturra", Decimal("60")),
        VarietyShare("Castillo", Decimal("40")),
    )


def test_a_number_without_a_percent_sign_is_part_of_the_name() -> None:
    assert parse_varieties("Caturra 60, Castillo 40") == (
        VarietyShare("Caturra 60"),
        VarietyShare("Castillo 40"),
    )
    assert parse_varieties("Kurume, 74110, 74112") == (
        VarietyShare("Kurume"),
        VarietyShare("74110"),
        VarietyShare("74112"),
    )


def test_text_form_without_shares() -> None:
    assert parse_varieties("Gesha") == (VarietyShare("Gesha"),)
    assert parse_varieties("SL28, SL34") == (VarietyShare("SL28"), VarietyShare("SL34"))


def test_names_with_several_words_and_accents_keep_them() -> None:
    assert parse_varieties("Yellow Catuaí 80%, Mundo Novo 20%") == (
        VarietyShare("Yellow Catuaí", Decimal("80")),
        VarietyShare("Mundo Novo", Decimal("20")),
    )


def test_decimal_shares_with_a_dot() -> None:
    assert parse_varieties("Caturra 60.5%; Castillo 39.5%") == (
        VarietyShare("Caturra", Decimal("60.5")),
        VarietyShare("Castillo", Decimal("39.5")),
    )


def test_decimal_shares_with_a_comma() -> None:
    assert parse_varieties("Caturra 60,5%; Castillo 39,5%") == (
        VarietyShare("Caturra", Decimal("60.5")),
        VarietyShare("Castillo", Decimal("39.5")),
    )


def test_variety_names_ending_in_a_number_without_shares() -> None:
    assert parse_varieties("SL28, Ruiru 11") == (VarietyShare("SL28"), VarietyShare("Ruiru 11"))
    assert parse_varieties(["Catimor 129"]) == (VarietyShare("Catimor 129"),)


def test_variety_name_ending_in_a_number_with_a_share() -> None:
    assert parse_varieties("SL28 60%, SL34 30%, Ruiru 11 10%")[2] == VarietyShare(
        "Ruiru 11", Decimal("10")
    )


def test_list_and_dict_forms() -> None:
    assert parse_varieties(["Gesha"]) == (VarietyShare("Gesha"),)
    assert parse_varieties(["Caturra 70%", "Typica 30%"]) == (
        VarietyShare("Caturra", Decimal("70")),
        VarietyShare("Typica", Decimal("30")),
    )
    assert parse_varieties(
        [{"name": "Kurume", "share": 70}, {"name": "Wolisho", "share": "30"}]
    ) == (VarietyShare("Kurume", Decimal("70")), VarietyShare("Wolisho", Decimal("30")))
    assert parse_varieties([{"name": "Gesha"}]) == (VarietyShare("Gesha"),)


def test_blank_is_no_varieties() -> None:
    assert parse_varieties("") == ()
    assert parse_varieties(None) == ()
    assert parse_varieties([]) == ()


@pytest.mark.parametrize(
    "raw",
    [
        "Caturra 60%, Castillo 30%",
        "Caturra 60%, Castillo",
        [{"name": "Caturra", "share": 99.99}],
    ],
)
def test_shares_must_be_given_for_all_and_add_up_to_100(raw: Any) -> None:
    assert refusal(raw) == "shares_not_100"


def test_a_share_above_100_is_out_of_range() -> None:
    assert refusal("Gesha 101%") == "out_of_range"


def test_a_variety_named_twice_is_refused_whatever_the_case() -> None:
    assert refusal("Gesha 50%, gesha 50%") == "duplicate_variety"
    assert refusal(["Typica", "TYPICA"]) == "duplicate_variety"


@pytest.mark.parametrize(
    "raw",
    [
        {"name": "Gesha"},
        42,
        [42],
        [{"name": "Gesha", "percent": 100}],
        [{"name": "", "share": 100}],
        [["Gesha"]],
    ],
)
def test_other_shapes_are_refused(raw: Any) -> None:
    assert refusal(raw) == "bad_varieties"


def test_a_bad_share_in_the_dict_form_says_so() -> None:
    assert refusal([{"name": "Gesha", "share": "all of it"}]) == "not_a_number"


# ---- round trip through the editor's text ---------------------------------------------------

_letters = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzáéíóúñçãõâêôüABCDEFGHIJKLMNOPQRSTUVWXYZ")
)
_word = st.text(_letters, min_size=1, max_size=8)
_name = st.lists(_word, min_size=1, max_size=3).map(" ".join)


@st.composite
def varieties(draw: st.DrawFn) -> tuple[VarietyShare, ...]:
    names = draw(st.lists(_name, min_size=1, max_size=5, unique_by=lambda name: name.casefold()))
    if not draw(st.booleans()):
        return tuple(VarietyShare(name) for name in names)
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=len(names) - 1, max_size=9)))
    cuts = cuts[: len(names) - 1]
    bounds = [0, *cuts, 10000]
    shares = [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]
    return tuple(VarietyShare(n, s) for n, s in zip(names, shares, strict=True))


@given(varieties())
def test_formatted_varieties_parse_back_to_the_same(value: tuple[VarietyShare, ...]) -> None:
    assert parse_varieties(format_varieties(value)) == value
