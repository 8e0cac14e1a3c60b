"""JSON from other people's machines: duplicates, NaN, BOM, depth and size."""

from __future__ import annotations

import pytest

from microlot_desk.domain.strict_json import MAX_DEPTH, JsonInputError, loads_strict


def refusal(data: bytes | str, **limits: int) -> JsonInputError:
    with pytest.raises(JsonInputError) as caught:
        loads_strict(data, **limits)
    return caught.value


def test_plain_json_parses() -> None:
    assert loads_strict(b'{"name": "\xe1\x8a\xa0\xe1\x89\xa0\xe1\x89\xa0", "kg": 420.5}') == {
        "name": "አበበ",
        "kg": 420.5,
    }
    assert loads_strict('["李明华", 1, null, true]') == ["李明华", 1, None, True]


def test_duplicate_keys_are_refused_naming_the_key() -> None:
    error = refusal('{"name": "a", "green_kg": 1, "name": "b"}')
    assert error.reason == "duplicate_key"
    assert error.detail == "name"


def test_duplicate_keys_deep_inside_are_refused() -> None:
    assert refusal('{"lots": [{"x": 1, "x": 2}]}').reason == "duplicate_key"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(literal: str) -> None:
    error = refusal(f'{{"score": {literal}}}')
    assert error.reason == "not_a_number"


def test_a_number_that_overflows_to_infinity_is_refused() -> None:
    assert refusal('{"score": 1e400}').reason == "not_a_number"


def test_a_huge_integer_is_refused_as_bad_json() -> None:
    refusal('{"altitude_m": ' + "1" * 5000 + "}")


def test_a_utf8_bom_is_skipped_in_bytes_and_text() -> None:
    assert loads_strict(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    assert loads_strict('\ufeff{"a": 1}') == {"a": 1}


def test_bytes_that_are_not_utf8_are_refused() -> None:
    assert refusal(b'{"name": "Nari\xf1o"}').reason == "not_utf8"


def test_syntax_errors_say_where() -> None:
    error = refusal('{"name": "x",\n "green_kg": }')
    assert error.reason == "syntax"
    assert "line 2" in error.detail


def test_documents_over_the_size_limit_are_refused() -> None:
    assert refusal(b"[" + b"1," * 100 + b"1]", max_bytes=100).reason == "too_large"
    assert refusal("[" + "1," * 100 + "1]", max_bytes=100).reason == "too_large"
    assert loads_strict(b"[1]", max_bytes=3) == [1]


def test_nesting_up_to_the_limit_is_accepted_and_beyond_refused() -> None:
    assert loads_strict("[" * 3 + "]" * 3, max_depth=3) == [[[]]]
    assert refusal("[" * 4 + "]" * 4, max_depth=3).reason == "too_deep"
    assert refusal('{"a": {"b": {"c": {}}}}', max_depth=3).reason == "too_deep"


def test_default_depth_limit() -> None:
    loads_strict("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).reason == "too_deep"


def test_nesting_deeper_than_the_interpreter_stack_is_refused_cleanly() -> None:
    assert refusal("[" * 200_000 + "]" * 200_000).reason == "too_deep"
    assert refusal('{"a":' * 200_000 + "1" + "}" * 200_000).reason == "too_deep"
