"""What the due page shows when the list is empty: on first run how to begin (an interview, or
the sample data), else that nothing is due soon."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from followup_desktop.services.views.due import UPCOMING_DAYS
from followup_desktop.ui.qt_values import set_enum
from followup_desktop.ui.widgets.common import plain_label

WELCOME = ("Welcome. After each interview, add it here with who interviewed you and what you "
           "talked about: the app plans a personal thank-you to each interviewer about a day "
           "later, a few keep-in-touch notes, and a call about the decision. Try it with "
           "sample data first if you like.")
QUIET = (f"Nothing to do in the next {UPCOMING_DAYS} days. Enjoy the quiet, or debrief an "
         "interview you just had.")


class EmptyState(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = plain_label("", self)
        self.text.setWordWrap(True)
        set_enum(self.text, "alignment", "AlignCenter")  # by name: see ui/qt_values.py
        self.sample_button = QPushButton("Load sample data", self)
        self.debrief_button = QPushButton("Add an interview you had…", self)
        self.debrief_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.debrief_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def say(self, first_run: bool) -> None:
        self.text.setText(WELCOME if first_run else QUIET)
        self.sample_button.setVisible(first_run)
