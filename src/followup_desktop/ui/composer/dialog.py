"""The composer: write one follow-up's note from a template, see the "no form letters" findings
next to the text as you type, and deliver it the way its channel needs (mail app, call script,
letter or handwritten-card PDF); delivering records the touch and re-plans."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.fields import CHANNEL_LABELS
from followup_desktop.domain.model import Channel, IdeaKind
from followup_desktop.domain.notecheck.findings import Finding, Level, is_ready
from followup_desktop.services import composer
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.ui.background.writes import WritingDialog
from followup_desktop.ui.composer import parts
from followup_desktop.ui.composer.delivery import DeliveryActions
from followup_desktop.ui.widgets.common import (
    ask,
    plain_label,
    set_error_style,
    set_heading_style,
    tooltip,
)

CHECK_DELAY_MS = 300
MARKS = {Level.OK: "✓", Level.WARNING: "!", Level.PROBLEM: "✗"}
# (on a light list, on a dark one)
LEVEL_COLOURS = {Level.WARNING: ("#a15c00", "#ffcc80"), Level.PROBLEM: ("#c62828", "#ef9a9a")}
CARD_SIZES = {"a6": "A6 card", "5x7": "5 × 7 in card", "a2": "Folded A2 card (4.25 × 5.5 in)"}


class ComposerDialog(DeliveryActions, WritingDialog):
    """Its writes (the draft, an idea, an address, the delivery) go through the write runner:
    while another program holds the data they wait off the GUI thread, the dialog says who
    holds it and keeps what was typed, and closing it waits for them (WritingDialog)."""

    saved = Signal(int)  # the action id, whenever something was written

    def __init__(self, backend: Backend, action_id: int, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        self._backend, self._action_id = backend, action_id
        self.changes = Changed.NOTHING  # what was written so far (services/changes.py)
        self.setWindowTitle("Write the follow-up")
        self.resize(980, 640)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._check_if_shown)
        self.c = composer.compose(backend, action_id)
        self._build()
        self._show(self.c)

    def _check_if_shown(self) -> None:
        """The check after typing stops; a dialog not on screen (closed, or never shown) has
        nothing to show it in, and its action may be gone."""
        if self.isVisible():
            self.run_check()

    def hideEvent(self, event: QHideEvent) -> None:
        """A check still waiting for the typing to stop has nothing left to show."""
        self._check_timer.stop()
        super().hideEvent(event)

    # -- building

    def _build(self) -> None:
        self.heading = plain_label("", self)
        set_heading_style(self.heading)
        self.channel = QComboBox(self)
        self.channel.setAccessibleName("Channel")
        for value, label in CHANNEL_LABELS.items():
            self.channel.addItem(label, value)
        self.channel.activated.connect(lambda _: self._switch_template())
        self.idea = QComboBox(self)
        self.idea.setAccessibleName("Something to bring")
        self.idea.activated.connect(lambda _: self._switch_template(keep_channel=True))
        add_idea = QPushButton("Add an idea…", self)
        add_idea.clicked.connect(self.add_idea)
        self.subject = QLineEdit(self)
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName("Note")
        self.body.textChanged.connect(self._check_timer.start)
        self.findings = QListWidget(self)
        self.findings.setAccessibleName("Checks")
        self.findings.setWordWrap(True)
        self.findings.setMinimumWidth(260)
        self.verdict = plain_label("", self)
        self.verdict.setWordWrap(True)
        form = QFormLayout()
        ideas = QHBoxLayout()
        ideas.addWidget(self.idea, 1)
        ideas.addWidget(add_idea)
        form.addRow("Channel", self.channel)
        form.addRow("Bring", ideas)
        form.addRow("Subject", self.subject)
        self._ideas_row = ideas
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(self.body, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(plain_label("Before you send it", right))
        right_layout.addWidget(self.findings, 1)
        right_layout.addWidget(self.verdict)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.sender_row = parts.SenderRow(self._backend, self)
        self.sender_row.signed.connect(self._signed)
        self.blocked = plain_label("", self)  # why nothing can leave yet
        self.blocked.setWordWrap(True)
        set_error_style(self.blocked)
        self.delivery_note = plain_label("", self)  # why a way of sending is not offered
        self.delivery_note.setWordWrap(True)
        self.saved_note = plain_label("", self)  # where the PDF went
        self.saved_note.setWordWrap(True)
        self.saved_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.waiting_note = plain_label("", self)  # who holds the data a write waits for
        self.waiting_note.setWordWrap(True)
        set_error_style(self.waiting_note)
        self._writes.waiting.connect(self.waiting_note.setText)
        self._writes.waiting.connect(self.waiting_note.show)
        self._writes.settled.connect(self.waiting_note.hide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.sender_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._delivery_row())
        for note in (self.blocked, self.delivery_note, self.saved_note, self.waiting_note):
            note.hide()
            layout.addWidget(note)
        layout.addLayout(self._bottom_row())

    def _delivery_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.mail_button = self._button(row, "Open in mail app", self.open_mail)
        self.add_email_button = self._button(row, "Add their e-mail…", self.add_email)
        self.copy_button = self._button(row, "Copy text", self.copy_text)
        self.call_button = self._button(row, "Call", self.call)
        self.outcome = QLineEdit(self)
        self.outcome.setPlaceholderText("What did they say? (logged with the call)")
        self.outcome.setAccessibleName("Call outcome")
        row.addWidget(self.outcome, 1)
        self.card_size = QComboBox(self)
        self.card_size.setAccessibleName("Card size")
        for key, label in CARD_SIZES.items():
            self.card_size.addItem(label, key)
        row.addWidget(self.card_size)
        self.envelope = QCheckBox("Envelope page", self)
        row.addWidget(self.envelope)
        self.pdf_button = self._button(row, "Save PDF…", self.save_pdf)
        self.print_button = self._button(row, "Print…", self.print_note)
        row.addStretch()
        return row

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._button(row, "Edit template…", self.edit_template)
        row.addStretch()
        self.save_button = self._button(row, "Save draft", self.save_draft)
        self.deliver_button = self._button(row, "Mark as delivered", self.deliver)
        self._button(row, "Close", self.reject)
        return row

    def _button(self, row: QHBoxLayout, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # -- showing a composition

    def _show(self, c: composer.Composition) -> None:
        self.c = c
        who = c.recipient.name if c.recipient else c.company
        if c.recipient and c.recipient.title:
            who += f" ({c.recipient.title})"
        self.heading.setText(f"{c.kind.label} to {who}, {c.company}")
        self.sender_row.setVisible(not c.sender_name.strip())
        self.channel.setCurrentIndex(self.channel.findData(c.template.channel.value))
        self._fill_ideas(c)
        self.subject.setText(c.draft.subject)
        self.body.setPlainText(c.draft.body)
        self._channel_controls(c.template.channel)
        self.run_check()

    def _fill_ideas(self, c: composer.Composition) -> None:
        self.idea.clear()
        self.idea.addItem("Nothing in particular", None)
        for idea in c.ideas:
            if not idea.used or idea.id == c.idea_id:
                self.idea.addItem(f"{idea.kind.value.capitalize()}: {idea.text[:80]}", idea.id)
        self.idea.setCurrentIndex(max(0, self.idea.findData(c.idea_id)))

    def _channel_controls(self, channel: Channel) -> None:
        phone = channel is Channel.PHONE
        email = channel is Channel.EMAIL
        printed = channel in (Channel.CARD, Channel.LETTER)
        self.subject.setEnabled(email)
        self.mail_button.setVisible(email)
        self.call_button.setVisible(phone)
        self.outcome.setVisible(phone)
        self.card_size.setVisible(channel is Channel.CARD)
        self.envelope.setVisible(channel is Channel.CARD)
        self.pdf_button.setVisible(printed)
        self.print_button.setVisible(printed)
        recipient = self.c.recipient
        if phone:
            number = recipient.phone if recipient else ""
            self.call_button.setText(f"Call {number}" if number else "Call (no number)")
            self.call_button.setEnabled(bool(number))
        self.deliver_button.setText("Log the call" if phone else "Mark as delivered")

    def _switch_template(self, keep_channel: bool = False) -> None:
        channel = self.channel.currentData() if not keep_channel else self.c.template.channel
        key = f"{self.c.template.kind.value}/{channel}"
        if self._edited() and not ask(self, "Replace your text with the template for "
                                                "this choice?", title="Replace your text?"):
            self.channel.setCurrentIndex(self.channel.findData(self.c.template.channel.value))
            return
        self._show(composer.compose(self._backend, self._action_id, key,
                                    idea_id=self.idea.currentData()))

    def _edited(self) -> bool:
        return (self.body.toPlainText(), self.subject.text()) != (self.c.draft.body,
                                                                  self.c.draft.subject)

    # -- the check

    def run_check(self) -> None:
        found = composer.check_text(self._backend, self._action_id, self.body.toPlainText())
        self.findings.clear()
        dark = self.findings.palette().color(QPalette.ColorRole.Base).lightness() < 128
        for finding in found:
            item = QListWidgetItem(f"{MARKS[finding.level]}  {finding.message}")
            item.setData(Qt.ItemDataRole.UserRole, finding.code)
            item.setToolTip(tooltip([finding.message]))  # it quotes names: plain
            if finding.level is not Level.OK:
                item.setForeground(QColor(LEVEL_COLOURS[finding.level][dark]))
            self.findings.addItem(item)
        self._findings = found
        ready = is_ready(found)
        self.verdict.setText("Ready to send." if ready else
                             "Not ready yet: fix what is marked ✗.")
        self._update_delivery(ready)

    def _update_delivery(self, ready: bool) -> None:
        """What can leave now, and why the rest cannot; Enter delivers only a ready note."""
        channel = Channel(self.channel.currentData())
        body = self.body.toPlainText()
        markers = composer.unfinished(body) if channel is not Channel.PHONE else []
        blocked = composer.why_unfinished(markers) if markers else ""
        self.blocked.setText(blocked)
        self.blocked.setVisible(bool(blocked))
        for button in (self.copy_button, self.pdf_button, self.print_button,
                       self.deliver_button):
            button.setEnabled(not blocked)
            button.setToolTip(tooltip([blocked]) if blocked else "")
        if not blocked and not ready and channel is not Channel.PHONE:
            self.deliver_button.setToolTip("The checks find a problem (marked ✗).")
        no_mail = parts.mail_unavailable(self.c) if channel is Channel.EMAIL else ""
        self.mail_button.setEnabled(not blocked and not no_mail)
        self.mail_button.setToolTip(tooltip([blocked or no_mail]) if blocked or no_mail else
                                    "Open the note in your mail app, addressed and ready")
        self.add_email_button.setVisible(channel is Channel.EMAIL and self.c.recipient is not None
                                         and not self.c.recipient.email)
        self.delivery_note.setText(no_mail)
        self.delivery_note.setVisible(bool(no_mail))
        deliverable = (ready or channel is Channel.PHONE) and not blocked
        self.deliver_button.setDefault(deliverable)
        self.deliver_button.setAutoDefault(deliverable)
        self.save_button.setDefault(not deliverable)

    def findings_by_code(self) -> dict[str, Finding]:
        return {finding.code: finding for finding in self._findings}

    def save_draft(self) -> bool:
        """Save the note as it stands. True: saved now. False: refused (and told), or waiting
        for another program to let go of the data; then it is saved, and `saved` emitted,
        once that program does (and closing the dialog waits for it)."""
        backend, action_id, key = self._backend, self._action_id, self.c.template.key
        subject, body, idea = self.subject.text(), self.body.toPlainText(), self.idea.currentData()
        saved: list[bool] = []

        def done(_result: object) -> None:
            self.c = composer.compose(backend, action_id)
            self.changes |= Changed.DRAFTS
            self.saved.emit(action_id)
            saved.append(True)

        self._write(lambda: composer.save_draft(backend, action_id, key, subject, body, idea),
                    done, "Could not save the draft")
        return bool(saved)

    # -- ideas and templates

    def add_idea(self) -> None:
        if self._writes.busy:  # what the user would type now could not be written
            return
        kinds = {"Input (an article, an answer to their question)": IdeaKind.INPUT,
                 "Feedback (on their product or the interview topics)": IdeaKind.FEEDBACK,
                 "An idea": IdeaKind.IDEA}
        kind, ok = QInputDialog.getItem(self, "Something to bring", "What kind?", list(kinds),
                                        0, False)
        if not ok:
            return
        text, ok = QInputDialog.getMultiLineText(self, "Something to bring", "What is it?")
        if not ok or not text.strip():
            return
        backend, application_id = self._backend, self.c.application_id

        def done(idea_id: int) -> None:
            self.changes |= Changed.DRAFTS
            self.saved.emit(self._action_id)
            fresh = composer.compose(backend, self._action_id, self.c.template.key,
                                     idea_id=idea_id)
            if self._edited():  # keep the user's text; only offer the new idea
                self._fill_ideas(fresh)
            else:
                self._show(fresh)

        self._write(lambda: composer.add_idea(backend, application_id, kinds[kind], text),
                    done, "Could not add the idea")

    def edit_template(self) -> None:
        from followup_desktop.ui.composer.template_editor import TemplateEditor

        editor = TemplateEditor(self._backend, self.c.template, self)
        if editor.exec() == QDialog.DialogCode.Accepted and not self._edited():
            self._show(composer.compose(self._backend, self._action_id, self.c.template.key,
                                        idea_id=self.idea.currentData()))
