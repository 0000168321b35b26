"""The contacts' step of a sync (docs/sync.md, "Contacts"), run by services/sync/syncing.py
after the follow-ups, in the same session and in the same order that loses nothing:

1. read the address book (its ETags; the cards of ours that changed there or that the ledger
   does not know);
2. take what came back (phone, e-mail, title) in one transaction (services/sync/contacts_in.py);
3. write what the app changed, one conditional PUT or DELETE at a time, each followed by its
   ledger entry (services/sync/card_ledger.py).

The rules, as for the follow-ups: changed on both sides, the app's version wins and the line
says so; a card of ours the ledger does not know (a second machine's first sync) is only
recorded; removed on the server, the contact stays here and its card is not sent again until
the contact changes here; a card that cannot be read is left alone and named in the line.

Off until the user asks for it (`sync account add --contacts`): the e-mail addresses and phone
numbers of the people a user met go to the server only then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followup_desktop.domain.counts import counted
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.sync import card_ledger
from followup_desktop.services.sync.addressbook import ADDRESS_BOOK_NAME, AddressBook
from followup_desktop.services.sync.contacts_in import (
    Back,
    UnreadableCard,
    read_card,
    take_back,
)
from followup_desktop.services.sync.contacts_out import (
    OutCard,
    card_digest,
    uid_of_card_href,
    wanted_cards,
)
from followup_desktop.services.sync.ledger import Entry
from followup_desktop.services.sync.server import Server, SyncError, WriteConflict

SETTING = "sync_contacts"


def enabled(values: dict | None = None) -> bool:
    values = values if values is not None else settings.load()
    return bool(values.get(SETTING))


def save_enabled(backend: Backend, on: bool) -> None:
    with backend.write():
        settings.save(SETTING, bool(on))


@dataclass
class ContactsResult:
    book_made: bool = False
    created: int = 0
    updated: int = 0
    removed: int = 0
    recorded: int = 0  # ours, already there (another machine wrote it)
    taken: int = 0  # contacts whose phone, e-mail or title came back
    conflicts: int = 0
    refused: list[str] = field(default_factory=list)
    removed_there: int = 0
    deferred: int = 0
    unreadable: list[str] = field(default_factory=list)
    failed: str = ""  # why the address book could not be used this time

    @property
    def written(self) -> int:
        return self.created + self.updated + self.removed

    def describe(self) -> str:
        """The contacts' part of the sync's one line."""
        if self.failed:
            return f"contacts not synced: {self.failed}"
        out = [f"{self.created} new", f"{self.updated} updated", f"{self.removed} removed"]
        sent = ", ".join(part for part in out if not part.startswith("0 "))
        made = f" (made the address book \"{ADDRESS_BOOK_NAME}\")" if self.book_made else ""
        parts = [f"contacts{made}: " + (f"sent {sent}" if sent else "nothing to send")]
        if self.recorded:
            parts.append(f"{self.recorded} already there")
        parts.append(f"from the address book: {counted(self.taken, 'contact')} with a new "
                     "phone, e-mail or title (a title marked not checked)" if self.taken
                     else "nothing new from the address book")
        if self.conflicts:
            parts.append(f"{counted(self.conflicts, 'contact')} changed on both sides: this "
                         "app's version was kept")
        if self.refused:
            parts.append(f"{counted(len(self.refused), 'change')} in the address book could "
                         f"not be taken ({'; '.join(self.refused)}): this app's version was "
                         "kept")
        if self.removed_there:
            parts.append(f"{counted(self.removed_there, 'card')} removed from the address "
                         "book: the contacts are kept here, not sent again")
        if self.deferred:
            parts.append(f"{self.deferred} changed in the address book meanwhile: the next "
                         "sync takes them")
        if self.unreadable:
            parts.append(f"{counted(len(self.unreadable), 'card')} in the address book could "
                         f"not be read, left alone: {'; '.join(self.unreadable)}")
        return "; ".join(parts)


@dataclass
class _Round:
    backend: Backend
    book: AddressBook
    result: ContactsResult
    entries: dict[str, Entry]
    ours: dict[str, tuple[str, str | None]]  # UID -> (href, ETag) on the server
    done: set[str] = field(default_factory=set)  # UIDs settled by what came back

    def record(self, card: OutCard, href: str | None, etag: str | None) -> None:
        card_ledger.record(self.backend, card.uid, card.contact_id, href, etag, card.digest,
                           self.backend.clock.now())

    def put(self, card: OutCard, href: str | None, etag: str | None, counter: str) -> None:
        try:
            written = self.book.put(card.uid, card.to_vcard(), href, etag)
        except WriteConflict:
            self.result.deferred += 1
            return
        self.record(card, written.href, written.etag)
        setattr(self.result, counter, getattr(self.result, counter) + 1)


def sync_contacts(backend: Backend, server: Server) -> ContactsResult:
    """The contacts' step. A server without address books, or one failing here, does not stop
    the follow-ups: the line says why the contacts were not synced (what was written before is
    in the ledger), and a server that is down fails the follow-ups' step next anyway."""
    result = ContactsResult()
    try:
        _sync_contacts(backend, server, result)
    except SyncError as error:
        result.failed = str(error).removesuffix(".")
    return result


