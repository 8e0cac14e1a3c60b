"""`microlot-desk demo` and `lots list/show/add`, run in-process against a real file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ticking_clock import TickingClock

from microlot_desk import cli as cli_module
from microlot_desk.services.demo.demo_data import DEMO_TOTAL

Cli = Callable[..., Any]
Count = Callable[[], int]

ETHIOPIC_AND_CHINESE: dict[str, Any] = {
    "name": "ቡና ኮንጋ 普洱 小批次",
    "producer": "አበበ በቀለ",
    "farm": "李明华 家庭农场",
    "plot": "东坡 East slope",
    "region": "Gedeo, ይርጋጨፌ",
    "country": "ET",
    "altitude_m": 2010,
    "varieties": "Kurume 70%, Wolisho 30%",
    "process": "washed",
    "harvest_start": "2026-11-02",
    "harvest_end": "2026-11-20",
    "green_kg": "320.5",
}


def add(cli: Cli, lot: dict[str, Any]) -> str:
    result = cli("lots", "add", "--json", "-", stdin=json.dumps(lot).encode())
    assert result.code == 0, result
    return str(result.out.strip())


# ---- demo and list ---------------------------------------------------------------------------


def test_demo_reports_what_it_added_and_is_idempotent(cli: Cli, count_lots: Count) -> None:
    first = cli("demo")
    assert first.code == 0
    assert f"{DEMO_TOTAL} lots added" in first.out
    second = cli("demo")
    assert second.code == 0
    assert f"0 lots added, {DEMO_TOTAL} lots" in second.out
    assert count_lots() == DEMO_TOTAL


def test_list_search_narino_json_finds_the_narino_demo_lot(cli: Cli) -> None:
    cli("demo")
    result = cli("lots", "list", "--search", "narino", "--json")
    assert result.code == 0
    found = json.loads(result.out)
    assert [lot["code"] for lot in found] == ["CO-2026-014"]
    lot = found[0]
    assert lot["name"] == "La Esperanza Gesha"
    assert lot["producer"] == "José Ñáñez Muñoz"
    assert lot["country"] == "CO"
    assert lot["region"] == "Nariño, La Unión"
    assert lot["size_class"] == "micro"
    assert lot["green_kg"] == "420"


def test_list_json_is_an_array_of_lots_with_the_promised_keys(cli: Cli) -> None:
    cli("demo")
    lots = json.loads(cli("lots", "list", "--json").out)
    assert len(lots) == DEMO_TOTAL
    for lot in lots:
        assert {"code", "name", "producer", "country"} <= set(lot)


def test_list_json_keeps_ethiopic_and_chinese_unescaped(cli: Cli) -> None:
    cli("demo")
    out = cli("lots", "list", "--json").out
    assert "አበበ በቀለ" in out
    assert "李明华" in out


def test_list_filters(cli: Cli) -> None:
    cli("demo")

    def listed(*options: str) -> list[str]:
        result = cli("lots", "list", "--json", *options)
        assert result.code == 0, result
        return [lot["code"] for lot in json.loads(result.out)]

    assert set(listed("--country", "et")) == {"ET-2026-003", "ET-2026-007"}
    assert listed("--process", "wet_hulled") == ["ID-2026-009"]
    assert set(listed("--variety", "Gesha")) == {"CO-2026-014", "PA-2026-007"}
    assert set(listed("--size-class", "nano")) == {"ET-2026-007", "CN-2026-005"}
    assert len(listed("--limit", "3")) == 3
    assert listed("--search", "明华") == ["CN-2026-002"]


def test_list_as_text_shows_one_line_per_lot(cli: Cli) -> None:
    cli("demo")
    result = cli("lots", "list", "--search", "gesha")
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("CO-2026-014")
    assert "José Ñáñez Muñoz" in lines[0]
    assert "micro" in lines[0]


def test_list_of_an_empty_database_is_empty(cli: Cli) -> None:
    result = cli("lots", "list", "--json")
    assert result.code == 0
    assert json.loads(result.out) == []


# ---- add and show ----------------------------------------------------------------------------


def test_add_prints_the_new_code_alone_on_a_line(cli: Cli, count_lots: Count) -> None:
    result = cli("lots", "add", "--json", "-", stdin=b'{"name": "Finca Nueva", "country": "CO"}')
    assert result.code == 0
    assert result.out == "CO-2026-001\n"
    assert result.err == ""
    assert count_lots() == 1


def test_add_from_a_file(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "lot.json"
    source.write_text(json.dumps({"name": "From a file", "country": "KE"}), encoding="utf-8")
    result = cli("lots", "add", "--json", str(source))
    assert result.code == 0
    assert result.out.splitlines() == ["KE-2026-001"]


def test_ethiopic_and_chinese_names_round_trip_exactly_through_add_and_show(cli: Cli) -> None:
    code = add(cli, ETHIOPIC_AND_CHINESE)
    shown = json.loads(cli("lots", "show", code, "--json").out)
    for key in ["name", "producer", "farm", "region", "country"]:
        assert shown[key] == ETHIOPIC_AND_CHINESE[key], key
    assert shown["plots"][0]["name"] == "东坡 East slope"
    assert shown["plots"][0]["altitude_m"] == 2010
    assert shown["varieties"] == [
        {"name": "Kurume", "share_pct": "70"},
        {"name": "Wolisho", "share_pct": "30"},
    ]
    assert shown["green_kg"] == "320.5"
    assert shown["harvest_start"] == "2026-11-02"
    assert shown["code"] == code


def test_show_as_text(cli: Cli) -> None:
    code = add(cli, ETHIOPIC_AND_CHINESE)
    result = cli("lots", "show", code)
    assert result.code == 0
    assert "አበበ በቀለ" in result.out
    assert "普洱" in result.out


def test_show_of_an_unknown_code_says_so(cli: Cli) -> None:
    result = cli("lots", "show", "CO-1999-001")
    assert result.code == 1
    assert "No lot 'CO-1999-001' was found." in result.err


def test_a_bom_from_notepad_is_accepted(cli: Cli) -> None:
    result = cli(
        "lots", "add", "--json", "-", stdin=b'\xef\xbb\xbf{"name": "BOM", "country": "PE"}'
    )
    assert result.code == 0, result


# ---- refused input writes nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"name": "x",}', ["not valid JSON", "line 1"]),
        (b'{"name": "a", "name": "b"}', ['the member "name" appears twice']),
        (b'{"name": "a", "green_kg": NaN}', ["'NaN' is not a number JSON allows"]),
        (b"[1, 2]", ["expected a JSON object"]),
        (b'"just text"', ["expected a JSON object"]),
        (b"", ["not valid JSON"]),
        (b'{"name": "Nari\xf1o"}', ["it is not UTF-8 text"]),
        (b'{"name": "x", "green_kg": 1' + b"1" * 5000 + b"}", ["a number has 5001 digits"]),
        (b'{"name": "Finca \\udcff"}', ["Lot name (name): holds U+DCFF, half of a character"]),
        (b'{"name": "x", "colour": "red"}', ["colour (colour): is not a lot field"]),
        (b'{"name": "x", "green_kg": "heavy"}', ["Green weight (kg) (green_kg): is not a number"]),
        (b'{"name": "x", "altitude_m": 1800.5}', ["Altitude (m) (altitude_m): is not a whole"]),
        (b'{"name": "x", "green_kg": "1,200"}', ["Green weight (kg) (green_kg): is ambiguous"]),
    ],
    ids=[
        "syntax",
        "duplicate-key",
        "nan",
        "array",
        "string",
        "empty",
        "latin1",
        "digits",
        "lone-surrogate",
        "unknown-field",
        "bad-number",
        "not-whole",
        "grouping",
    ],
)
def test_bad_input_exits_1_names_the_problem_and_writes_nothing(
    cli: Cli, count_lots: Count, payload: bytes, expected: list[str]
) -> None:
    cli("demo")
    before = count_lots()
    result = cli("lots", "add", "--json", "-", stdin=payload)
    assert result.code == 1
    assert result.out == ""
    for text in expected:
        assert text in result.err
    assert "set_int_max_str_digits" not in result.err and "is required" not in result.err
    assert count_lots() == before


def test_several_bad_fields_are_all_named_with_their_reasons(cli: Cli, count_lots: Count) -> None:
    cli("demo")
    payload = {
        "producer": "Nobody Yet",
        "country": "XX",
        "altitude_m": "high",
        "harvest_start": "2026-05-12",
        "harvest_end": "yesterday",
        "varieties": "Caturra 60%, Castillo 30%",
        "process": "space",
    }
    result = cli("lots", "add", "--json", "-", stdin=json.dumps(payload).encode())
    assert result.code == 1
    lines = result.err.splitlines()
    expected = [
        "Country (country): 'XX' is not an ISO 3166 country code",
        "Altitude (m) (altitude_m): is not a whole number",
        "Harvest end (harvest_end): is not a date",
        "Varieties (varieties): shares must be given for every variety and add up to 100",
        "Process (process): 'space' is not one of:",
        "Lot name (name): is required",
    ]
    for text in expected:
        assert any(text in line for line in lines), text
    assert lines[-1] == "Nothing was saved."
    assert count_lots() == DEMO_TOTAL


def test_a_duplicate_code_is_refused(cli: Cli, count_lots: Count) -> None:
    cli("demo")
    result = cli("lots", "add", "--json", "-", stdin=b'{"name": "x", "code": "CO-2026-014"}')
    assert result.code == 1
    assert "Code (code): is already used by another lot" in result.err
    assert count_lots() == DEMO_TOTAL


def test_a_missing_input_file_is_reported(cli: Cli, tmp_path: Path) -> None:
    result = cli("lots", "add", "--json", str(tmp_path / "nowhere.json"))
    assert result.code == 1
    assert "nowhere.json" in result.err


def test_add_without_json_is_a_usage_error(cli: Cli) -> None:
    with pytest.raises(SystemExit) as caught:
        cli("lots", "add")
    assert caught.value.code == 2


def test_a_demo_code_clash_saves_nothing_as_it_says(cli: Cli, count_lots: Count) -> None:
    add(cli, {"name": "My own lot", "code": "CO-2026-021", "country": "CO"})
    result = cli("demo")
    assert result.code == 1
    assert "Code (code): is already used by another lot" in result.err
    assert result.err.rstrip().endswith("Nothing was saved.")
    assert count_lots() == 1
    shown = json.loads(cli("lots", "show", "CO-2026-021", "--json").out)
    assert shown["name"] == "My own lot"


# ---- the entry point itself ------------------------------------------------------------------


def test_cli_main_writes_to_the_current_stdout(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_module.main(["--data-dir", str(data_dir), "demo"], clock=TickingClock()) == 0
    assert f"{DEMO_TOTAL} lots added" in capsys.readouterr().out


def test_cli_main_without_a_command_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_module.main([], clock=TickingClock()) == 2
    assert "usage: microlot-desk" in capsys.readouterr().out


def test_data_dir_before_the_subcommand_is_where_the_file_goes(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "default"
    monkeypatch.setenv("MICROLOT_DESK_DATA_DIR", str(default))
    chosen = tmp_path / "chosen dir"
    result = cli("demo", data=chosen)
    assert result.code == 0
    assert (chosen / "microlot.sqlite").exists()
    assert not (default / "microlot.sqlite").exists()
