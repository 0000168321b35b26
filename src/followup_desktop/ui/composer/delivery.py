"""Delivering the composer's note: the mail app, the clipboard, a call, a PDF or the printer, and
marking it delivered; and asking first for what it still lacks (the user's name, the
recipient's e-mail, the envelope's return address). A note that still holds one of the
template's "[add …]" markers never leaves: the buttons say why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from followup_desktop.domain.model import Channel
from followup_desktop.domain.notecheck.findings import Finding, is_ready
from followup_desktop.services import composer
from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import UserError, file_error
from followup_desktop.ui.background.writes import WriteRunner, told
from followup_desktop.ui.composer import parts
from followup_desktop.ui.widgets.common import ask, tell
from followup_desktop.ui.widgets.links import LinkError, mailto_url, open_url, tel_url

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit

    from followup_desktop.services.backend import Backend


class DeliveryActions:
    """The composer dialog's delivery slots (a mixin of ComposerDialog, which builds the
    widgets named here)."""

    c: composer.Composition
    _backend: Backend
    _action_id: int
    _findings: list[Finding]
    body: QPlainTextEdit
    subject: QLineEdit
    outcome: QLineEdit
    channel: QComboBox
    idea: QComboBox
    card_size: QComboBox
    envelope: QCheckBox
    saved_note: QLabel
    saved: SignalInstance
    changes: Changed
    _writes: WriteRunner

    if TYPE_CHECKING:  # the dialog's own (stubs here would hide QDialog.accept)
        def _edited(self) -> bool: ...
        def _show(self, c: composer.Composition) -> None: ...
        def run_check(self) -> None: ...
        def accept(self) -> None: ...

    def _write(self, change: Callable[[], Any], done: Callable[[Any], None],
               title: str) -> None:
        """Through the write runner: at once, or off the GUI thread while another program
        holds the data. A refusal is told under `title`, as before. One write at a time (the
        runner keeps one): while one waits, the dialog says so and another is not started."""
        if not self._writes.busy:
            self._writes.run(change, done, on_error=told(self, self._backend, title))

    # -- what the note still lacks

    def _signed(self, name: str) -> None:
        """The user gave their name: it signs this note (in the text as it is) and all others."""
        self.c = replace(self.c, sender_name=name)
        if self._edited():
            self.body.setPlainText(self.body.toPlainText().replace(
                composer.MISSING_SENDER, name))
        else:
            self._show(composer.compose(self._backend, self._action_id, self.c.template.key,
                                        idea_id=self.idea.currentData()))
        self.run_check()

    def add_email(self) -> None:
        if self._writes.busy:  # asked now, it could not be written: not asked at all
            return
        recipient = self.c.recipient
        address = parts.ask_email(self, recipient.name) if recipient else None
        if address is None:
            return
        backend, action_id = self._backend, self._action_id

        def done(_result: object) -> None:
            self.changes |= Changed.PEOPLE
            self.saved.emit(action_id)
            fresh = composer.compose(backend, action_id, self.c.template.key,
                                     idea_id=self.idea.currentData())
            self.c = replace(self.c, recipient=fresh.recipient)
            self.run_check()

        self._write(lambda: composer.add_recipient_email(backend, action_id, address), done,
                    "Could not add the e-mail address")

    def _ready_to_print(self) -> bool:
        """Ask for the return address an envelope needs, if it is not known yet."""
        if not (self.envelope.isVisible() and self.envelope.isChecked()) \
                or self.c.sender_address.strip():
            return True
        address = parts.ask_return_address(self, self._backend)
        if address is None:
            return False
        self.c = replace(self.c, sender_address=address)
        return True

    # -- delivery

    def open_mail(self) -> None:
        recipient = self.c.recipient
        try:
            open_url(mailto_url(recipient.email if recipient else "", self.subject.text(),
                                self.body.toPlainText()))
        except LinkError as error:
            tell(self, str(error), title="Cannot open the mail app")

    def copy_text(self) -> None:
        text = self.body.toPlainText()
        if self.subject.isEnabled() and self.subject.text():
            text = f"Subject: {self.subject.text()}\n\n{text}"
        QGuiApplication.clipboard().setText(text)

    def call(self) -> None:
        try:
            open_url(tel_url(self.c.recipient.phone if self.c.recipient else ""))
        except LinkError as error:
            tell(self, str(error), title="Cannot start the call")

    def save_pdf(self) -> None:
        channel = Channel(self.channel.currentData())
        if not self._ready_to_print():
            return
        suggested = parts.suggested_pdf_path(self.c, channel)
        path, _ = QFileDialog.getSaveFileName(self, "Save PDF", str(suggested), "PDF (*.pdf)")
        if not path:
            return
        from followup_desktop.ui.composer.printing import write_note_pdf

        target = Path(path)
        try:
            message = write_note_pdf(self.c, self.body.toPlainText(), channel, target,
                                     self.card_size.currentData(), self.envelope.isChecked())
        except UserError as error:
            tell(self, str(error), title="Could not save the PDF")
            return
        except OSError as error:
            tell(self, str(file_error(target, error)), title="Could not save the PDF")
            return
        self.saved_note.setText(f"Saved “{target.name}” in {target.parent}."
                                + (f" {message}" if message else ""))
        self.saved_note.show()

    def print_note(self) -> None:
        from followup_desktop.ui.composer.printing import print_note

        if not self._ready_to_print():
            return
        try:
            print_note(self, self.c, self.body.toPlainText(),
                       Channel(self.channel.currentData()), self.card_size.currentData(),
                       self.envelope.isChecked())
        except UserError as error:
            tell(self, str(error), title="Could not print")

    def deliver(self) -> None:
        if self._writes.busy:
            return
        channel = Channel(self.channel.currentData())
        force = False
        if channel is not Channel.PHONE and not is_ready(self._findings):
            if not ask(self, "The checks still find a problem (marked ✗). Mark the note "
                                 "delivered anyway?", title="Deliver anyway?"):
                return
            force = True
        backend, action_id, key = self._backend, self._action_id, self.c.template.key
        subject, body, idea = self.subject.text(), self.body.toPlainText(), self.idea.currentData()
        outcome = self.outcome.text()

        def done(warnings: list[str]) -> None:
            self.changes |= Changed.PLAN | Changed.DRAFTS
            self.saved.emit(action_id)
            if warnings:
                tell(self, "Recorded. Note: " + " ".join(warnings),
                     QMessageBox.Icon.Information, title="Recorded, with a note")
            self.accept()

        self._write(lambda: composer.deliver(backend, action_id, key, subject, body, channel,
                                             idea_id=idea, outcome=outcome, force=force),
                    done, "Could not record the delivery")
