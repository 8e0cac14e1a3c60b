"""`sessions list|show`: what the table recorded, as text and JSON, run in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cupping_session_builder import ANA_SHEET, Built, fill

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.storage.database import OpenDatabase

Cli = Callable[..., Any]


def test_show_a_revealed_session_with_an_exclusion(
    cli: Cli, cupping: CuppingService, blind_session: Built, database: OpenDatabase
) -> None:
    sample = blind_session.sample_ids[0]
    ana, ben = blind_session.cupper_ids
    fill(cupping, sample, ana, ANA_SHEET)
    fill(cupping, sample, ben, {**ANA_SHEET, "flavor": "6", "overall": "6"})  # 82.75
    ben_sheet = cupping.sheets.get(sample, ben).sheet_id or ""
    cupping.sheets.exclude(ben_sheet, "Palate fatigue", "Ana Leader")
    cupping.reveal(blind_session.session_id, "Ana Leader")
    database.close()

    text = cli("sessions", "show", blind_session.session_id[:8])
    assert text.code == 0, text
    assert "revealed  by Ana Leader at 2026-11-27T09:" in text.out
    lines = text.out.splitlines()
    first = next(line for line in lines if blind_session.lot_codes[0] in line)
    assert "final 87.25" in first and "(1 sheets)" in first
    assert any(
        "Cupper 1" in line and "82.75 flagged excluded: Palate fatigue" in line for line in lines
    )

    data = json.loads(cli("sessions", "show", blind_session.session_id, "--json").out)
    assert data["hidden"] is False and data["revealed"]["by"] == "Ana Leader"
    first_sample = data["samples"][0]
    assert first_sample["lot"]["code"] == blind_session.lot_codes[0]
    panel = first_sample["panel"]
    assert panel["final"] == 87.25 and panel["third_party"] is True
    assert panel["statistics"]["final"] == {
        "count": 1,
        "mean": 87.25,
        "sd": None,
        "min": 87.25,
        "max": 87.25,
    }
    assert [s["excluded"] and s["excluded"]["reason"] for s in panel["sheets"]] == [
        None,
        "Palate fatigue",
    ]
    assert data["samples"][1]["panel"]["statistics"] is None  # nothing entered yet


def test_list_sessions(
    cli: Cli, cupping: CuppingService, open_session: Built, database: OpenDatabase
) -> None:
    cupping.update_session(open_session.session_id, {"title": "Arrival QC"})
    database.close()
    listing = cli("sessions", "list")
    assert listing.code == 0
    (line,) = listing.out.splitlines()
    assert line.startswith(open_session.session_id[:8] + "  2026-11-27  sca-2004")
    assert "open" in line and "samples   3" in line and "cuppers   2" in line
    assert "Arrival QC" in line
    (entry,) = json.loads(cli("sessions", "list", "--json").out)
    assert (entry["id"], entry["samples"], entry["cuppers"], entry["blind"]) == (
        open_session.session_id,
        3,
        2,
        False,
    )


def test_show_an_unknown_session_exits_1(cli: Cli) -> None:
    cli("demo")
    result = cli("sessions", "show", "abcdef12")
    assert result.code == 1
    assert "No session 'abcdef12' was found." in result.err
