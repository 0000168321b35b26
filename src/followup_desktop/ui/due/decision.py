"""Logging a decision call: what they said, and the new date when the job is still open.

The outcome continues the decision loop (services.actions.decide): still open with a new date
plans a check after it, still open with no date one a week later, filled / offer / rejected
change the application's status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.decision import DecisionOutcome
from followup_desktop.services.backend import Backend

SUGGESTED_DAYS = 7  # the new date offered at first: a week from today

Choice = tuple[DecisionOutcome, bool, str]  # (outcome, has a date, label)

# The order the choices are shown in.
CHOICES: tuple[Choice, ...] = (
    (DecisionOutcome.OPEN, True, "Still &open, they now expect to decide by"),
    (DecisionOutcome.OPEN, False, "Still open, &no date yet (call again in a week)"),
    (DecisionOutcome.FILLED, False, "The position was &filled"),
    (DecisionOutcome.OFFER, False, "They made me an o&ffer"),
    (DecisionOutcome.REJECTED, False, "&Rejected"),
)


class DecisionDialog(QDialog):
    """What they said, from a call or (ui/mail/replies.py) a reply: `choices` and the words
    around them are the caller's."""

    def __init__(self, about: str, today: date, parent: QWidget | None = None, *,
                 title: str = "Log the decision call", question: str = "What did they say?",
                 choices: tuple[Choice, ...] = CHOICES, ok_text: str = "&Log the call",
                 chosen: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._choices = choices
        layout = QVBoxLayout(self)
        heading = QLabel(about, self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        heading.setMinimumWidth(heading.fontMetrics().averageCharWidth() * 60)
        layout.addWidget(heading)
        layout.addSpacing(heading.fontMetrics().height() // 2)
        layout.addWidget(QLabel(question, self))
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for index, (_, dated, label) in enumerate(choices):
            button = QRadioButton(label, self)
            self.group.addButton(button, index)
            self.buttons.append(button)
            if dated:
                row = QHBoxLayout()
                row.addWidget(button)
                self.next_date = QDateEdit(self)
                self.next_date.setCalendarPopup(True)
                self.next_date.setAccessibleName("New decision date")
                self.next_date.setDisplayFormat("ddd d MMM yyyy")
                self.next_date.setMinimumDate(_qdate(today))
                self.next_date.setDate(_qdate(today + timedelta(days=SUGGESTED_DAYS)))
                row.addWidget(self.next_date)
                row.addStretch(1)
                layout.addLayout(row)
            else:
                layout.addWidget(button)
        self.buttons[chosen].setChecked(True)
        self.group.idToggled.connect(lambda *_: self._enable_date())
        form = QFormLayout()
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Optional, kept in the history")
        self.note.setAccessibleName("Call notes")
        form.addRow("&Notes:", self.note)
        layout.addLayout(form)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, self)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self._enable_date()

    def _enable_date(self) -> None:
        self.next_date.setEnabled(self.buttons[0].isChecked())

    def outcome(self) -> DecisionOutcome:
        return self._choices[self.group.checkedId()][0]

    def chosen_date(self) -> date | None:
        if not self._choices[self.group.checkedId()][1]:
            return None
        return self.next_date.date().toPython()

    def notes(self) -> str:
        return self.note.text()


def ask_decision(parent: QWidget, backend: Backend, action_id: int, about: str
                 ) -> Callable[[], object] | None:
    """Ask how the call went; the write to run (off the GUI thread if need be), or None when
    the user cancels."""
    from followup_desktop.services import actions

    today = backend.clock.now().astimezone(backend.rules().zone).date()
    dialog = DecisionDialog(about, today, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    outcome, next_date, notes = dialog.outcome(), dialog.chosen_date(), dialog.notes()
    return lambda: actions.decide(backend, action_id, outcome, next_date, notes)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
