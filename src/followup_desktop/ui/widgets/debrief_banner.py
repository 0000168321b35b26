"""The debrief offer: a banner above the page once an interview has ended, asking how it went
(the thank-you notes are planned from the debrief)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from followup_desktop.ui.widgets.common import plain_label


class DebriefBanner(QWidget):
    """Offers the debrief of the first interview that needs one; hidden until then."""

    debriefRequested = Signal(object)  # the interview offered (its id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = plain_label("", self)
        self.message.setWordWrap(True)
        debrief = QPushButton("Debrief now…", self)
        debrief.clicked.connect(self._debrief_offered)
        later = QPushButton("Later", self)
        later.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.addWidget(self.message, 1)
        row.addWidget(debrief)
        row.addWidget(later)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.AlternateBase)
        self.hide()
        self._offered_interview: int | None = None

    def offer(self, interviews: list) -> None:  # type: ignore[type-arg]
        if not interviews:
            self.hide()
            return
        first = interviews[0]
        self._offered_interview = first.interview_id
        self.message.setText(
            f"How did your interview with {first.company} go? Note who you met and what you "
            "talked about while it is fresh: the thank-you notes are planned from it.")
        self.show()

    def _debrief_offered(self) -> None:
        self.hide()
        self.debriefRequested.emit(self._offered_interview)
