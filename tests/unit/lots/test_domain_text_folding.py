"""Search folding: accents and case ignored for Latin script, other scripts left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.text_folding import fold


@pytest.mark.parametrize("text", ["Nariño", "NARIÑO", "narino", "Narin\u0303o", "NaRiÑo"])
def test_narino_spellings_fold_alike(text: str) -> None:
    assert fold(text) == "narino"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("São João", "sao joao"),
        ("Tarrazú", "tarrazu"),
        ("Cuchumatán", "cuchumatan"),
        ("Ortíz", "ortiz"),
        ("Straße", "strasse"),
        ("cà phê", "ca phe"),
        ("ＧＥＳＨＡ", "gesha"),
        ("ﬁnca", "finca"),
    ],
)
def test_latin_accents_case_and_compatibility_forms(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    "text", ["አበበ በቀለ", "ኮንጋ የቡና አምራቾች ማህበር", "李明华", "普洱 蜜处理", "커피 농장"]
)
def test_ethiopic_chinese_and_korean_are_unchanged(text: str) -> None:
    assert fold(text) == text


def test_whitespace_is_collapsed_and_trimmed() -> None:
    assert fold("  La \t Esperanza\n ") == "la esperanza"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


latin = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzáéíóúñçãõâêôüàèìòù ")))


@given(latin)
def test_fold_ignores_case_of_latin_text(text: str) -> None:
    assert fold(text.upper()) == fold(text) == fold(text.title())
