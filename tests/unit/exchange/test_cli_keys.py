"""`keys show|list|trust|forget`: the fingerprint on a line of its own, trusted stations kept in
the database (and so in every backup), bad fingerprints named with nothing stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from microlot_desk.domain.fingerprints import fingerprint
from microlot_desk.storage.station_key import key_path, load_key, public_bytes

Cli = Callable[..., Any]
OTHER = "7K3Q-QXWD-F2PA-HN4T-AB2C"


def test_keys_show_prints_the_fingerprint_alone_on_its_first_line(cli: Cli, data_dir: Path) -> None:
    cli("settings", "set", "station_name", "Beneficio Kochere")
    shown = cli("keys", "show")
    assert shown.code == 0
    first, *rest = shown.out.splitlines()
    assert first == fingerprint(public_bytes(load_key(key_path(data_dir))))
    assert any("Beneficio Kochere" in line for line in rest)
    again = cli("keys", "show", "--json")
    assert json.loads(again.out)["fingerprint"] == first  # the same key, not a new one
    assert json.loads(again.out)["station"] == "Beneficio Kochere"
    assert bytes.fromhex(json.loads(again.out)["public_key"]) == public_bytes(
        load_key(key_path(data_dir))
    )


def test_a_trusted_station_is_listed_renamed_and_forgotten(cli: Cli) -> None:
    assert cli("keys", "list").out.startswith("no trusted stations yet")
    trusted = cli("keys", "trust", OTHER.lower().replace("-", " "), "--name", "Finca La Esperanza")
    assert (trusted.code, trusted.out) == (0, f"trusted {OTHER} Finca La Esperanza\n")
    listed = json.loads(cli("keys", "list", "--json").out)
    assert [(s["fingerprint"], s["name"]) for s in listed] == [(OTHER, "Finca La Esperanza")]
    when = listed[0]["trusted_at"]

    cli("keys", "trust", OTHER, "--name", "La Esperanza (Huila)")
    renamed = json.loads(cli("keys", "list", "--json").out)
    assert [(s["name"], s["trusted_at"]) for s in renamed] == [("La Esperanza (Huila)", when)]
    assert OTHER in cli("keys", "list").out

    forgotten = cli("keys", "forget", OTHER)
    assert forgotten.code == 0 and "no longer trusted" in forgotten.out
    assert json.loads(cli("keys", "list", "--json").out) == []


def test_a_mistyped_fingerprint_is_named_and_nothing_is_stored(cli: Cli) -> None:
    refused = cli("keys", "trust", "7K3Q-QXWD-F2PA-HN4T-AB21", "--name", "Typo")
    assert refused.code == 1
    assert "'7K3Q-QXWD-F2PA-HN4T-AB21' is not a station fingerprint" in refused.err
    assert json.loads(cli("keys", "list", "--json").out) == []


def test_forgetting_a_station_never_trusted_says_so(cli: Cli) -> None:
    refused = cli("keys", "forget", OTHER)
    assert refused.code == 1
    assert OTHER in refused.err and "trusted station" in refused.err


def test_a_damaged_key_is_named_and_left_in_place(cli: Cli, data_dir: Path) -> None:
    cli("keys", "show")
    key_path(data_dir).write_bytes(b"garbage")
    refused = cli("keys", "show")
    assert refused.code == 1
    assert "station-key.pem cannot be read" in refused.err
    assert "It was not replaced" in refused.err
    assert key_path(data_dir).read_bytes() == b"garbage"
