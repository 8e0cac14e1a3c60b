"""Settings > Station key: this station's fingerprint, and the stations it trusts.

The fingerprint is what people read to each other (by phone, or on a printed sheet) before
one trusts the other's records: it is shown large, selectable, with a Copy button. Trusting a
station is typing its fingerprint and a name; a typo is refused with the reason under the
field, and nothing is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.errors import KnownError
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.page_parts import ERROR_STYLE, HINT_STYLE
from microlot_desk.ui.common.texts import error_text, tr


class StationKeyBox(QGroupBox):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(tr("Station key", "StationKeyBox"), parent)
        self._workspace = workspace
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(fixed.pointSizeF() * 1.3)

        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("stationFingerprint")
        self.fingerprint.setFont(fixed)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName(tr("This station's fingerprint", "StationKeyBox"))
        self.copy_button = QPushButton(tr("Copy", "StationKeyBox"), self)
        self.copy_button.clicked.connect(self._copy)
        self.key_problem = QLabel(self)
        self.key_problem.setObjectName("stationKeyProblem")
        self.key_problem.setWordWrap(True)
        self.key_problem.setStyleSheet(ERROR_STYLE)
        self.key_problem.hide()
        hint = QLabel(
            tr(
                "Read it to the people you exchange records with, by phone or in person, not "
                "in the mail that carries a bundle: they trust this station by it. It is also "
                "printed at the foot of every provenance sheet.",
                "StationKeyBox",
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)

        self.trusted = QTableWidget(0, 3, self)
        self.trusted.setObjectName("trustedStations")
        self.trusted.setHorizontalHeaderLabels(
            [
                tr("Station", "StationKeyBox"),
                tr("Fingerprint", "StationKeyBox"),
                tr("Trusted on", "StationKeyBox"),
            ]
        )
        self.trusted.verticalHeader().hide()
        self.trusted.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trusted.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trusted.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.trusted.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.trusted.setMinimumHeight(120)
        self.trusted.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(
            tr("No trusted stations yet: records from others are refused.", "StationKeyBox"),
            self,
        )
        self.empty.setStyleSheet(HINT_STYLE)
        self.trust_button = QPushButton(tr("Trust a station…", "StationKeyBox"), self)
        self.trust_button.clicked.connect(self.trust_station)
        self.forget_button = QPushButton(tr("Stop trusting", "StationKeyBox"), self)
        self.forget_button.clicked.connect(self.forget_selected)
        self.problem = QLabel(self)
        self.problem.setObjectName("trustProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()

        mine = QHBoxLayout()
        mine.addWidget(self.fingerprint, 1)
        mine.addWidget(self.copy_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(mine)
        layout.addWidget(self.key_problem)
        layout.addWidget(hint)
        layout.addSpacing(6)
        layout.addWidget(QLabel(tr("Trusted stations", "StationKeyBox"), self))
        layout.addWidget(self.trusted)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        self.reload()

    def reload(self) -> None:
        try:
            me = self._workspace.station_identity()
        except KnownError as error:
            self.fingerprint.setText("—")
            self.key_problem.setText(error_text(error))
            self.key_problem.show()
            self.copy_button.setEnabled(False)
        else:
            self.fingerprint.setText(me.fingerprint)
            self.key_problem.hide()
            self.copy_button.setEnabled(True)
        stations = self._workspace.trusted_stations.all()
        self.trusted.setRowCount(len(stations))
        for row, station in enumerate(stations):
            for column, text in enumerate(
                (station.name or "—", station.fingerprint, station.trusted_at[:10])
            ):
                self.trusted.setItem(row, column, QTableWidgetItem(text))
        self.empty.setVisible(not stations)
        writable = not self._workspace.read_only
        self.trust_button.setEnabled(writable)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.forget_button.setEnabled(
            not self._workspace.read_only and bool(self.trusted.selectedItems())
        )

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.fingerprint.text())

    def _say_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def trust_station(self) -> None:
        dialog = TrustDialog(self._workspace, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._say_problem(None)
            self.reload()

    def forget_selected(self) -> None:
        rows = self.trusted.selectionModel().selectedRows()
        if not rows:
            return
        station = self._workspace.trusted_stations.all()[rows[0].row()]
        name, typed = station.name or "—", station.fingerprint
        answer = QMessageBox.question(
            self,
            tr("Stop trusting", "StationKeyBox"),
            tr(
                "Stop trusting {name} ({fingerprint})? Records already received stay; new "
                "bundles it signs are refused until it is trusted again.",
                "StationKeyBox",
            ).format(name=name, fingerprint=typed),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._workspace.trusted_stations.forget(typed)
        except KnownError as error:
            self._say_problem(error_text(error))
            return
        self._say_problem(None)
        self.reload()


class TrustDialog(QDialog):
    """Type a station's fingerprint and name; OK stores it, a bad fingerprint is named."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setWindowTitle(tr("Trust a station", "StationKeyBox"))
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setObjectName("trustFingerprint")
        self.fingerprint.setPlaceholderText("7K3Q-QXWD-F2PA-HN4T-AB2C")
        self.name = QLineEdit(self)
        self.name.setObjectName("trustName")
        self.name.setPlaceholderText(tr("e.g. Finca La Esperanza", "StationKeyBox"))
        self.error = QLabel(self)
        self.error.setObjectName("trustError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        explain = QLabel(
            tr(
                "Compare the fingerprint with the station's own people, by phone or in "
                "person: whoever holds the key it belongs to can send records in its name.",
                "StationKeyBox",
            ),
            self,
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Fingerprint", "StationKeyBox"), self.fingerprint)
        form.addRow(tr("Station", "StationKeyBox"), self.name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self._workspace.trusted_stations.trust(self.fingerprint.text(), self.name.text())
        except KnownError as error:
            self.error.setText(error_text(error))
            self.error.show()
            self.resize(self.width(), self.sizeHint().height())  # the reason shown whole
            self.fingerprint.setFocus()
            return
        super().accept()
