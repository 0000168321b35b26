"""One mailbox check's messages applied to the user's data, all or nothing.

Messages are applied in the order they were sent (a thank-you, then the automatic answer to
it), each by the first rule that fits:
- Sent: a message the user sent to contacts marks done the follow-up it was for each of them
  (services/mail/follow_ups.py).
- INBOX, automatic (RFC 3834, out-of-office marks): with a return date from a contact, the
  next follow-up to them moves past it; no touch, nothing held. Without a date, ignored.
- INBOX, from someone matched at a company (services/mail/matching.py): a reply, recorded as
  an incoming touch that may wait for the user's answer (services/mail/replies.py).
- Anything else is ignored: nothing of it is stored but the folder's new position.
Every effect, the ledger of applied messages and the folders' new positions are written in one
transaction: an error anywhere leaves the database as it was, positions included, so the next
check reads the same messages again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_desktop.domain.rules import Rules
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.mail.follow_ups import mark_sent, move_for_absence
from followup_desktop.services.mail.matching import AddressBook
from followup_desktop.services.mail.message import CheckResult, Folder, FolderPosition, MailMessage
from followup_desktop.services.mail.positions import Ledger, positions, store_positions
from followup_desktop.services.mail.replies import record_reply

__all__ = ["CheckSummary", "apply_check", "positions"]

REPLY, SENT, AWAY = "reply", "sent", "away"  # mail_applied.effect


@dataclass(frozen=True)
class CheckSummary:
    """What one check did, counted."""

    replies: int = 0  # incoming touches recorded
    sent_done: int = 0  # follow-ups marked done by a sent message
    away_moved: int = 0  # follow-ups moved past an absence
    ignored: int = 0  # messages that matched no one or said nothing usable
    seen_before: int = 0  # messages an earlier check applied or read already
    unreadable: int = 0  # messages the fetching side could not read (CheckResult.skipped)

    @property
    def text(self) -> str:
        """One line for the status bar and the CLI."""
        unreadable = _count(self.unreadable, "message unreadable", "messages unreadable")
        shown = [part for part in (*self._parts(), unreadable) if part]
        return f"Mail checked: {', '.join(shown)}." if shown else "Mail checked: nothing new."

    def describe(self) -> str:
        """What the rules did, for a line the fetching side composes (services/mail/
        checking.py says what was read and skipped itself)."""
        shown = [part for part in self._parts() if part]
        return ", ".join(shown) if shown else "nothing to apply"

    def _parts(self) -> list[str]:
        return [_count(self.replies, "reply", "replies"),
                _count(self.sent_done, "follow-up marked done", "follow-ups marked done"),
                _count(self.away_moved, "follow-up moved for an absence",
                       "follow-ups moved for an absence"),
                _count(self.ignored, "message ignored", "messages ignored")]

    @property
    def changed(self) -> Changed:
        """What the pages showing this check's effects must read again."""
        if self.replies or self.sent_done or self.away_moved:
            return Changed.PLAN | Changed.APPLICATIONS
        return Changed.NOTHING


def _count(number: int, one: str, many: str) -> str:
    if not number:
        return ""
    return f"1 {one}" if number == 1 else f"{number} {many}"


def apply_check(backend: Backend, result: CheckResult) -> CheckSummary:
    """Apply a check's messages and keep the folders' new positions, in one transaction.
    A message applied before (by folder, UIDVALIDITY and UID, or by Message-ID) does nothing."""
    rules, now = backend.rules(), backend.clock.now()
    counts = {REPLY: 0, SENT: 0, AWAY: 0, "ignored": 0, "seen": 0}
    with backend.write():
        stored = positions(backend)
        ledger = Ledger(stored)
        book: AddressBook | None = None  # read only when a message is new: most checks
        for message in sorted(result.messages, key=lambda m: (m.at, m.folder, m.uid)):
            validity = _validity(result.positions, message.folder)
            if ledger.already(message, validity):
                counts["seen"] += 1
                continue
            book = book or AddressBook.load()
            effect, number = _apply(backend, book, message, rules, now)
            if effect is None:
                counts["ignored"] += 1
                continue
            ledger.note(message, validity, effect, now)
            counts[effect] += number
        store_positions(result.positions, stored, now)
    return CheckSummary(replies=counts[REPLY], sent_done=counts[SENT], away_moved=counts[AWAY],
                        ignored=counts["ignored"], seen_before=counts["seen"],
                        unreadable=len(result.skipped))


def _validity(found: dict[Folder, FolderPosition], folder: Folder) -> int:
    position = found.get(folder)
    return 0 if position is None else position.uid_validity


def _apply(backend: Backend, book: AddressBook, message: MailMessage, rules: Rules,
           now: datetime) -> tuple[str | None, int]:
    """The effect of one message, and how many follow-ups or touches it made."""
    if message.folder == Folder.SENT:
        if message.automatic:  # the user's own auto-reply, kept in Sent by some servers
            return None, 0
        marked = mark_sent(backend, book, message)
        return (SENT, marked) if marked else (None, 0)
    who = book.sender(message.sender)
    if who is None:
        return None, 0
    if message.automatic:
        moved = move_for_absence(backend, who, message, rules, now)
        return (AWAY, moved) if moved else (None, 0)
    record_reply(backend, who, message, rules, now)
    return REPLY, 1
