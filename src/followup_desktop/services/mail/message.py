"""What one check of the mailbox hands from the IMAP side (fetching) to the rules (applying):
plain values, so the rules are tested without a server and the server side without a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

SNIPPET_LIMIT = 300  # characters of the first text part kept with an incoming touch


class Folder(StrEnum):
    INBOX = "inbox"
    SENT = "sent"


@dataclass(frozen=True)
class MailMessage:
    folder: Folder
    uid: int
    message_id: str  # "" when the message has none
    at: datetime  # aware: the Date header, or the server's INTERNALDATE when it is unusable
    sender: str  # the From address, lower case
    recipients: tuple[str, ...]  # To and Cc addresses, lower case
    subject: str  # decoded
    text: str  # the first text part, decoded, at most fetching.TEXT_LIMIT characters
    automatic: bool  # RFC 3834 Auto-Submitted (not "no"), or the usual out-of-office marks

    @property
    def snippet(self) -> str:
        return " ".join(self.text.split())[:SNIPPET_LIMIT]


@dataclass(frozen=True)
class FolderPosition:
    """Where the last check of a folder stopped: a new UIDVALIDITY means read it afresh."""

    name: str  # the folder's name on the server
    uid_validity: int
    last_uid: int


@dataclass(frozen=True)
class CheckResult:
    messages: tuple[MailMessage, ...]
    positions: dict[Folder, FolderPosition]
    skipped: tuple[str, ...] = field(default=())  # one line per message that could not be read
    # One line per thing the user should know about the check as a whole (no Sent folder
    # found, a folder renumbered by the server): not about any one message.
    notes: tuple[str, ...] = field(default=())