def _sync_contacts(backend: Backend, server: Server, result: ContactsResult) -> None:
    book = AddressBook(server)
    result.book_made = book.open()
    ours = {uid: (href, etag) for href, etag in book.etags().items()
            if (uid := uid_of_card_href(href)) is not None}
    work = _Round(backend, book, result, card_ledger.load(), ours)
    cards = wanted_cards()
    _come_back(work, cards)
    cards = wanted_cards()  # as they are after what came back
    for uid in sorted(set(cards) | set(work.entries)):
        if uid not in work.done:
            _send(work, uid, cards.get(uid))


def _come_back(work: _Round, cards: dict[str, OutCard]) -> None:
    """Read the cards that changed on the server (or that the ledger does not know), take
    what the rules allow, and settle each of them for the writing step."""
    wanted = {href: uid for uid, (href, etag) in work.ours.items()
              if uid in cards and ((entry := work.entries.get(uid)) is None
                                   or entry.etag != etag or entry.href != href)}
    backs: dict[int, tuple[str, str, str | None]] = {}
    values: dict[int, Back] = {}
    for href, (data, _etag) in work.book.fetch(sorted(wanted)).items():
        uid = wanted.get(href)
        if uid is None:
            continue
        card, (_href, etag) = cards[uid], work.ours[uid]
        entry = work.entries.get(uid)
        try:
            there = read_card(data)
        except UnreadableCard as reason:
            work.result.unreadable.append(f"the card of {card.card.name!r} ({reason})")
            work.done.add(uid)
            continue
        work.done.add(uid)
        if entry is None or card_digest(there) == card.digest:
            work.record(card, href, etag)  # already as the app has it, or another machine's
            work.result.recorded += entry is None
        elif entry.digest != card.digest:
            work.result.conflicts += 1  # changed on both sides: the app's version wins
            work.put(card, href, etag, "updated")
        else:
            backs[card.contact_id] = (uid, href, etag)
            values[card.contact_id] = Back.of(there)
    if not values:
        return
    taken = take_back(work.backend, values)
    after = wanted_cards()
    for contact_id, (uid, href, etag) in backs.items():
        card = after.get(uid)
        if card is None:
            work.done.discard(uid)  # no longer sent after the change: the writing step
            continue  # removes the card
        if contact_id in taken.refused:
            work.result.refused.append(f"{card.card.name!r}: {taken.refused[contact_id]}")
            work.put(card, href, etag, "updated")
            continue
        work.result.taken += contact_id in taken.changed
        # Recorded as the app now has it: a field the app does not take (a name edited on
        # the phone) stays on the server until the contact changes here.
        work.record(card, href, etag)


def _send(work: _Round, uid: str, card: OutCard | None) -> None:
    entry, there = work.entries.get(uid), work.ours.get(uid)
    if card is None:
        # In the ledger but no longer sent (removed here, or no longer anyone of an
        # application): the card we wrote goes too. (Cards of ours the ledger does not know
        # and this folder does not send are another machine's: never reached here.)
        if there is not None:
            try:
                work.book.delete(there[0], there[1])
            except WriteConflict:
                work.result.deferred += 1
                return
            work.result.removed += 1
        card_ledger.forget(work.backend, uid)
        return
    if there is None:
        if entry is not None and entry.digest == card.digest:
            if entry.href is not None:  # removed on the server: kept here, not re-sent
                work.record(card, None, None)
                work.result.removed_there += 1
            return
        work.put(card, None, None, "created")
    elif entry is not None and entry.digest != card.digest:
        work.put(card, there[0], there[1], "updated")
