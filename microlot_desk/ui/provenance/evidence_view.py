"""The lot editor's Evidence tab: photos as thumbnails (made off the GUI thread), documents with
their SHA-256, what each is attached to, where a photo was taken against the plot, and copies to
open or to share (a photo's copy without its GPS position)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microlot_desk.atomic_files import write_atomic
from microlot_desk.domain.evidence import Attachment, TargetType
from microlot_desk.domain.lots import Lot
from microlot_desk.errors import KnownError
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.provenance.custody_service import CustodyService
from microlot_desk.services.provenance.evidence_files import EvidenceFiles
from microlot_desk.services.provenance.evidence_service import EvidenceService
from microlot_desk.ui.common.error_dialogs import known_or_crash, report_bug
from microlot_desk.ui.common.signal_emit import emit
from microlot_desk.ui.common.texts import error_text
from microlot_desk.ui.common.workers import run_in_background
from microlot_desk.ui.provenance.attach_dialog import AttachDialog, Target
from microlot_desk.ui.provenance.evidence_model import (
    ATTACHMENT_ID_ROLE,
    AttachmentTableModel,
    EvidenceItem,
)
from microlot_desk.ui.provenance.provenance_texts import (
    event_title,
    gps_text,
    kind_label,
    size_text,
    stamp_text,
    t,
)

THUMB = QSize(120, 90)
THUMB_ROLE = Qt.ItemDataRole.UserRole + 2
HASH_STYLE = "font-family: monospace; font-size: 8pt;"
FIT_COLOURS = {"inside": "#2e6b30", "near": "#2e6b30", "elsewhere": "#b00020"}


class EvidenceView(QWidget):
    records_changed = Signal(str)  # a lot id, after a file was attached to it
    thumbnail_ready = Signal(str)  # an attachment id, once its thumbnail is shown

    def __init__(
        self,
        lots: LotService,
        custody: CustodyService,
        evidence: EvidenceService,
        photo_distance_m: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceView")
        self._lots = lots
        self._custody = custody
        self._evidence = evidence
        self._files = EvidenceFiles.of(evidence, read_only=lots.read_only)
        self._distance = photo_distance_m
        self._lot: Lot | None = None
        self._items: dict[str, EvidenceItem] = {}
        self._targets: list[Target] = []
        self._generation = 0
        self._open_folder: Path | None = None

        self.attach_button = QPushButton(t("Attach…"), self)
        self.attach_button.setObjectName("attach")
        self.attach_button.clicked.connect(self.attach)
        self.open_button = QPushButton(t("Open"), self)
        self.open_button.setObjectName("openEvidence")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(t("Save a copy…"), self)
        self.save_button.setObjectName("saveCopy")
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button = QPushButton(t("Remove…"), self)
        self.remove_button.setObjectName("removeEvidence")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        self.photos_title = QLabel(self)
        self.photos = QListWidget(self)
        self.photos.setObjectName("photoGrid")
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(THUMB)
        self.photos.setGridSize(QSize(THUMB.width() + 28, THUMB.height() + 46))
        self.photos.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.photos.setMovement(QListWidget.Movement.Static)
        self.photos.setWordWrap(False)  # name and target, one line each, elided
        self.photos.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.photos.setMinimumHeight(THUMB.height() + 56)
        self.photos.currentItemChanged.connect(lambda item, _old: self._photo_chosen(item))

        self.documents_title = QLabel(self)
        self.model = AttachmentTableModel(self)
        self.documents = QTableView(self)
        self.documents.setObjectName("documentTable")
        self.documents.setModel(self.model)
        self.documents.verticalHeader().hide()
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.setWordWrap(False)
        header = self.documents.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 150, 110, 140, 60)):
            self.documents.setColumnWidth(column, width)
        self.documents.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._document_chosen(current.row())
        )

        self.detail = QLabel(self)
        self.detail.setObjectName("evidenceDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel(self)
        self.message.setObjectName("evidenceMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.photos_title)
        layout.addWidget(self.photos, 3)
        layout.addWidget(self.documents_title)
        layout.addWidget(self.documents, 2)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        self.selected: EvidenceItem | None = None
        self.show_lot(None)

    # ---- showing ------------------------------------------------------------------------------

    def show_lot(self, lot_id: str | None) -> None:
        """Read the lot's evidence afresh (the same lot keeps its selected file)."""
        same = self._lot is not None and self._lot.id == lot_id
        keep = self.selected.attachment.id if same and self.selected is not None else None
        message = self.message.text() if same else ""
        self._generation += 1
        self._lot = None
        self.message.setText(message)
        items: list[EvidenceItem] = []
        if lot_id is not None:
            try:
                self._lot = self._lots.get(lot_id)
                self._targets = self._target_list(self._lot)
                items = [self._item(a) for a in self._evidence.of_lot(lot_id)]
            except KnownError as error:
                self._lot = None
                self.message.setText(error_text(error))
        self._items = {item.attachment.id: item for item in items}
        photos = [i for i in items if i.attachment.media_type.is_image]
        documents = [i for i in items if not i.attachment.media_type.is_image]
        self._fill_photos(photos)
        self.model.set_items(documents)
        self.photos_title.setText(t("Photos ({n})").format(n=len(photos)))
        self.documents_title.setText(t("Documents ({n})").format(n=len(documents)))
        if self._lot is not None and not items:
            self.message.setText(t("Nothing attached yet: attach plot photos and documents."))
        self._select(None)
        if keep is not None:
            self.select_attachment(keep)

    def _target_list(self, lot: Lot) -> list[Target]:
        targets: list[Target] = [(TargetType.LOT, lot.id, t("Lot {code}").format(code=lot.code))]
        if lot.producer is not None:
            words = t("Producer {name}").format(name=lot.producer.name)
            targets.append((TargetType.PRODUCER, lot.producer.id, words))
        for number, plot in enumerate(lot.plots, start=1):
            name = plot.name or t("plot {n}").format(n=number)
            targets.append((TargetType.PLOT, plot.id, t("Plot {name}").format(name=name)))
        for event in self._custody.effective(lot.id):
            words = t("Event #{seq} {stage}").format(seq=event.seq, stage=event_title(event))
            targets.append((TargetType.EVENT, event.id, words))
        return targets

    def _target_words(self, attachment: Attachment) -> str:
        for target_type, target_id, words in self._targets:
            if target_type is attachment.target_type and target_id == attachment.target_id:
                return words
        if attachment.target_type is TargetType.EVENT:
            for event in self._custody.events(self._lot.id if self._lot else ""):
                if event.id == attachment.target_id:  # a version since corrected
                    return t("Event #{seq} {stage}").format(seq=event.seq, stage=event_title(event))
        return attachment.target_type.value

    def _item(self, attachment: Attachment) -> EvidenceItem:
        if not attachment.media_type.is_image:
            return EvidenceItem(attachment, self._target_words(attachment))
        check = self._evidence.photo_position(attachment.id)
        gps = gps_text(check, self._plot_name(check.plot_id), self._distance())
        return EvidenceItem(attachment, self._target_words(attachment), gps, check.fit.value)

    def _plot_name(self, plot_id: str) -> str:
        if self._lot is not None:
            for plot in self._lot.plots:
                if plot.id == plot_id:
                    return plot.name or plot_id[:8]
        return plot_id[:8]

    def _fill_photos(self, photos: list[EvidenceItem]) -> None:
        self.photos.clear()
        placeholder = QPixmap(THUMB)
        placeholder.fill(Qt.GlobalColor.lightGray)
        generation = self._generation
        for item in photos:
            attachment = item.attachment
            text = f"{item.title}\n{item.target}"
            entry = QListWidgetItem(QIcon(placeholder), text, self.photos)
            entry.setData(ATTACHMENT_ID_ROLE, attachment.id)
            entry.setToolTip(f"{item.target}\n{item.gps}")
            entry.setSizeHint(self.photos.gridSize())
            self._load_thumbnail(generation, attachment)

    def _load_thumbnail(self, generation: int, attachment: Attachment) -> None:
        files, sha256, attachment_id = self._files, attachment.sha256, attachment.id
        run_in_background(
            lambda: files.thumbnail(sha256),
            on_error=lambda _text: None,  # the grey placeholder stays; Open says what is wrong
            on_done=lambda data: self._thumbnail(generation, attachment_id, data),
        )

    def _thumbnail(self, generation: int, attachment_id: str, data: object) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # another lot is shown by now
        pixmap = QPixmap()
        if not isinstance(data, bytes) or not pixmap.loadFromData(data):
            return
        for row in range(self.photos.count()):
            entry = self.photos.item(row)
            if entry.data(ATTACHMENT_ID_ROLE) == attachment_id:
                entry.setIcon(QIcon(pixmap))
                entry.setData(THUMB_ROLE, True)
                emit(self.thumbnail_ready, attachment_id)

    def has_thumbnail(self, attachment_id: str) -> bool:
        """Whether the photo shows its own picture (not the grey placeholder) yet."""
        for row in range(self.photos.count()):
            entry = self.photos.item(row)
            if entry.data(ATTACHMENT_ID_ROLE) == attachment_id:
                return bool(entry.data(THUMB_ROLE))
        return False

    # ---- selection ----------------------------------------------------------------------------

    def _photo_chosen(self, entry: QListWidgetItem | None) -> None:
        if entry is None:
            return
        self.documents.clearSelection()
        self._select(self._items.get(entry.data(ATTACHMENT_ID_ROLE)))

    def _document_chosen(self, row: int) -> None:
        item = self.model.item(row)
        if item is not None:
            self.photos.setCurrentRow(-1)
            self._select(item)

    def select_attachment(self, attachment_id: str) -> None:
        for row in range(self.photos.count()):
            if self.photos.item(row).data(ATTACHMENT_ID_ROLE) == attachment_id:
                self.photos.setCurrentRow(row)
                return
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(ATTACHMENT_ID_ROLE) == attachment_id:
                self.documents.selectRow(row)
                return

    def _select(self, item: EvidenceItem | None) -> None:
        self.selected = item
        self.open_button.setEnabled(item is not None)
        self.save_button.setEnabled(item is not None)
        self.remove_button.setEnabled(item is not None and not self._lots.read_only)
        self.attach_button.setEnabled(self._lot is not None and not self._lots.read_only)
        if item is None:
            self.detail.clear()
            self.save_button.setText(t("Save a copy…"))
            return
        attachment = item.attachment
        photo = attachment.media_type.is_image
        self.save_button.setText(t("Save a copy without GPS…") if photo else t("Save a copy…"))
        lines = [
            f"<b>{_escape(item.title)}</b> — {_escape(kind_label(attachment.kind.value))}, "
            f"{size_text(attachment.size_bytes)}",
            t("Attached to: {target}").format(target=_escape(item.target)),
            t("Added {when}").format(when=stamp_text(attachment.added_at)),
            t("SHA-256: {hash}").format(
                hash=f"<span style='{HASH_STYLE}'>{attachment.sha256}</span>"
            ),
        ]
        if attachment.caption:
            lines.insert(1, _escape(attachment.caption))
        if photo:
            position = (
                t("GPS {lat}, {lon}: ").format(lat=attachment.gps.lat, lon=attachment.gps.lon)
                if attachment.gps is not None
                else ""
            )
            colour = FIT_COLOURS.get(item.gps_fit, "#6b6b6b")
            where = t("Where: {text}").format(text=_escape(position + item.gps))
            lines.append(f"<span style='color: {colour};'>{where}</span>")
        self.detail.setText("<br>".join(lines))

    # ---- actions ------------------------------------------------------------------------------

    def attach(self) -> None:
        if self._lot is None or self._lots.read_only:
            return
        lot = self._lot
        dialog = AttachDialog(self._evidence, self._files, self._targets, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted or dialog.attached is None:
                return
            attached = dialog.attached.id
            self.show_lot(lot.id)
            self.select_attachment(attached)
            self.message.setText(t("Attached and stored by its SHA-256."))
            emit(self.records_changed, lot.id)

        dialog.finished.connect(done)
        dialog.open()

    def remove_selected(self, confirm: bool = True) -> None:
        """Take the selected file off the record, after asking. The row is tombstoned (so the
        removal travels to other stations) and the stored file is kept; the verdict follows."""
        item, lot = self.selected, self._lot
        if item is None or lot is None or self._lots.read_only:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                t("Remove evidence"),
                t("Remove “{name}” from this lot's evidence? The verdict is judged again.").format(
                    name=item.title
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self._evidence.remove(item.attachment.id)
        except KnownError as error:
            self.message.setText(error_text(error))
            return
        self.show_lot(lot.id)
        self.message.setText(t("Removed from the record; the stored file is kept."))
        emit(self.records_changed, lot.id)

    def open_selected(self) -> None:
        """Open the file in the system's viewer (a copy in a temporary folder). Reading it
        checks it against its hash: off the GUI thread."""
        item = self.selected
        if item is None:
            return
        if self._open_folder is None:
            self._open_folder = Path(tempfile.mkdtemp(prefix="microlot-evidence-"))
        suffix = item.attachment.media_type.extension
        path = self._open_folder / f"{item.attachment.sha256[:16]}.{suffix}"
        files, sha256 = self._files, item.attachment.sha256

        def work() -> Path:
            data = files.read(sha256)
            write_atomic(path, data)
            return path

        def failed(text: str) -> None:
            if shiboken6.isValid(self):
                self.message.setText(text)

        def done(_path: object) -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        run_in_background(work, on_error=known_or_crash(failed), on_done=done)

    def save_selected(self) -> None:
        item = self.selected
        if item is None:
            return
        stem = Path(item.title).stem or item.attachment.sha256[:12]
        suffix = item.attachment.media_type.extension
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.save_button.text().rstrip("…"), f"{stem}-shared.{suffix}"
        )
        if chosen:
            self.save_copy(Path(chosen))

    def save_copy(self, path: Path) -> None:
        """Write the selected file's shareable copy (a photo without GPS) off the GUI thread."""
        item = self.selected
        if item is None:
            return
        attachment = item.attachment
        self.message.setText(t("Saving a copy…"))

        def work() -> Path:
            write_atomic(path, self._files.shareable(attachment.sha256, attachment.media_type))
            return path

        def done(result: object) -> None:
            if shiboken6.isValid(self):
                self.message.setText(t("Copy saved: {path}").format(path=result))

        def failed(error: Exception) -> None:
            if not shiboken6.isValid(self):
                return
            if isinstance(error, KnownError | OSError):  # a damaged file, a full disk
                why = error_text(error) if isinstance(error, KnownError) else str(error)
                self.message.setText(t("The copy was not saved: {why}").format(why=why))
            else:
                report_bug(error)

        run_in_background(work, on_error=failed, on_done=done)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
