"""Cup of Excellence, Fine Robusta and the CVA descriptive form (DOMAIN.md §3, §5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microlot_desk.domain.cupping import FormTemplate, SheetError, score_sheet

COE = ("clean_cup", "sweetness", "acidity", "mouthfeel", "flavor", "aftertaste", "balance",
       "overall")  # fmt: skip
ROBUSTA = ("fragrance_aroma", "flavor", "aftertaste", "salt_acid", "body", "balance",
           "bitter_sweet", "overall")  # fmt: skip
DESCRIPTIVE = ("fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel")


@pytest.mark.parametrize(
    ("scores", "defects", "expected"),
    [
        ((6,) * 8, None, "84"),  # 48 + 36
        ((8,) * 8, None, "100"),
        ((0,) * 8, None, "36"),
        (("7.5", 7, 7, "6.5", 7, 7, 7, 7), None, "92.0"),  # 7.5 + 6.5 + 6 x 7 = 56, + 36
        ((6,) * 8, [3, 3, 0, 0], "60"),  # intensity 3 x 2 cups x 4 = 24
        ((6,) * 8, [1, 0, 0, 0], "80"),
        ((6,) * 8, [2, 2, 2, 2], "52"),
    ],
)
def test_cup_of_excellence(
    forms: dict[str, FormTemplate],
    scores: tuple[object, ...],
    defects: list[int] | None,
    expected: str,
) -> None:
    values: dict[str, object] = dict(zip(COE, scores, strict=True))
    if defects is not None:
        values["defects"] = defects
    assert score_sheet(forms["cup-of-excellence"], values).final == Decimal(expected)


def test_cup_of_excellence_rejects_quarter_points_and_bad_levels(
    forms: dict[str, FormTemplate],
) -> None:
    values: dict[str, object] = dict.fromkeys(COE, 6)
    values.update(acidity="6.25", overall="8.5", defects=[4, 0, True, 0])
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["cup-of-excellence"], values)
    assert [(p.key, p.code, p.cups) for p in caught.value.problems] == [
        ("acidity", "off_step", ()),
        ("overall", "out_of_range", ()),
        ("defects", "bad_level", (1, 3)),
    ]


def test_fine_robusta(forms: dict[str, FormTemplate]) -> None:
    values: dict[str, object] = dict.fromkeys(ROBUSTA, "8")
    values.update(uniformity=5, clean_cup=4, fault_cups=1)
    result = score_sheet(forms["fine-robusta"], values)
    assert result.final == Decimal("78")  # 64 + 10 + 8 - 4


def test_fine_robusta_has_no_acidity_or_sweetness(forms: dict[str, FormTemplate]) -> None:
    values: dict[str, object] = dict.fromkeys(ROBUSTA, "8")
    values.update(uniformity=5, clean_cup=5, acidity="8", sweetness=5)
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["fine-robusta"], values)
    assert [(p.key, p.code) for p in caught.value.problems] == [
        ("acidity", "unknown_key"),
        ("sweetness", "unknown_key"),
    ]


def test_descriptive_form_records_without_a_score(forms: dict[str, FormTemplate]) -> None:
    form = forms["cva-descriptive"]
    values: dict[str, object] = dict.fromkeys(DESCRIPTIVE, 7)
    values["fragrance_aroma_descriptors"] = ["fruity", "berry", "floral"]
    values["main_tastes"] = ["sweet", "sour"]
    result = score_sheet(form, values)
    assert not form.scored
    assert (result.final, result.unrounded, result.band) == (None, None, None)
    assert result.section("aroma").value == 7


@pytest.mark.parametrize(
    ("key", "chosen", "code"),
    [
        ("fragrance_aroma_descriptors", ["floral", "fruity", "berry", "cocoa", "spice", "sweet"],
         "too_many_selected"),
        ("main_tastes", ["salty", "sour", "bitter"], "too_many_selected"),
        ("mouthfeel_descriptors", ["oily", "creamy"], "unknown_choice"),
        ("main_tastes", ["sweet", "sweet"], "duplicate_choice"),
        ("flavor_aftertaste_descriptors", "floral", "wrong_type"),
    ],
)  # fmt: skip
def test_descriptor_limits(
    forms: dict[str, FormTemplate], key: str, chosen: object, code: str
) -> None:
    values: dict[str, object] = dict.fromkeys(DESCRIPTIVE, 7)
    values[key] = chosen
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["cva-descriptive"], values)
    assert [(p.key, p.code) for p in caught.value.problems] == [(key, code)]


def test_descriptive_intensities_are_whole_numbers_0_to_15(
    forms: dict[str, FormTemplate],
) -> None:
    values: dict[str, object] = dict.fromkeys(DESCRIPTIVE, 0)
    values.update(flavor=15, acidity="7.5", mouthfeel=16)
    with pytest.raises(SheetError) as caught:
        score_sheet(forms["cva-descriptive"], values)
    assert caught.value.keys == ("acidity", "mouthfeel")


def test_descriptor_groups_of_the_cva_form(forms: dict[str, FormTemplate]) -> None:
    groups = {group.key: group for group in forms["cva-descriptive"].descriptors}
    assert {key: group.max_selected for key, group in groups.items()} == {
        "fragrance_aroma_descriptors": 5,
        "flavor_aftertaste_descriptors": 5,
        "main_tastes": 2,
        "mouthfeel_descriptors": 2,
    }
    fruity = next(c for c in groups["flavor_aftertaste_descriptors"].choices if c.key == "fruity")
    assert [child.key for child in fruity.children] == ["berry", "dried_fruit", "citrus_fruit"]
    assert groups["main_tastes"].keys() == ("salty", "sour", "sweet", "bitter", "umami")
