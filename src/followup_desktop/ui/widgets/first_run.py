"""The first run's one question: the user's name, which signs every note.

Asked once, when the data folder is empty and no name is stored, in a band above the page (as
the debrief offer is): it takes no focus and blocks nothing, so the window's menus and
shortcuts (Ctrl+D, Ctrl+O) work while it is up. "Later" leaves it to the composer, which asks
again before a note can leave.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import sender
from followup_desktop.services.backend import Backend
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.editors.base import error_label, show_error
from followup_desktop.ui.widgets.common import plain_label

SAVED_MESSAGE_MS = 8000


class NameBanner(QWidget):
    """"Welcome. Your name, to sign your notes: [ ] Save / Later"."""

    def __init__(self, backend: Backend, window: QMainWindow) -> None:
        super().__init__(window)
        self._backend, self._window = backend, window
        self.setObjectName("firstRunName")
        self.text = plain_label("Welcome. What is your name? It signs your thank-you notes, "
                                "cards and letters (change it any time in Preferences).", self)
        self.text.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("Your name, e.g. Sam Rivera")
        self.name.returnPressed.connect(self.submit)
        self.name.textEdited.connect(lambda _: show_error(self.error, ""))
        self.save_button = QPushButton("Save name", self)
        self.save_button.clicked.connect(self.submit)
        self.later_button = QPushButton("Later", self)
        self.later_button.clicked.connect(self.hide)
        self.error = error_label(self)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.later_button)
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        column.addLayout(row)
        column.addWidget(self.error)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.AlternateBase)

    def submit(self) -> None:
        try:
            stored = sender.set_sender_name(self._backend, self.name.text())
        except ValidationError as error:
            show_error(self.error, f"Your name {error.problem}.")
            return
        self.hide()
        self._window.statusBar().showMessage(
            f"Your notes will be signed “{stored}”.", SAVED_MESSAGE_MS)


def offer_first_run(window: QMainWindow, backend: Backend, column: QBoxLayout) -> None:
    """On an empty data folder without a name: ask for it at the top of `column`."""
    loader = Loader(backend, window)

    def show(needed: bool) -> None:
        loader.deleteLater()
        if needed:
            column.insertWidget(0, NameBanner(backend, window))
    loader.load(lambda: sender.needs_name_on_first_run(backend), show)
