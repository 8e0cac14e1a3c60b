"""`settings show|set`: the station's conventions can be changed, and a bad value changes
nothing and says which setting and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def test_the_defaults_are_those_of_the_domain_notes(cli: Callable[..., Any]) -> None:
    shown = json.loads(cli("settings", "show", "--json").out)
    assert shown["lot_code_pattern"] == "{country}-{year}-{seq:03d}"
    assert (shown["size_nano_below"], shown["size_micro_from"], shown["size_micro_to"]) == (
        "50",
        "100",
        "1000",
    )


def test_a_new_pattern_and_station_name_shape_the_next_code(cli: Callable[..., Any]) -> None:
    assert cli("settings", "set", "station_name", "LUC").code == 0
    assert cli("settings", "set", "lot_code_pattern", "{station}-{year}-{seq:04d}").code == 0
    added = cli(
        "lots", "add", "--json", "-", stdin=b'{"name": "Bombe", "harvest_start": "2026-11-10"}'
    )
    assert added.code == 0
    assert added.out.strip() == "LUC-2026-0001"


def test_thresholds_move_lots_between_size_classes(cli: Callable[..., Any]) -> None:
    cli("lots", "add", "--json", "-", stdin=b'{"name": "Konga", "green_kg": "900"}')
    assert json.loads(cli("lots", "list", "--json").out)[0]["size_class"] == "micro"
    assert cli("settings", "set", "size_micro_to", "800").code == 0
    assert json.loads(cli("lots", "list", "--json").out)[0]["size_class"] == "regular"
    listed = json.loads(cli("lots", "list", "--size-class", "regular", "--json").out)
    assert [lot["name"] for lot in listed] == ["Konga"]


def test_refused_values_name_the_setting_and_change_nothing(cli: Callable[..., Any]) -> None:
    before = cli("settings", "show", "--json").out
    out_of_order = cli("settings", "set", "size_micro_from", "2000")
    assert out_of_order.code == 1
    assert "size_micro_from" in out_of_order.err and "out of order" in out_of_order.err
    no_seq = cli("settings", "set", "lot_code_pattern", "{country}-{year}")
    assert no_seq.code == 1
    assert "lot_code_pattern" in no_seq.err and "{seq}" in no_seq.err
    not_number = cli("settings", "set", "size_nano_below", "fifty")
    assert not_number.code == 1 and "not a number" in not_number.err
    assert cli("settings", "show", "--json").out == before
