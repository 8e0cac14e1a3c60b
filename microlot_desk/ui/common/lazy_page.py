"""A screen built the first time it is shown: the main window starts with the Lots screen only,
and the others (which read form libraries and sessions) cost nothing until someone opens them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(self, build: Callable[[QWidget], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def page(self) -> QWidget:
        if self._page is None:
            self._page = self._build(self)
            self._layout.addWidget(self._page)
            if self.isVisible():  # a child added to a shown parent stays hidden until told
                self._page.show()
        return self._page

    def showEvent(self, event: QShowEvent) -> None:
        self.page  # noqa: B018 - building on first show is the point
        super().showEvent(event)
