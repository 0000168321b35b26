"""Where each folder's last check stopped, and which messages already changed something.

A message is applied once: a second check that hands it again (the same folder, UIDVALIDITY
and UID, or the same Message-ID after the server renumbered the folder) does nothing. Messages
that changed nothing are not kept (only the folder's position moves past them); those that did
are kept in `mail_applied` by Message-ID, or by a digest of their date, sender, recipients and
subject when they have none. A touch that names the Message-ID counts too, so that data moved
to another machine by a JSON export (which holds touches, not the ledger) is not applied again.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from followup_desktop.services.backend import Backend
from followup_desktop.services.mail.message import Folder, FolderPosition, MailMessage
from followup_desktop.storage.models import MailApplied, MailFolder, Touch


def positions(backend: Backend) -> dict[Folder, FolderPosition]:
    """Where the last check of each folder stopped (the fetching side reads from there)."""
    return {Folder(row.folder): FolderPosition(row.name, row.uid_validity, row.last_uid)
            for row in MailFolder.select().order_by(MailFolder.folder)}


def store_positions(new: dict[Folder, FolderPosition], stored: dict[Folder, FolderPosition],
                    now: datetime) -> None:
    """Keep the new positions (inside the check's transaction). With the same UIDVALIDITY a
    position never moves back (a check that read less does not make the next one read again
    what was applied); a new UIDVALIDITY replaces it."""
    for folder, position in new.items():
        old = stored.get(folder)
        last = position.last_uid
        if old is not None and old.uid_validity == position.uid_validity:
            last = max(last, old.last_uid)
        MailFolder.insert(folder=folder.value, name=position.name,
                          uid_validity=position.uid_validity, last_uid=last,
                          checked_utc=now).on_conflict_replace().execute()


def message_key(message: MailMessage) -> str:
    """The Message-ID, or for a message without one a digest of what identifies it."""
    if message.message_id.strip():
        return message.message_id.strip()
    parts = (message.folder.value, message.at.isoformat(), message.sender,
             ",".join(message.recipients), message.subject)
    return "digest:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


class Ledger:
    """What this and earlier checks applied, asked message by message inside one check."""

    def __init__(self, stored: dict[Folder, FolderPosition]) -> None:
        self._stored = stored

    def already(self, message: MailMessage, uid_validity: int) -> bool:
        old = self._stored.get(message.folder)
        if old is not None and old.uid_validity == uid_validity and message.uid <= old.last_uid:
            return True
        if MailApplied.select().where(
                (MailApplied.key == message_key(message))
                | ((MailApplied.folder == message.folder.value)
                   & (MailApplied.uid_validity == uid_validity)
                   & (MailApplied.uid == message.uid))).exists():
            return True
        # A touch from it: the ledger is not part of a JSON export, the touches are.
        message_id = message.message_id.strip()
        return bool(message_id) and Touch.select().where(Touch.message_id == message_id).exists()

    def note(self, message: MailMessage, uid_validity: int, effect: str,
             now: datetime) -> None:
        MailApplied.create(key=message_key(message), folder=message.folder.value,
                           uid_validity=uid_validity, uid=message.uid, at_utc=message.at,
                           effect=effect, applied_utc=now)
