"""The lot editor's Plots tab: each plot's altitude, area and location; a point or an outline
entered by typing coordinates, pasting GeoJSON, or importing a GeoJSON or GPX file; the EUDR
rules checked as you type (each broken rule named), the geodesic area, and the outline drawn
to scale. Saving is one service call; a refused location is not saved and says why."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.domain.geo_rules import GeoProblem, GeoReport
from microlot_desk.domain.geo_shapes import PlotShape, ShapeKind, from_stored
from microlot_desk.domain.lots import Lot, Plot
from microlot_desk.errors import KnownError
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.plot_service import (
    MAX_LOCATION_FILE_BYTES,
    GeometryRefused,
    GeometryUnreadable,
    PlotService,
    read_location,
)
from microlot_desk.ui.common.error_dialogs import known_or_crash
from microlot_desk.ui.common.page_parts import vertical_scroll
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, format_decimal
from microlot_desk.ui.common.workers import run_in_background
from microlot_desk.ui.provenance.plot_outline_widget import PlotOutline
from microlot_desk.ui.provenance.provenance_texts import (
    geo_problem_text,
    input_problem_text,
    rule_text,
    t,
)
from microlot_desk.user_files import read_user_file

CHECK_DELAY_MS = 250
MODES = (
    ("point", "Point: latitude, longitude"),
    ("polygon", "Polygon: one latitude, longitude per line"),
    ("geojson", "GeoJSON: paste a Point or a Polygon"),
)
FILE_FILTER = "GeoJSON or GPX (*.geojson *.json *.gpx);;All files (*)"


def typed_text(shape: PlotShape) -> str:
    """A shape as the typed form takes it: 'latitude, longitude' per line."""
    positions = shape.positions[:-1] if shape.kind is ShapeKind.POLYGON else shape.positions
    return "\n".join(f"{lat}, {lon}" for lon, lat in positions)


def recorded_text(geometry: object) -> tuple[str, str]:
    """(mode, text) of a stored location, 6 decimals (as it was saved)."""
    shape = from_stored(geometry)
    if shape is None:
        return "polygon", ""
    mode = "point" if shape.kind is ShapeKind.POINT else "polygon"
    positions = shape.positions[:-1] if shape.kind is ShapeKind.POLYGON else shape.positions
    return mode, "\n".join(f"{float(lat):.6f}, {float(lon):.6f}" for lon, lat in positions)


def _read_file(path: Path) -> tuple[str, str] | str | KnownError:
    """The worker's part of an import: (mode, text) for the box, or why not. A GPX walk becomes
    typed positions; GeoJSON goes into the box as written, so the rules see it as it is."""
    try:
        data = read_user_file(path, max_bytes=MAX_LOCATION_FILE_BYTES)
        if path.suffix.lower() == ".gpx" or data.lstrip()[:1] == b"<":
            shape = read_location(gpx=data)
            return ("point" if shape.kind is ShapeKind.POINT else "polygon"), typed_text(shape)
        return "geojson", data.decode("utf-8-sig")
    except KnownError as error:
        return error
    except UnicodeDecodeError:
        return input_problem_text("not_geojson", {})
    except OSError as error:
        return error.strerror or str(error)


class PlotView(QWidget):
    records_changed = Signal(str)  # a lot id, after a plot's location was saved

    def __init__(self, lots: LotService, plots: PlotService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plotView")
        self._lots = lots
        self._plots = plots
        self._lot: Lot | None = None
        self._recorded = ("polygon", "")
        self.shape: PlotShape | None = None  # what the box holds, read
        self.report: GeoReport | None = None

        self.plot_choice = QComboBox(self)
        self.plot_choice.setObjectName("plotChoice")
        self.plot_choice.currentIndexChanged.connect(lambda _i: self._show_plot())
        self.facts = QLabel(self)
        self.facts.setObjectName("plotFacts")
        self.facts.setWordWrap(True)
        self.mode = QComboBox(self)
        self.mode.setObjectName("locationMode")
        for key, label in MODES:
            self.mode.addItem(t(label), key)
        self.mode.currentIndexChanged.connect(lambda _i: self._schedule())
        self.import_button = QPushButton(t("Import GeoJSON or GPX…"), self)
        self.import_button.setObjectName("importLocation")
        self.import_button.clicked.connect(self.import_file)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("locationText")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(96)
        self.text.setPlaceholderText("1.605012, -77.130061\n1.605113, -77.128712\n…")
        self.text.textChanged.connect(self._schedule)
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self.result = QLabel(self)
        self.result.setObjectName("locationReport")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outline = PlotOutline(self)
        self.save_button = QPushButton(t("Save location"), self)
        self.save_button.setObjectName("saveLocation")
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton(t("Remove location"), self)
        self.clear_button.setObjectName("clearLocation")
        self.clear_button.clicked.connect(self.clear_location)
        self.message = QLabel(self)
        self.message.setObjectName("plotMessage")
        self.message.setWordWrap(True)

        entry = QHBoxLayout()
        entry.addWidget(self.mode, 1)
        entry.addWidget(self.import_button)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.clear_button)
        actions.addStretch(1)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(self.plot_choice)
        column.addWidget(self.facts)
        column.addLayout(entry)
        column.addWidget(self.text)
        column.addWidget(self.result)
        column.addWidget(self.outline, 1)
        column.addLayout(actions)
        column.addWidget(self.message)
        scroll = vertical_scroll(body, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.show_lot(None)

    # ---- showing ------------------------------------------------------------------------------

    @property
    def plot(self) -> Plot | None:
        index = self.plot_choice.currentIndex()
        if self._lot is None or not 0 <= index < len(self._lot.plots):
            return None
        return self._lot.plots[index]

    def show_lot(self, lot_id: str | None) -> None:
        """Read the lot's plots afresh (the same lot keeps its chosen plot and message)."""
        same = self._lot is not None and self._lot.id == lot_id
        self.message.setText(self.message.text() if same else "")
        chosen = self.plot.id if self.plot is not None else None
        self._lot = None
        if lot_id is not None:
            try:
                self._lot = self._lots.get(lot_id)
            except KnownError as error:
                self.message.setText(error_text(error))
        self.plot_choice.blockSignals(True)
        self.plot_choice.clear()
        for number, plot in enumerate(self._lot.plots if self._lot else (), start=1):
            self.plot_choice.addItem(plot.name or t("Plot {n} (no name)").format(n=number))
            if plot.id == chosen:
                self.plot_choice.setCurrentIndex(number - 1)
        self.plot_choice.blockSignals(False)
        self._show_plot()

    def _show_plot(self) -> None:
        plot, lot = self.plot, self._lot
        writable = plot is not None and not self._lots.read_only
        for widget in (self.text, self.mode, self.import_button):
            widget.setEnabled(writable)
        self.clear_button.setEnabled(writable and plot is not None and plot.geometry is not None)
        if lot is not None and plot is None:
            self.facts.setText(t("This lot has no plot: name one on the Record tab (Plot)."))
        self._recorded = recorded_text(plot.geometry if plot else None)
        self._set_input(*self._recorded)
        if plot is not None:
            self.facts.setText(self._facts(plot))

    def _facts(self, plot: Plot) -> str:
        altitude = t("{m} m").format(m=plot.altitude_m) if plot.altitude_m is not None else "—"
        area = (
            t("{ha} ha").format(ha=format_decimal(plot.area_ha.normalize()))
            if plot.area_ha is not None
            else t("not recorded")
        )
        lines = [
            t("Altitude: {altitude}   Area recorded: {area}").format(altitude=altitude, area=area)
        ]
        shape = from_stored(plot.geometry, plot.geometry_decimals)
        if shape is None:
            lines.append(t("Location: none recorded"))
        elif shape.kind is ShapeKind.POINT:
            lines.append(t("Location: a point"))
        else:
            lines.append(t("Location: a polygon of {n} corners").format(n=len(shape.positions) - 1))
        lines.append(t("Altitude, area and the plot's name are edited on the Record tab."))
        return "\n".join(lines)

    def _set_input(self, mode: str, text: str) -> None:
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(max(self.mode.findData(mode), 0))
        self.mode.blockSignals(False)
        self.text.blockSignals(True)
        self.text.setPlainText(text)
        self.text.blockSignals(False)
        self.check()

    # ---- checking -----------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._timer.start()

    def _read(self) -> PlotShape:
        text = self.text.toPlainText()
        mode = self.mode.currentData()
        if mode == "point":
            return read_location(point=text)
        if mode == "geojson":
            return read_location(geojson=text)
        return read_location(polygon=text)

    def check(self) -> None:
        """Read the box and apply the rules, without saving; show the result and the outline."""
        self._timer.stop()
        self.shape, self.report = None, None
        lot, plot = self._lot, self.plot
        changed = (self.mode.currentData(), self.text.toPlainText()) != self._recorded
        self.save_button.setEnabled(False)
        if lot is None or plot is None or not self.text.toPlainText().strip():
            self.result.clear()
            self.outline.set_shape("", [])
            return
        try:
            self.shape = self._read()
        except GeometryUnreadable as error:
            self._show_problems([], error)
            self.outline.set_shape("", [])
            return
        self.report = self._plots.check(lot, plot, self.shape)
        self._show_report(self.report, self.shape)
        self.save_button.setEnabled(changed and self.report.ok and not self._lots.read_only)

    def _show_report(self, report: GeoReport, shape: PlotShape) -> None:
        drawn = report.shape or shape
        area = float(report.area_ha) if report.area_ha is not None else None
        if drawn.kind is ShapeKind.POINT and self.plot is not None and self.plot.area_ha:
            area = float(self.plot.area_ha)
        self.outline.set_shape(drawn.kind.value, drawn.floats(), area_ha=area, valid=report.ok)
        self._show_problems(list(report.problems), None, report)

    def _show_problems(
        self,
        problems: list[GeoProblem],
        unreadable: GeometryUnreadable | None,
        report: GeoReport | None = None,
    ) -> None:
        lines: list[str] = []
        if unreadable is not None:
            reason = str(unreadable.params.get("reason", ""))
            text = input_problem_text(reason, unreadable.params)
            lines.append(f"<span style='color: #b00020;'>✗ {_escape(text)}</span>")
        for problem in problems:
            text = geo_problem_text(problem.code, problem.values)
            rule = rule_text(problem.code)
            rule_part = f"<br>&nbsp;&nbsp;&nbsp;<i>{_escape(rule)}</i>" if rule else ""
            lines.append(f"<span style='color: #b00020;'>✗ {_escape(text)}</span>{rule_part}")
        if report is not None:
            for warning in report.warnings:
                text = geo_problem_text(warning.code, warning.values)
                lines.append(f"<span style='color: #a15c00;'>⚠ {_escape(text)}</span>")
            if report.area_ha is not None:
                area = format_decimal(report.area_ha)
                lines.insert(0, "<b>" + t("Area (geodesic): {ha} ha").format(ha=area) + "</b>")
            if report.ok:
                lines.insert(
                    0, "<span style='color: #2e6b30;'>✓ " + t("Meets the EUDR rules.") + "</span>"
                )
        self.result.setText("<br>".join(lines))

    # ---- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        lot, plot = self._lot, self.plot
        if lot is None or plot is None:
            return
        try:
            shape = self._read()
            report = self._plots.set_location(lot.id, plot.id, shape)
        except GeometryUnreadable as error:
            self._show_problems([], error)
            return
        except GeometryRefused as refused:
            self._show_problems(list(refused.problems), None)
            self.message.setText(error_text(refused))
            return
        except KnownError as error:
            self.message.setText(error_text(error))
            return
        self.show_lot(lot.id)
        area = f" ({format_decimal(report.area_ha)} ha)" if report.area_ha is not None else ""
        self.message.setText(t("Location saved.") + area)
        emit(self.records_changed, lot.id)

    def clear_location(self) -> None:
        lot, plot = self._lot, self.plot
        if lot is None or plot is None:
            return
        try:
            self._plots.clear_location(lot.id, plot.id)
        except KnownError as error:
            self.message.setText(error_text(error))
            return
        self.show_lot(lot.id)
        self.message.setText(t("Location removed."))
        emit(self.records_changed, lot.id)

    def import_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, t("Import a plot location"), "", t(FILE_FILTER)
        )
        if chosen:
            self.import_path(Path(chosen))

    def import_path(self, path: Path) -> None:
        """Read a GeoJSON or GPX file off the GUI thread, then put it in the box to check."""
        self.message.setText(t("Reading {name}…").format(name=path.name))
        run_in_background(
            lambda: _read_file(path),
            on_error=known_or_crash(lambda text: self._imported(path, text)),
            on_done=lambda outcome: self._imported(path, outcome),
        )

    def _imported(self, path: Path, outcome: object) -> None:
        if not shiboken6.isValid(self):
            return
        self.message.clear()
        if isinstance(outcome, GeometryUnreadable):
            self._show_problems([], outcome)
            self.message.setText(t("{name} was not imported.").format(name=path.name))
        elif isinstance(outcome, KnownError):
            self.message.setText(error_text(outcome))
        elif isinstance(outcome, str):
            self.message.setText(
                t("{name} cannot be read: {why}").format(name=path.name, why=outcome)
            )
        elif isinstance(outcome, tuple):
            self._set_input(*outcome)
            self.message.setText(
                t("Imported from {name}: check it, then save.").format(name=path.name)
            )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
