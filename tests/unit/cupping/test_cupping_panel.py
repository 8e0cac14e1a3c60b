"""Panel statistics: mean, sample standard deviation, min and max per section and final;
cuppers more than 2 points from the panel mean flagged; excluded sheets kept but not counted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microlot_desk.domain.cupping import (
    FormTemplate,
    PanelError,
    PanelSheet,
    panel_summary,
    score_sheet,
)

D = Decimal


def sheet(sheet_id: str, final: str, excluded: str | None = None, **sections: str) -> PanelSheet:
    return PanelSheet(sheet_id, {k: D(v) for k, v in sections.items()}, D(final), excluded)


FOUR = [
    sheet("ana", "84.25", flavor="8.50"),
    sheet("ben", "85.00", flavor="8.75"),
    sheet("caro", "83.50", flavor="8.75"),
    sheet("dev", "88.00"),
]


def test_final_statistics_worked_by_hand() -> None:
    summary = panel_summary(FOUR)
    # mean 340.75 / 4 = 85.1875; squared deviations sum to 11.671875; / 3 = 3.890625;
    # its square root is 1.9724...
    final = summary.final
    assert (final.count, final.mean, final.stdev) == (4, D("85.19"), D("1.97"))
    assert (final.minimum, final.maximum) == (D("83.50"), D("88.00"))
    assert summary.flagged == ("dev",)  # 88.00 - 85.1875 = 2.8125
    assert [s.deviation for s in summary.sheets] == [D("-0.94"), D("-0.19"), D("-1.69"), D("2.81")]


def test_section_statistics_over_the_sheets_that_have_the_section() -> None:
    flavor = panel_summary(FOUR).section("flavor")
    # 26 / 3 = 8.666..., the 8.67 seen on panel certificates
    assert (flavor.count, flavor.mean, flavor.minimum, flavor.maximum) == (
        3,
        D("8.67"),
        D("8.50"),
        D("8.75"),
    )
    assert flavor.stdev == D("0.14")  # sqrt(0.0625 / 3) = 0.1443...


def test_excluded_sheet_is_kept_listed_but_out_of_the_means() -> None:
    sheets = [*FOUR[:3], sheet("dev", "88.00", excluded="sample cooled before cupping")]
    summary = panel_summary(sheets)
    assert (summary.final.count, summary.final.mean, summary.final.stdev) == (
        3,
        D("84.25"),
        D("0.75"),
    )
    dev = summary.sheets[3]
    assert (dev.sheet_id, dev.excluded_reason, dev.deviation, dev.flagged) == (
        "dev",
        "sample cooled before cupping",
        D("3.75"),
        True,
    )
    assert summary.flagged == ("dev",)


def test_exactly_two_points_away_is_not_flagged() -> None:
    summary = panel_summary([sheet("a", "80"), sheet("b", "84")])
    assert summary.flagged == ()
    assert [s.deviation for s in summary.sheets] == [D("-2.00"), D("2.00")]


def test_flag_distance_is_a_parameter() -> None:
    summary = panel_summary([sheet("a", "80"), sheet("b", "84")], flag_distance=D("1.5"))
    assert summary.flagged == ("a", "b")


def test_one_sheet_has_no_spread_and_no_sheet_no_mean() -> None:
    one = panel_summary([sheet("a", "86.25")])
    assert (one.final.mean, one.final.stdev) == (D("86.25"), None)
    none = panel_summary([sheet("a", "86.25", excluded="duplicate entry")])
    assert (none.final.count, none.final.mean, none.final.minimum) == (0, None, None)
    assert none.sheets[0].deviation is None and not none.sheets[0].flagged


@pytest.mark.parametrize(
    ("sheets", "reason"),
    [
        ([sheet("a", "80"), sheet("a", "81")], "duplicate_sheet"),
        ([sheet("a", "80", excluded=" ")], "exclusion_reason_missing"),
        ([PanelSheet("a", {}, 80.0)], "not_a_decimal"),  # type: ignore[arg-type]
        ([PanelSheet("a", {"flavor": D("NaN")}, D(80))], "not_a_decimal"),
    ],
)
def test_bad_input(sheets: list[PanelSheet], reason: str) -> None:
    with pytest.raises(PanelError) as caught:
        panel_summary(sheets)
    assert caught.value.reason == reason


def test_from_results_of_a_cva_panel(forms: dict[str, FormTemplate]) -> None:
    form = forms["cva-affective"]
    keys = [s.key for s in form.sections]
    results = {
        "ana": score_sheet(form, dict.fromkeys(keys, 6)),  # 84.25
        "ben": score_sheet(form, {**dict.fromkeys(keys, 6), "flavor": 7}),  # 84.90625 -> 85.00
        "caro": score_sheet(form, dict.fromkeys(keys, 5)),  # 79.00
    }
    summary = panel_summary([PanelSheet.from_result(k, r) for k, r in results.items()])
    assert summary.final.mean == D("82.75")  # 248.25 / 3
    assert summary.section("flavor").mean == D("6.00")  # (6 + 7 + 5) / 3
    assert summary.flagged == ("ben", "caro")  # 2.25 above, 3.75 below; ana is 1.5 above


def test_from_result_uses_cup_points(forms: dict[str, FormTemplate]) -> None:
    form = forms["sca-2004"]
    quality = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")
    values: dict[str, object] = dict.fromkeys(quality, "8")
    values.update(uniformity=4, clean_cup=5, sweetness=5, acidity_intensity=4)
    panel_sheet = PanelSheet.from_result("ana", score_sheet(form, values))
    assert panel_sheet.sections["uniformity"] == 8
    assert panel_sheet.sections["acidity_intensity"] == 4
    assert panel_sheet.final == D("84")


def test_record_only_sheets_cannot_join_a_panel(forms: dict[str, FormTemplate]) -> None:
    form = forms["cva-descriptive"]
    result = score_sheet(form, {s.key: 5 for s in form.sections})
    with pytest.raises(PanelError) as caught:
        PanelSheet.from_result("ana", result)
    assert caught.value.reason == "not_scored"
