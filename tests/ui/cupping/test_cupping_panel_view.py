"""The panel result: statistics and lines as the leader sees them, flagged cuppers highlighted,
a sheet left out and taken back (a reason is required, and the refusal keeps the dialog open),
the chart of section means, and a lot's score history across sessions."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from cupping_driving import (
    Table,
    committed,  # noqa: F401  (fixture)
    cupping,  # noqa: F401  (fixture)
    lot_service,  # noqa: F401  (fixture)
    set_table,
    show_in_host,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.ui.cupping.panel_chart import BAR
from microlot_desk.ui.cupping.panel_dialogs import ConfirmDialog
from microlot_desk.ui.cupping.panel_models import FLAGGED
from microlot_desk.ui.cupping.panel_view import PanelView
from microlot_desk.ui.cupping.score_history import ScoreHistoryView

LEFT = Qt.MouseButton.LeftButton
QUALITY = ("fragrance_aroma", "flavor", "aftertaste", "acidity", "body", "balance", "overall")


def sheet(quality: str, cups: int = 5) -> dict[str, object]:
    values: dict[str, object] = dict.fromkeys(QUALITY, quality)
    values.update(uniformity=cups, clean_cup=5, sweetness=5)
    return values


@pytest.fixture
def table(lot_service: LotService, cupping: CuppingService) -> Table:  # noqa: F811
    """Sample 1 scored by three cuppers: 86.00, 86.00 and 82.50 (mean 84.83)."""
    made = set_table(lot_service, cupping, samples=2, cuppers=3, blind=True)
    for cupper, quality in zip(made.cupper_ids, ("8", "8", "7.5"), strict=True):
        for key, value in sheet(quality).items():
            cupping.sheets.set_field(made.sample_ids[0], cupper, key, value)
    return made


@pytest.fixture
def panel(qtbot: QtBot, cupping: CuppingService, table: Table) -> Iterator[PanelView]:  # noqa: F811
    view = PanelView(cupping)
    host = show_in_host(qtbot, view, QUndoStack())
    view.show_session(table.session_id)
    yield view
    host.close()


def test_statistics_lines_and_flags_as_shown(
    panel: PanelView,
    table: Table,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    qtmodeltester.check(panel.stats)
    qtmodeltester.check(panel.lines)
    stats = {
        panel.stats.index(r, 0).data(): [panel.stats.index(r, c).data() for c in range(1, 6)]
        for r in range(panel.stats.rowCount())
    }
    assert stats["Flavor"] == ["7.83", "0.29", "7.50", "8.00", "3"]
    assert stats["Uniformity"] == ["10.00", "0.00", "10.00", "10.00", "3"]
    assert stats["Final"] == ["84.83", "2.02", "82.50", "86.00", "3"]
    assert panel.final.text() == "84.83"
    assert table.codes[0] in panel.title.text()
    lines = panel.lines
    far = [r for r in range(lines.rowCount()) if lines.line(r).flagged]  # type: ignore[union-attr]
    assert far == [2]  # 82.50 is 2.33 below the mean; the others 1.17 above it
    assert lines.index(2, 3).data() == "-2.33"
    assert lines.index(2, 0).data(Qt.ItemDataRole.BackgroundRole).color() == FLAGGED
    assert lines.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_the_chart_draws_a_bar_per_section_with_its_spread(panel: PanelView) -> None:
    bars = panel.chart.bars
    assert [bar.label for bar in bars][:2] == ["Fragrance/Aroma", "Flavor"]
    assert len(bars) == 10
    flavor = bars[1]
    assert (flavor.mean, flavor.stdev, flavor.high) == (Decimal("7.83"), Decimal("0.29"), 10)
    image = panel.chart.grab().toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert QColor(BAR).name() in colours


def test_leaving_out_needs_a_reason_and_taking_back_restores_the_mean(
    qtbot: QtBot,
    panel: PanelView,
    table: Table,
    committed: CuppingService,  # noqa: F811
) -> None:
    panel.lines_table.selectRow(2)
    qtbot.mouseClick(panel.exclude_button, LEFT)
    dialog = panel.dialog
    assert isinstance(dialog, ConfirmDialog)
    assert dialog.by.text() == "Ana Leader"
    click_ok(qtbot, dialog)  # no reason given
    assert dialog.isVisible()
    assert dialog.errors["reason"].text() == "Reason is required"
    assert committed.sheets.panel(table.sample_ids[0]).final_mean == Decimal("84.83")
    qtbot.keyClicks(dialog.reason, "tasted after the break")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert committed.sheets.panel(table.sample_ids[0]).final_mean == Decimal("86.00")
    assert panel.final.text() == "86.00"
    assert panel.lines.index(2, 4).data() == "Left out: tasted after the break"
    assert panel.lines.index(2, 0).data(Qt.ItemDataRole.FontRole).italic()

    assert panel.restore_button.isEnabled()
    qtbot.mouseClick(panel.restore_button, LEFT)
    dialog = panel.dialog
    assert isinstance(dialog, ConfirmDialog)
    qtbot.keyClicks(dialog.reason, "re-cupped, consistent")
    click_ok(qtbot, dialog)
    assert committed.sheets.panel(table.sample_ids[0]).final_mean == Decimal("84.83")
    assert panel.lines.index(2, 4).data().startswith("⚑")


def test_a_lots_score_history_appears_once_revealed(
    qtbot: QtBot,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
    table: Table,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    second = set_table(
        lot_service, cupping, samples=1, cuppers=1, blind=False, held_on="2026-12-15"
    )
    history = ScoreHistoryView(cupping)
    qtbot.addWidget(history)
    history.show_lot(table.lot_ids[0])
    assert history.model.rowCount() == 0 and "not been cupped" in history.note.text()
    cupping.reveal(table.session_id, "Ana Leader")
    # The same lot again, as an arrival sample in an open session.
    arrival = cupping.add_sample(second.session_id, table.lot_ids[0], {"sample_type": "arrival"})
    for key, value in sheet("8.5").items():
        cupping.sheets.set_field(arrival.id, second.cupper_ids[0], key, value)
    history.show_lot(table.lot_ids[0])
    qtmodeltester.check(history.model)
    rows = [
        [history.model.index(r, c).data() for c in (2, 4, 5, 7, 8)]
        for r in range(history.model.rowCount())
    ]
    assert rows == [
        ["Pre-shipment", "84.83", "2.02", "3", "Yes"],
        ["Arrival / landed", "89.50", "", "1", "Yes"],
    ]
    assert history.trend.finals == [84.83, 89.5]


def click_ok(qtbot: QtBot, dialog: ConfirmDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), LEFT)


def test_a_certificate_whose_cells_disagree_shows_both_totals(
    qtbot: QtBot,
    cupping: CuppingService,  # noqa: F811
    lot_service: LotService,  # noqa: F811
) -> None:
    header = (
        "Country.of.Origin,Farm.Name,Aroma,Flavor,Aftertaste,Acidity,Body,Balance,Uniformity,"
        "Clean.Cup,Sweetness,Cupper.Points,Total.Cup.Points"
    )
    # The cells add up to 88.83 in both rows: 88.85 is within rounding of it, 89.83 is not.
    agrees = "Colombia,La Loma,8.58,8.42,8.33,8.50,8.25,8.33,10.00,10.00,10.00,8.42,88.85"
    typo = "Kenya,Kiama,8.58,8.42,8.33,8.50,8.25,8.33,10.00,10.00,10.00,8.42,89.83"
    report = cupping.import_cqi(
        f"{header}\n{agrees}\n{typo}\n".encode(), "cqi.csv", skip_bad_rows=True
    )
    history = ScoreHistoryView(cupping)
    qtbot.addWidget(history)
    shown = []
    for code in report.lot_codes:
        history.show_lot(lot_service.get_by_code(code).id)
        shown.append(history.model.index(0, 4).data())
    assert shown == ["88.85", "88.83 (stated 89.83)"]
