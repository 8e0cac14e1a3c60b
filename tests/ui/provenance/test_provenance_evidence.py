"""The Evidence tab: attaching a photo with EXIF GPS (read and stored off the GUI thread), its
thumbnail, where it was taken against the plot, a copy without GPS to share, and a file that is
not a photo refused beside the file field with nothing recorded."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from driving import OFFSCREEN_POPUP_NOISE
from provenance_driving import (
    click,
    committed,
    gone,
    gps_of,
    open_lot_tab,
    photo_with_gps,
    pick,
    type_into,
    wait_dialog,
)
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from microlot_desk.domain.evidence import EvidenceKind, TargetType
from microlot_desk.domain.verdict import Hallmark, HallmarkName
from microlot_desk.services.settings.station_changes import change_station_setting
from microlot_desk.ui.main_window import MainWindow
from microlot_desk.ui.provenance import evidence_view
from microlot_desk.ui.provenance.attach_dialog import AttachDialog
from microlot_desk.ui.provenance.evidence_view import EvidenceView
from microlot_desk.ui.provenance.verdict_view import VerdictView

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)

INSIDE_LOTE_ALTO = (Decimal("1.6057"), Decimal("-77.1293"))  # within CO-2026-014's polygon
FAR_AWAY = (Decimal("1.6300"), Decimal("-77.1294"))  # some 2.7 km north of it


def evidence_tab(qtbot: QtBot, window: MainWindow, code: str) -> EvidenceView:
    view = open_lot_tab(qtbot, window, code, "Evidence")
    assert isinstance(view, EvidenceView)
    return view


def attach(
    qtbot: QtBot, view: EvidenceView, path: Path, kind: str, target_words: str
) -> AttachDialog:
    click(qtbot, view.attach_button)
    dialog = wait_dialog(qtbot, view, AttachDialog)
    type_into(qtbot, dialog.path, str(path))
    pick(qtbot, dialog.kind, kind)
    target = dialog.target.findText(target_words)
    assert target >= 0, [dialog.target.itemText(i) for i in range(dialog.target.count())]
    pick(qtbot, dialog.target, dialog.target.itemData(target))
    type_into(qtbot, dialog.caption, "Lote Alto 3 from the lower path")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    return dialog


def test_a_photo_with_gps_is_attached_with_its_thumbnail_and_position_checked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, db_path: Path
) -> None:
    data = photo_with_gps(tmp_path / "lote-alto.jpg", *INSIDE_LOTE_ALTO)
    view = evidence_tab(qtbot, window, "CO-2026-014")
    photos_before = view.photos.count()

    dialog = attach(qtbot, view, tmp_path / "lote-alto.jpg", "photo", "Plot Lote Alto 3")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5000)

    assert view.photos.count() == photos_before + 1
    assert view.selected is not None and view.selected.title == "lote-alto.jpg"
    attachment_id = view.selected.attachment.id
    qtbot.waitUntil(lambda: view.has_thumbnail(attachment_id), timeout=5000)
    detail = view.detail.text()
    assert "Attached to: Plot Lote Alto 3" in detail
    assert "taken inside plot Lote Alto 3" in detail
    assert hashlib.sha256(data).hexdigest() in detail
    with committed(db_path) as stored:
        lot = stored.lots.get_by_code("CO-2026-014")
        attached = stored.evidence.get(attachment_id)
        assert attached.sha256 == hashlib.sha256(data).hexdigest()
        assert attached.kind is EvidenceKind.PHOTO and attached.target_type is TargetType.PLOT
        assert attached.target_id == lot.plots[0].id
        assert attached.gps is not None and abs(attached.gps.lat - Decimal("1.6057")) < Decimal(
            "0.00001"
        )
        assert stored.evidence.read(attachment_id) == data  # stored whole, by its hash

    # A copy to share leaves the position out; the stored photo keeps it.
    copy = tmp_path / "shared.jpg"
    assert view.save_button.text() == "Save a copy without GPS…"
    view.save_copy(copy)
    qtbot.waitUntil(lambda: view.message.text().startswith("Copy saved"), timeout=5000)
    assert gps_of(data) and not gps_of(copy.read_bytes())


def test_a_photo_taken_far_from_the_plot_is_said_so_and_flagged(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    photo_with_gps(tmp_path / "elsewhere.jpg", *FAR_AWAY)
    view = evidence_tab(qtbot, window, "CO-2026-014")
    dialog = attach(qtbot, view, tmp_path / "elsewhere.jpg", "photo", "Lot CO-2026-014")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5000)
    assert view.selected is not None
    assert "m from plot Lote Alto 3: further than the 300 m allowed" in view.detail.text()

    verdict = open_lot_tab(qtbot, window, "CO-2026-014", "Verdict")
    assert isinstance(verdict, VerdictView)
    assert "a plot photo was taken" in verdict.flags.text()


def test_a_file_that_is_not_a_photo_is_refused_beside_the_file_field(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dump: Callable[[], list[str]]
) -> None:
    fake = tmp_path / "holiday.jpg"
    fake.write_text("not a picture at all", encoding="utf-8")
    view = evidence_tab(qtbot, window, "CO-2026-014")
    before = dump()
    dialog = attach(qtbot, view, fake, "photo", "Lot CO-2026-014")
    error = dialog.form.errors["file"]
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert error.text() == "Not attached: it is not a JPEG, PNG or WebP picture, nor a PDF."
    assert dialog.isVisible() and not dialog.busy
    dialog.close()
    assert dump() == before


HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "files"


@pytest.mark.parametrize(
    ("path", "says"),
    [
        (Path("/dev/zero"), "/dev/zero was not read: it is a device, not a file."),
        (
            HOSTILE / "zero.jpg",
            f"{HOSTILE / 'zero.jpg'} was not read: it is a link to /dev/zero; if that is the "
            "file you mean, give its own path.",
        ),
    ],
    ids=["device", "link"],
)
def test_a_device_or_a_link_is_refused_beside_the_file_field_at_once(
    qtbot: QtBot, window: MainWindow, dump: Callable[[], list[str]], path: Path, says: str
) -> None:
    view = evidence_tab(qtbot, window, "CO-2026-014")
    before = dump()
    dialog = attach(qtbot, view, path, "photo", "Lot CO-2026-014")
    error = dialog.form.errors["file"]
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert error.text() == f"{says} Nothing was changed."
    assert dialog.isVisible() and not dialog.busy
    dialog.close()
    assert dump() == before


def test_a_file_over_the_stations_limit_is_refused_naming_the_setting(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    change_station_setting(window.workspace.lots, "evidence_max_mb", "1")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"%" * (1024 * 1024 + 1))
    view = evidence_tab(qtbot, window, "CO-2026-014")
    dialog = attach(qtbot, view, scan, "document", "Lot CO-2026-014")
    error = dialog.form.errors["file"]
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert error.text() == (
        "Not attached: it is larger than 1 MB, the most this station accepts (Settings: "
        "largest evidence file)."
    )
    dialog.close()


def test_documents_are_listed_with_their_sha256_and_target(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow
) -> None:
    view = evidence_tab(qtbot, window, "CO-2026-014")
    qtmodeltester.check(view.model)
    model = view.model
    assert model.rowCount() == 1  # the Q-grader report (a PDF); the photos are above
    item = model.item(0)
    assert item is not None
    assert model.index(0, 2).data() == "Q-grader report"
    assert model.index(0, 3).data() == "Lot CO-2026-014"
    assert model.index(0, 1).data() == item.attachment.sha256[:16] + "…"
    view.documents.selectRow(0)
    assert item.attachment.sha256 in view.detail.text()
    assert view.save_button.text() == "Save a copy…"
    titles = [view.photos.item(i).text() for i in range(view.photos.count())]
    assert "CO-2026-014-producer.jpg\nProducer José Ñáñez Muñoz" in titles


def test_open_reads_and_checks_the_file_off_the_gui_thread_then_hands_it_to_the_viewer(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(
        evidence_view.QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(Path(url.toLocalFile())) or True),
    )
    view = evidence_tab(qtbot, window, "CO-2026-014")
    view.documents.selectRow(0)
    item = view.selected
    assert item is not None
    click(qtbot, view.open_button)
    qtbot.waitUntil(lambda: opened != [], timeout=5000)
    assert opened[0].suffix == ".pdf"
    assert hashlib.sha256(opened[0].read_bytes()).hexdigest() == item.attachment.sha256


def test_a_damaged_stored_file_is_not_opened_and_the_tab_says_why(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(
        evidence_view.QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url))
    )
    view = evidence_tab(qtbot, window, "CO-2026-014")
    view.documents.selectRow(0)
    item = view.selected
    assert item is not None
    stored = window.workspace.evidence.store.path(item.attachment.sha256)
    stored.chmod(0o644)
    stored.write_bytes(b"%PDF-1.4 not what was stored")
    click(qtbot, view.open_button)
    qtbot.waitUntil(lambda: view.message.text() != "", timeout=5000)
    assert view.message.text().startswith(
        f"The evidence file {item.attachment.sha256} is damaged: restore the evidence folder"
    )
    assert opened == []


def test_removing_a_document_takes_it_off_the_record_and_the_verdict_follows(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = evidence_tab(qtbot, window, "CO-2026-014")
    assert view.model.rowCount() == 1
    view.documents.selectRow(0)
    assert view.remove_button.isEnabled()
    lot_id = window.lots_page.selected_lot_id()
    assert lot_id is not None
    before = window.workspace.evidence.of_lot(lot_id)
    documents_before = _documents_hallmark(window, lot_id)
    view.remove_selected(confirm=False)  # the question box is Qt's own; the removal is ours
    assert view.model.rowCount() == 0
    after = window.workspace.evidence.of_lot(lot_id)
    assert len(after) == len(before) - 1
    assert "removed" in view.message.text().lower()
    documents_after = _documents_hallmark(window, lot_id)
    assert documents_after.status == "not_met"
    assert documents_after.evidence != documents_before.evidence  # the Q report no longer counts


def _documents_hallmark(window: MainWindow, lot_id: str) -> Hallmark:
    verdict = window.workspace.verdicts.assess(lot_id)
    return next(h for h in verdict.hallmarks if h.name is HallmarkName.DOCUMENTS)
