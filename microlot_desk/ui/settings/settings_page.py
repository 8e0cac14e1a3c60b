"""The Settings screen: the station's conventions, the verdict's thresholds, the custody stages,
and the station's key with the stations it trusts (station_key_box).

Like the lot editor, every field is saved the moment the person leaves it: one service call, one
transaction, and "Saved" only after it returned. A refused value stays in the field with the
reason beneath it, and nothing is written. A read-only database shows everything disabled.

A verdict threshold or a size limit is judged against every lot: the value is checked here, then
stored and every verdict recomputed in a worker, in one transaction, behind a modal progress
dialog with Cancel (cancelled, the old value and every old verdict stay).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from microlot_desk import messages
from microlot_desk.errors import KnownError, ValidationFailed
from microlot_desk.services.common.progress import Cancelled, Progress
from microlot_desk.services.common.verdict_settings import SETTING_KEYS, parse_settings
from microlot_desk.services.settings.station_changes import (
    change_station_setting,
    next_code_preview,
    preview_country,
)
from microlot_desk.services.settings.station_settings import (
    SIZE_THRESHOLDS,
    check_setting,
    current_settings,
)
from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.error_dialogs import report_bug
from microlot_desk.ui.common.locale_formats import show_time_of_day
from microlot_desk.ui.common.page_parts import ERROR_STYLE, HINT_STYLE, vertical_scroll
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text, field_error_text, field_label, tr
from microlot_desk.ui.common.work_progress import WorkProgressDialog
from microlot_desk.ui.lots.field_widgets import LineField, TextField
from microlot_desk.ui.settings.station_key_box import StationKeyBox

STATION_KEYS = (
    "station_name",
    "lot_code_pattern",
    "size_nano_below",
    "size_micro_from",
    "size_micro_to",
    "size_second_look_from",
)
STAGES = "stages"
EVIDENCE_KEYS = ("evidence_max_mb",)


class SettingsPage(QWidget):
    # The setting's key, after its change was committed: size limits and thresholds change the
    # size classes and stored verdicts in the lot list, a pattern the codes of new lots.
    settings_changed = Signal(str)
    problem = Signal(str)  # a message for the status bar
    recompute_ended = Signal(str)  # the key, once a save that judges every lot has ended

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._lots = workspace.lots
        self.fields: dict[str, LineField | TextField] = {}
        self.errors: dict[str, QLabel] = {}
        self._stored: dict[str, str] = {}
        self.recompute: WorkProgressDialog | None = None  # while every lot is judged again

        title = QLabel(f"<b>{tr('Settings', 'SettingsPage')}</b>", self)
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.save_state.setAccessibleName(tr("Save state", "SettingsPage"))

        body = QWidget(self)
        self.body = body
        station = self._group(tr("Station", "SettingsPage"), STATION_KEYS, body)
        self.code_preview = QLabel(station)
        self.code_preview.setObjectName("codePreview")
        self.code_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        station_form = station.layout()
        assert isinstance(station_form, QFormLayout)
        # The preview sits right under the pattern, as the next row.
        station_form.insertRow(2, "", self.code_preview)
        stages = self._group(tr("Custody stages", "SettingsPage"), (STAGES,), body)
        evidence = self._group(tr("Evidence files", "SettingsPage"), EVIDENCE_KEYS, body)
        verdict = self._group(tr("Verdict thresholds", "SettingsPage"), tuple(SETTING_KEYS), body)

        left = QVBoxLayout()
        left.addWidget(station)
        left.addWidget(stages)
        left.addWidget(evidence)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(verdict)
        self.station_key = StationKeyBox(workspace, body)
        right.addWidget(self.station_key)
        right.addStretch(1)
        columns = QHBoxLayout(body)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.form = vertical_scroll(body, self)
        self.form.setObjectName("settingsForm")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 4)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.save_state, 1)
        layout.addLayout(top)
        layout.addWidget(self.form, 1)

        pattern = self.fields["lot_code_pattern"]
        assert isinstance(pattern, LineField)
        pattern.edit.textEdited.connect(lambda _text: self._update_preview())
        self.reload()

    def _group(self, title: str, keys: tuple[str, ...], parent: QWidget) -> QGroupBox:
        group = QGroupBox(title, parent)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for key in keys:
            widget: LineField | TextField = (
                TextField(lines=14, parent=group) if key == STAGES else LineField(parent=group)
            )
            widget.setObjectName(f"setting_{key}")
            hint = QLabel(tr(messages.SETTING_HINTS.get(key, "")), group)
            hint.setWordWrap(True)
            hint.setStyleSheet(HINT_STYLE)
            error = QLabel(group)
            error.setObjectName(f"error_{key}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            holder = QWidget(group)
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 4)
            holder_layout.setSpacing(2)
            holder_layout.addWidget(widget)
            holder_layout.addWidget(error)
            holder_layout.addWidget(hint)
            label = QLabel(field_label(key), group)
            label.setBuddy(widget.focus_widget())
            # Level with the input's first line, not halfway down to the hint beneath it.
            label.setFixedHeight(widget.focus_widget().sizeHint().height() if key != STAGES else 28)
            form.addRow(label, holder)
            widget.finished.connect(lambda key=key: self._finished(key))
            self.fields[key] = widget
            self.errors[key] = error
        return group

    # ---- showing ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the settings as stored (also after a change made elsewhere)."""
        self._stored = {
            **current_settings(self._workspace.database),
            **self._workspace.verdicts.setting_values(),
            STAGES: "\n".join(self._workspace.custody.stages()),
        }
        for key, widget in self.fields.items():
            widget.set_value(self._stored[key])
            self._set_error(key, None)
        read_only = self._workspace.read_only
        self.body.setEnabled(not read_only)
        self.save_state.setText(
            tr("Read-only: another window has this database open.", "SettingsPage")
            if read_only
            else ""
        )
        self._update_preview()

    def showEvent(self, event: QShowEvent) -> None:
        self._update_preview()  # lots may have been added since: the next code moved on
        super().showEvent(event)

    def _update_preview(self) -> None:
        pattern = self.fields["lot_code_pattern"].value().strip()
        try:
            code = next_code_preview(
                self._lots,
                pattern,
                country=preview_country(self._lots),
                year=self._lots.clock().year,
            )
        except (ValueError, KeyError, IndexError):
            self.code_preview.setText(
                tr("Next code: — this pattern cannot make codes", "SettingsPage")
            )
            return
        self.code_preview.setText(tr("Next code: {code}", "SettingsPage").format(code=code))

    # ---- saving -------------------------------------------------------------------------------

    def _finished(self, key: str) -> None:
        if self._workspace.read_only:
            return
        value = self.fields[key].value()
        if _canonical(key, value) == _canonical(key, self._stored[key]):
            self._set_error(key, None)
            return
        if self.recompute is not None:
            return  # one recompute at a time; the field is checked again when next left
        try:
            if key in SETTING_KEYS or key in SIZE_THRESHOLDS:
                self._check(key, value)
                self._save_judging_every_lot(key, value)
                return
            shown = self._save(key, value)
        except ValidationFailed as refused:
            self._refused(key, refused)
            return
        except KnownError as error:
            self._not_saved(error_text(error))
            return
        self._saved(key, shown)

    def _refused(self, key: str, refused: ValidationFailed) -> None:
        self._set_error(key, "\n".join(field_error_text(e) for e in refused.errors))
        self._update_preview()
        self.save_state.setText(tr("Not saved: fix the field marked in red.", "SettingsPage"))

    def _not_saved(self, text: str) -> None:
        self.save_state.setText(text)
        emit(self.problem, text)

    def _saved(self, key: str, shown: str) -> None:
        self._stored[key] = shown
        self.fields[key].set_value(shown)  # the stored form: "1000.0" shows as stored
        self._set_error(key, None)
        self._update_preview()
        self.save_state.setText(
            tr("Saved {time}", "SettingsPage").format(time=show_time_of_day(self._lots.clock()))
        )
        emit(self.settings_changed, key)

    def _save(self, key: str, value: str) -> str:
        """One service call (one transaction); the value as stored."""
        if key == STAGES:
            lines = [line.strip() for line in value.splitlines() if line.strip()]
            return "\n".join(self._workspace.custody.set_stages(lines))
        return change_station_setting(self._lots, key, value)[key]

    def _check(self, key: str, value: str) -> None:
        """Refuse a bad value at once (ValidationFailed), before any worker is started."""
        if key in SETTING_KEYS:
            parse_settings({key: value})
        else:
            check_setting(self._workspace.database, key, value)

    def _save_judging_every_lot(self, key: str, value: str) -> None:
        """Store the value and recompute every lot's verdict in a worker (one transaction),
        behind a modal progress dialog whose Cancel undoes it all."""
        verdicts, lots = self._workspace.verdicts, self._lots

        def work(progress: Progress) -> str:
            if key in SETTING_KEYS:
                return verdicts.set_thresholds({key: value}, progress)[key]
            return change_station_setting(lots, key, value, progress)[key]

        def done(shown: str) -> None:
            self.recompute = None
            self._saved(key, shown)
            emit(self.recompute_ended, key)

        def failed(error: Exception) -> None:
            self.recompute = None
            if isinstance(error, Cancelled):
                self.fields[key].set_value(self._stored[key])
                self._set_error(key, None)
                self._update_preview()
                self.save_state.setText(
                    tr("Not saved: cancelled; every lot keeps its verdict.", "SettingsPage")
                )
            elif isinstance(error, ValidationFailed):
                self._refused(key, error)
            elif isinstance(error, KnownError):
                self._not_saved(error_text(error))
            else:
                report_bug(error)
            emit(self.recompute_ended, key)

        dialog = WorkProgressDialog(
            tr("Judging every lot again", "SettingsPage"),
            tr(
                "The new {setting} is applied to every lot's verdict. Other screens wait "
                "until every lot is done; Cancel keeps the old value and verdicts.",
                "SettingsPage",
            ).format(setting=field_label(key)),
            self,
            bar_format=tr("%v of %m lots", "SettingsPage"),
        )
        self.recompute = dialog
        self.save_state.setText(tr("Saving: judging every lot again…", "SettingsPage"))
        dialog.start(work, done, failed)

    def _set_error(self, key: str, message: str | None) -> None:
        widget = self.fields[key].focus_widget()
        widget.setStyleSheet("border: 1px solid #b00020;" if message else "")
        label = self.errors[key]
        label.setText(message or "")
        label.setVisible(message is not None)


def _canonical(key: str, value: str) -> str:
    if key == STAGES:
        return "\n".join(line.strip() for line in value.splitlines() if line.strip())
    return value.strip()
