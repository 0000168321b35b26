"""Replies from the mailbox that wait for the user: a banner above the page names the first
("Anna Kowalski (Acme) wrote back on …: what did it say?"), and answering it is the decision
call's dialog with a reply's words. A status never changes without the user: until they
answer, the decision call is only held (services/mail/replies.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from followup_desktop.domain.decision import DecisionOutcome
from followup_desktop.ui.widgets.common import plain_label

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.mail.replies import ReplyToAnswer

REPLY_CHOICES = (
    (DecisionOutcome.OPEN, True, "Still &open, they now expect to decide by"),
    (DecisionOutcome.OPEN, False, "It said &nothing about the decision"),
    (DecisionOutcome.FILLED, False, "The position was &filled"),
    (DecisionOutcome.OFFER, False, "They made me an o&ffer"),
    (DecisionOutcome.REJECTED, False, "&Rejected"),
)


NO_NEWS = 1  # the usual reply ("thank you, we will be in touch"): chosen at first


class ReplyBanner(QWidget):
    """Offers the oldest reply waiting for an answer; hidden while there is none."""

    answerRequested = Signal(object)  # the ReplyToAnswer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = plain_label("", self)
        self.message.setWordWrap(True)
        self.answer_button = QPushButton("Say what it said…", self)
        self.answer_button.clicked.connect(lambda: self.answerRequested.emit(self.offered))
        later = QPushButton("Later", self)
        later.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.addWidget(self.message, 1)
        row.addWidget(self.answer_button)
        row.addWidget(later)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.AlternateBase)
        self.offered: ReplyToAnswer | None = None
        self.hide()

    def offer(self, replies: Sequence[ReplyToAnswer], zone_day: Callable[..., str]) -> None:
        self.offered = replies[0] if replies else None
        if self.offered is None:
            self.hide()
            return
        first = self.offered
        more = f" ({len(replies) - 1} more waiting)" if len(replies) > 1 else ""
        self.message.setText(
            f"{first.who} ({first.company}) wrote back on {zone_day(first.at)} about "
            f"{first.position}. What did it say? The decision call waits for your answer"
            f"{more}.")
        self.show()


def about(reply: ReplyToAnswer, day: str) -> str:
    """The dialog's heading: who wrote, when, and the start of what they wrote."""
    lines = [f"{reply.who} ({reply.company}) wrote on {day} about {reply.position}."]
    if reply.subject:
        lines.append(f"Subject: {reply.subject}")
    if reply.snippet:
        lines.append(f"“{reply.snippet}”")
    return "\n".join(lines)


def ask_reply(parent: QWidget, backend: Backend, reply: ReplyToAnswer, day: str
              ) -> Callable[[], object] | None:
    """Ask what the reply said; the write to run, or None when the user cancels."""
    from followup_desktop.services.mail.replies import answer_reply
    from followup_desktop.ui.due.decision import DecisionDialog

    today = backend.clock.now().astimezone(backend.rules().zone).date()
    dialog = DecisionDialog(about(reply, day), today, parent, title="What did the reply say?",
                            question="What did they write?", choices=REPLY_CHOICES,
                            ok_text="&Save the answer", chosen=NO_NEWS)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    outcome, next_date, notes = dialog.outcome(), dialog.chosen_date(), dialog.notes()
    return lambda: answer_reply(backend, reply.touch_id, outcome, next_date, notes)
