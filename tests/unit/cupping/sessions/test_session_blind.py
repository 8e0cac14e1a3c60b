"""Blind means blind: until the leader reveals a blind session, nothing the services or the CLI
return for it carries a lot's id, code or name; the reveal is logged (who, when) once."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cupping_session_builder import ANA_SHEET, Built, fill, stored

from microlot_desk.errors import ValidationFailed
from microlot_desk.services.common.cupping_errors import SessionNotBlind
from microlot_desk.services.cupping.cupping_json import board_to_json, overview_to_json
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService

Cli = Callable[..., Any]


def secrets_of(built: Built) -> list[str]:
    return [*built.lot_ids, *built.lot_codes, *built.lot_names]


def everything_returned(cupping: CuppingService, built: Built, lots: LotService) -> str:
    """The text of every view the services hand out for the session, and their JSON."""
    session_id = built.session_id
    board = cupping.open_session(session_id)
    seen: list[object] = [
        cupping.session(session_id),
        board,
        cupping.sessions(),
        [cupping.sheets.panel(s) for s in built.sample_ids],
        [cupping.sheets.get(s, c) for s in built.sample_ids for c in built.cupper_ids],
        json.dumps(board_to_json(board), ensure_ascii=False),
        json.dumps([overview_to_json(o) for o in cupping.sessions()], ensure_ascii=False),
    ]
    extra = lots.add_lot({"name": "Late addition", "country": "PE"})
    seen.append(cupping.add_sample(session_id, extra.id, {"sample_type": "offer"}))
    return "\n".join(repr(item) for item in seen)


def test_a_blind_session_shows_only_codes(
    cupping: CuppingService, blind_session: Built, lots: LotService
) -> None:
    fill(cupping, blind_session.sample_ids[0], blind_session.cupper_ids[0], ANA_SHEET)
    text = everything_returned(cupping, blind_session, lots)
    leaked = [secret for secret in secrets_of(blind_session) if secret in text]
    assert not leaked, f"blind session shows {leaked}"
    assert "Late addition" not in text
    view = cupping.session(blind_session.session_id)
    assert view.hidden
    assert all(s.lot is None and s.label == s.blind_code for s in view.samples)


def test_the_reveal_shows_the_lots_and_is_logged_once(
    cupping: CuppingService, blind_session: Built, db_path: Path
) -> None:
    reveal = cupping.reveal(blind_session.session_id, "  Ana Leader ")
    assert reveal.by == "Ana Leader"
    assert reveal.at.startswith("2026-11-27T09:")  # the test clock's UTC time
    view = cupping.session(blind_session.session_id)
    assert not view.hidden and view.reveal == reveal
    assert [s.lot.code if s.lot else None for s in view.samples] == list(blind_session.lot_codes)
    assert [s.label for s in view.samples] == list(blind_session.lot_codes)

    again = cupping.reveal(blind_session.session_id, "Somebody Else")
    assert again == reveal
    assert stored(db_path, "SELECT by_name, at FROM session_reveals") == [("Ana Leader", reveal.at)]
    assert [o.revealed for o in cupping.sessions()] == [True]


def test_reveal_needs_a_name_and_a_blind_session(
    cupping: CuppingService, blind_session: Built, open_session: Built
) -> None:
    with pytest.raises(ValidationFailed):
        cupping.reveal(blind_session.session_id, " ")
    with pytest.raises(SessionNotBlind):
        cupping.reveal(open_session.session_id, "Ana Leader")
    assert cupping.session(blind_session.session_id).hidden


def test_lot_history_leaves_out_unrevealed_sessions(
    cupping: CuppingService, blind_session: Built
) -> None:
    for cupper in blind_session.cupper_ids:
        fill(cupping, blind_session.sample_ids[0], cupper, ANA_SHEET)
    lot = blind_session.lot_ids[0]
    assert cupping.lot_history(lot) == ()
    cupping.reveal(blind_session.session_id, "Ana Leader")
    (entry,) = cupping.lot_history(lot)
    assert (entry.final, entry.panel_size, entry.third_party) == (Decimal("87.25"), 2, True)


def test_cli_shows_a_blind_session_by_code_only(
    cli: Cli, cupping: CuppingService, blind_session: Built, database: Any
) -> None:
    fill(cupping, blind_session.sample_ids[0], blind_session.cupper_ids[0], ANA_SHEET)
    database.close()  # the CLI opens the file itself
    listing = cli("sessions", "list", "--json")
    shown = cli("sessions", "show", blind_session.session_id[:8], "--json")
    text = cli("sessions", "show", blind_session.session_id[:8])
    assert listing.code == shown.code == text.code == 0, (listing, shown, text)
    for output in (listing.out, shown.out, text.out):
        assert not [s for s in secrets_of(blind_session) if s in output]
    data = json.loads(shown.out)
    assert data["hidden"] is True and data["revealed"] is None
    assert [s["lot"] for s in data["samples"]] == [None, None, None]
    assert data["samples"][0]["panel"]["final"] == 87.25
