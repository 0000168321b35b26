"""Pieces of the composer that ask the user for what a note still lacks: their own name (to sign
it), the recipient's e-mail (to open it in the mail app), the return address (for an envelope);
and where a card or letter PDF is suggested to go."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLineEdit, QPushButton, QWidget

from followup_desktop.domain.model import Channel
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import sender
from followup_desktop.services.backend import Backend
from followup_desktop.services.composer import Composition
from followup_desktop.ui.widgets.common import plain_label, tell

FILE_NAME_LIMIT = 100  # characters of the name, before ".pdf"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_file_name(text: str) -> str:
    """`text` as a file name on any system: no separators, reserved or control characters,
    no leading dot, one space between words, at most FILE_NAME_LIMIT characters."""
    name = " ".join(_UNSAFE.sub(" ", text).split()).lstrip(". ")
    return name[:FILE_NAME_LIMIT].rstrip(". ") or "Note"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def suggested_pdf_path(c: Composition, channel: Channel) -> Path:
    """"Card for Anna Kowalski - Acme Robotics.pdf" in the user's Documents folder."""
    what = "Card" if channel is Channel.CARD else "Letter"
    who = c.recipient.name if c.recipient else ""
    name = f"{what} for {who} - {c.company}" if who else f"{what} for {c.company}"
    return documents_folder() / f"{safe_file_name(name)}.pdf"


def mail_unavailable(c: Composition) -> str:
    """Why "Open in mail app" cannot be used, or "" when it can."""
    if c.recipient is None:
        return ("This follow-up goes to the company, not to a person: choose the person in "
                "Edit… on the due list to write to them.")
    if not c.recipient.email:
        return (f"There is no e-mail address for {c.recipient.name}: add it to open the "
                "note in your mail app.")
    return ""


def ask_email(parent: QWidget, name: str) -> str | None:
    text, ok = QInputDialog.getText(parent, "E-mail address",
                                    f"{name}'s e-mail address:", QLineEdit.EchoMode.Normal)
    return text.strip() if ok and text.strip() else None


def ask_return_address(parent: QWidget, backend: Backend) -> str | None:
    """Ask for the user's postal address (the envelope's return address) and keep it as a
    setting; None when the user cancels. Left empty, the envelope has no return address."""
    text, ok = QInputDialog.getMultiLineText(
        parent, "Your return address",
        "Your postal address, printed as the return address on the envelope (kept for "
        "every envelope and letter; leave it empty for none):")
    if not ok:
        return None
    try:
        return sender.set_sender_address(backend, text)
    except ValidationError as error:
        tell(parent, str(error), title="Return address not saved")
        return None


class SenderRow(QWidget):
    """"Sign as: [your name] [Use this name]", shown while the user's name is unknown.
    `signed(str)` carries the name once it is stored."""

    signed = Signal(str)

    def __init__(self, backend: Backend, parent: QWidget) -> None:
        super().__init__(parent)
        self._backend = backend
        self.label = plain_label("Your name, to sign the note (asked once, kept for every "
                                 "note):", self)
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Sam Rivera")
        self.save = QPushButton("Use this &name", self)
        self.save.setAutoDefault(False)
        self.save.clicked.connect(self.submit)
        self.name.installEventFilter(self)  # Enter stores the name; it delivers nothing
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.name, 1)
        row.addWidget(self.save)

    def submit(self) -> None:
        try:
            stored = sender.set_sender_name(self._backend, self.name.text())
        except ValidationError as error:
            tell(self, f"Your name {error.problem}.", title="Name not saved")
            return
        self.hide()
        self.signed.emit(stored)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.name and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return True
        return super().eventFilter(watched, event)
