"""What comes back from the address book: a card the phone (or another machine) changed,
read with the vCard reader of the imports (io/vcard/reading.py), and of it only the three
things a phone is good at correcting: the phone number, the e-mail address (the first of each,
in the order the reader ranks them, as the vCard import takes them) and the title. Name,
company, postal address and anything else edited on the phone are not taken: the app's
version of those stays and goes out again the next time the contact changes here.

What is taken goes through the app's one writer of people (services/records/contacts.py, with
its checks and its re-planning), in one transaction, each contact a savepoint. A title that came
back loses its "checked" mark: it was typed on a phone, not checked against a source. Phone and
e-mail have no such mark in the app (only a person's name and title are ever marked checked,
because those are what a note must get right), so they arrive as every phone and e-mail is:
unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followup_desktop.domain.model import Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.vcard.card import Card
from followup_desktop.io.vcard.reading import parse
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import Contact


class UnreadableCard(Exception):
    """The server's card is not one vCard the reader accepts; it is left alone."""


@dataclass(frozen=True)
class Back:
    """The three fields the app takes from a card."""

    title: str
    email: str
    phone: str

    @classmethod
    def of(cls, card: Card) -> Back:
        return cls(card.title.strip(), card.emails[0] if card.emails else "",
                   card.phones[0] if card.phones else "")


def read_card(data: bytes) -> Card:
    try:
        cards = parse(data.decode("utf-8"), max_cards=1)
    except UnicodeDecodeError as error:
        raise UnreadableCard(f"it is not UTF-8 text ({error.reason})") from None
    except ValidationError as error:
        raise UnreadableCard(str(error)) from None
    if len(cards) != 1:
        raise UnreadableCard("it holds no vCard")
    return cards[0]


@dataclass
class Taken:
    changed: list[int] = field(default_factory=list)  # contacts that took something
    refused: dict[int, str] = field(default_factory=dict)  # contact -> why the app refused it


def take_back(backend: Backend, backs: dict[int, Back]) -> Taken:
    """Write what came back, contact by contact; what the app's rules refuse is named."""
    taken = Taken()
    with backend.write():
        for contact_id in sorted(backs):
            try:  # each writer call is a savepoint: a refused contact leaves the others
                if _take(backend, contact_id, backs[contact_id]):
                    taken.changed.append(contact_id)
            except (UserError, ValidationError) as error:
                taken.refused[contact_id] = str(error)
    return taken


def _take(backend: Backend, contact_id: int, back: Back) -> bool:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return False
    here = Back(contact.title, contact.email, contact.phone)
    if back == here:
        return False
    title_changed = back.title != contact.title
    records.update_contact(backend, contact_id, contact.company_id, ContactDraft(
        name=contact.name, title=back.title, role=Role(contact.role), email=back.email,
        phone=back.phone, postal_address=contact.postal_address,
        name_verified=contact.name_verified,
        title_verified=contact.title_verified and not title_changed,
        verified_source=contact.verified_source, notes=contact.notes))
    return True
