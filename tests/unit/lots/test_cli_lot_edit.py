"""`lots edit CODE --set FIELD=VALUE...`: the editor's rules, one transaction, each change
printed; a bad field is named and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Cli = Callable[..., Any]


def shown(cli: Cli, code: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(cli("lots", "show", code, "--json").out)
    return result


def test_fields_are_changed_and_each_change_printed(cli: Cli) -> None:
    cli("demo")
    edited = cli(
        "lots", "edit", "CO-2026-014", "--set", "green_kg=410.5", "--set", "region=Nariño, Buesaco"
    )
    assert edited.code == 0, edited
    assert "CO-2026-014 green_kg: 420 -> 410.5\n" in edited.out
    assert "CO-2026-014 region: Nariño, La Unión -> Nariño, Buesaco\n" in edited.out
    lot = shown(cli, "CO-2026-014")
    assert (lot["green_kg"], lot["region"]) == ("410.5", "Nariño, Buesaco")


def test_an_empty_value_clears_the_field(cli: Cli) -> None:
    cli("demo")
    assert cli("lots", "edit", "CO-2026-014", "--set", "moisture_pct=").code == 0
    assert shown(cli, "CO-2026-014")["moisture_pct"] is None


def test_one_bad_field_is_named_and_nothing_is_written(cli: Cli) -> None:
    cli("demo")
    before = shown(cli, "CO-2026-014")
    refused = cli("lots", "edit", "CO-2026-014", "--set", "green_kg=400", "--set", "country=XX")
    assert refused.code == 1
    assert "Country (country): 'XX' is not an ISO 3166 country code" in refused.err
    assert "Nothing was saved." in refused.err
    assert shown(cli, "CO-2026-014") == before


def test_an_unknown_field_or_lot_is_named(cli: Cli) -> None:
    cli("demo")
    assert (
        "colour (colour): is not a lot field"
        in cli("lots", "edit", "CO-2026-014", "--set", "colour=red").err
    )
    missing = cli("lots", "edit", "ZZ-0000-000", "--set", "green_kg=3")
    assert missing.code == 1 and "ZZ-0000-000" in missing.err


def test_the_same_value_again_changes_nothing(cli: Cli) -> None:
    cli("demo")
    before = shown(cli, "CO-2026-014")
    again = cli("lots", "edit", "CO-2026-014", "--set", "green_kg=420")
    assert (again.code, again.out) == (0, "CO-2026-014: nothing changed\n")
    assert shown(cli, "CO-2026-014")["updated_at"] == before["updated_at"]


def test_a_set_without_equals_is_a_usage_error(cli: Cli) -> None:
    with pytest.raises(SystemExit) as usage:
        cli("lots", "edit", "CO-2026-014", "--set", "green_kg")
    assert usage.value.code == 2
