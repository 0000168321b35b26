"""What the app holds of its contacts, as the address-book sync sees them: which people go to
the "Follow-up contacts" address book, each one's UID and the vCard the app writes for them.

Who goes: every interviewer (anyone on an interview's panel) and every contact at a company
the user has applied to, whatever the application's status, so that the phone knows who is
calling about any job the user is in touch with. A person at no such company and on no panel
(a friend met at a fair, a company not applied to yet) is not sent.

What goes: name, title, company (ORG), e-mail, phone and postal address, written by the vCard
writer of the imports and exports (io/vcard/writing.py) so that both name the same properties
the same way. Never: the notes, the role, the verification marks, the history.

UIDs are derived, never random (as the follow-ups' are, services/sync/items.py): from the
contact's id and creation instant, both kept by the JSON transfer, so two data folders made
one from the other write the same card. The digest covers what the card says, not when it was
written, so an unchanged contact is never written again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote

from peewee import JOIN

from followup_desktop.io.vcard.card import Card
from followup_desktop.io.vcard.writing import serialize
from followup_desktop.storage.instants import format_instant
from followup_desktop.storage.models import Application, Company, Contact, InterviewContact

CARD_UID_PREFIX = "followup-contact-"
UID_DOMAIN = "@followup-desktop"


def card_uid(contact_id: int, created: datetime) -> str:
    source = f"contact:{contact_id}:{format_instant(created)}"
    return f"{CARD_UID_PREFIX}{hashlib.sha256(source.encode()).hexdigest()[:32]}{UID_DOMAIN}"


def uid_of_card_href(href: str) -> str | None:
    """The UID a card of ours was written under, from its href; None for anyone else's."""
    name = unquote(href.rstrip("/").rsplit("/", 1)[-1])
    if name.startswith(CARD_UID_PREFIX) and name.endswith(f"{UID_DOMAIN}.vcf"):
        return name.removesuffix(".vcf")
    return None


def card_digest(card: Card) -> str:
    """What the card says of the person (the UID aside): equal digests, equal cards."""
    said = [card.name, card.title, card.organization, list(card.emails), list(card.phones),
            card.address]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class OutCard:
    """One contact as their card is to be in the address book."""

    uid: str
    contact_id: int
    card: Card

    @property
    def digest(self) -> str:
        return card_digest(self.card)

    def to_vcard(self) -> bytes:
        return serialize([self.card], "3.0")  # 3.0: what every phone's address book reads


def wanted_cards() -> dict[str, OutCard]:
    """UID -> card, for every contact that goes to the address book."""
    on_panels = InterviewContact.select(InterviewContact.contact)
    applied_to = Application.select(Application.company)
    query = (Contact.select(Contact.id, Contact.created_utc, Contact.name, Contact.title,
                            Contact.email, Contact.phone, Contact.postal_address,
                            Company.name.alias("company_name"))
             .join(Company, JOIN.LEFT_OUTER)
             .where(Contact.id.in_(on_panels) | Contact.company.in_(applied_to))
             .order_by(Contact.id))
    found: dict[str, OutCard] = {}
    for row in query.dicts():
        uid = card_uid(row["id"], row["created_utc"])
        found[uid] = OutCard(uid, row["id"], Card(
            name=row["name"], title=row["title"] or "",
            organization=row["company_name"] or "",
            emails=tuple(filter(None, [row["email"]])),
            phones=tuple(filter(None, [row["phone"]])),
            address=row["postal_address"] or "", uid=uid))
    return found
