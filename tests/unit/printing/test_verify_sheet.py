"""`verify sheet FILE`: a provenance sheet exported at one station is held to the records the
station checking it holds — after a bundle brought them, from the PDF or from a photo of the
printed page — and a sheet whose text was changed, a sheet printed before later custody events,
a lot unknown here and a file that is no sheet each get their own plain answer."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from stations import Station
from ticking_clock import TickingClock

from microlot_desk.export.printing.provenance_sheet import build_sheet
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintOptions, PrintService
from microlot_desk.sheet_labels import labels_for
from microlot_desk.storage.database import open_database

LOT = "CN-2026-002"


def sheet_of(station: Station, code: str, folder: Path) -> Path:
    assert station.run("export", "sheet", code, "-o", str(folder)).code == 0
    return folder / f"{code}.pdf"


def verdict(station: Station, sheet: Path) -> tuple[int, dict[str, object]]:
    shown = station.run("verify", "sheet", str(sheet), "--json")
    return shown.code, json.loads(shown.out) if shown.out else {}


def test_a_sheet_exported_at_a_verifies_at_b_once_b_holds_as_bundle(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    sheet = sheet_of(a, LOT, tmp_path / "sheets")
    code, found = verdict(b, sheet)
    assert (code, found["outcome"]) == (1, "unknown_lot")
    assert "holds no lot" in b.run("verify", "sheet", str(sheet)).out
    assert b.run("bundle", "import", str(a.send(tmp_path / "a.mlot"))).code == 0
    code, found = verdict(b, sheet)
    assert (code, found["outcome"], found["read_from"]) == (0, "matches", "pdf")
    assert found["signed_by"] == {"station": a.name, "fingerprint": a.fingerprint}
    assert found["recorded_here"] is False
    said = b.run("verify", "sheet", str(sheet)).out
    assert said.startswith(
        f"{LOT}: the sheet matches the records held here, received signed by {a.name}"
    )
    code, at_a = verdict(a, sheet)
    assert (code, at_a["outcome"], at_a["recorded_here"]) == (0, "matches", True)


def test_a_sheet_whose_producer_name_was_changed_does_not_verify(
    stations: tuple[Station, Station], tmp_path: Path, clock: TickingClock
) -> None:
    a, b = stations
    b.run("bundle", "import", str(a.send(tmp_path / "a.mlot")))
    database = open_database(a.folder / "microlot.sqlite", clock=clock)
    try:
        lots = LotService(database, clock=clock)
        printing = PrintService(lots, clock=clock)
        lot = lots.get_by_code(LOT)
        data = printing.sheet_data(lot, PrintOptions(labels_for("en")))
        assert lot.producer is not None
        renamed = dataclasses.replace(lot.producer, name=lot.producer.name[:-1] + "X")
        forged = build_sheet(
            dataclasses.replace(data, lot=dataclasses.replace(lot, producer=renamed))
        )
    finally:
        database.close()
    sheet = tmp_path / "forged.pdf"
    sheet.write_bytes(forged.pdf)  # its QR code and marks made to agree with the new name
    code, found = verdict(b, sheet)
    assert (code, found["outcome"], found["sections_differing"]) == (1, "differs", ["lot"])
    assert "DIFFERS" in b.run("verify", "sheet", str(sheet)).out


def test_a_sheet_printed_before_a_later_custody_event_matches_as_of_then(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, _ = stations
    sheet = sheet_of(a, LOT, tmp_path / "sheets")
    events_before = int(
        a.value(
            "SELECT count(*) FROM custody_events e JOIN lots l ON l.id = e.lot_id WHERE l.code = ?",
            LOT,
        )
    )
    a.add_warehouse_event(LOT, "Kunming warehouse", "2026-11-20", "+08:00")
    code, found = verdict(a, sheet)
    assert (code, found["outcome"], found["events_since"]) == (0, "matches_as_of", 1)
    last = a.value(
        "SELECT recorded_at FROM custody_events e JOIN lots l ON l.id = e.lot_id"
        " WHERE l.code = ? AND seq = ?",
        LOT,
        events_before,
    )
    assert found["as_of"] == last
    said = a.run("verify", "sheet", str(sheet)).out
    assert f"as of {last[:10]}" in said and "1 custody event(s) recorded since" in said


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a_photo_of_the_printed_page_is_checked_from_its_qr_code(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, b = stations
    sheet = sheet_of(a, LOT, tmp_path / "sheets")
    b.run("bundle", "import", str(a.send(tmp_path / "a.mlot")))
    photo = tmp_path / "photo"  # pdftoppm adds .png
    command = ["pdftoppm", "-r", "150", "-png", "-singlefile", str(sheet), str(photo)]
    subprocess.run(command, check=True)
    code, found = verdict(b, photo.with_suffix(".png"))
    assert (code, found["outcome"], found["read_from"]) == (0, "matches", "qr")
    assert found["sections_differing"] == []


def test_a_file_that_is_no_sheet_is_refused_with_the_reason(
    stations: tuple[Station, Station], tmp_path: Path
) -> None:
    a, _ = stations
    for name, data, reason in (
        ("notes.txt", b"just some notes", "neither a PDF nor a picture"),
        ("broken.pdf", b"%PDF-1.7\n%garbage", "not a readable PDF"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        shown = a.run("verify", "sheet", str(path))
        assert shown.code == 1 and reason in shown.err, shown
    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("RGB", (200, 200), "white").save(blank)
    shown = a.run("verify", "sheet", str(blank))
    assert shown.code == 1 and "no microlot_desk QR code" in shown.err
