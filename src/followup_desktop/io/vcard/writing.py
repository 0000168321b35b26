"""Writing `Card`s as one vCard 3.0 or 4.0 file with vobject."""

from __future__ import annotations

from collections.abc import Sequence

import vobject
from vobject.base import Component
from vobject.vcard import Address, Name

from followup_desktop import APP_NAME, APP_SLUG, __version__
from followup_desktop.io.vcard.card import Card

PRODID = f"-//{APP_NAME}//{APP_SLUG} {__version__}//EN"


def contact_uid(contact_id: int) -> str:
    """The stable UID of a contact's card: address books update the card instead of adding
    a second one when the file is imported again."""
    return f"contact-{contact_id}@{APP_SLUG}"


def serialize(cards: Sequence[Card], version: str = "3.0") -> bytes:
    """The cards as one UTF-8 file. 3.0 is read by every address book; 4.0 on request."""
    if version not in ("3.0", "4.0"):
        raise ValueError(f"cannot write vCard {version}")
    return "".join(_vcard(card, version).serialize() for card in cards).encode("utf-8")


def _vcard(card: Card, version: str) -> Component:
    out = vobject.vCard()
    out.add("version").value = version
    out.add("prodid").value = PRODID
    if card.uid:
        uid = out.add("uid")
        uid.value = card.uid
        if version == "4.0":
            uid.value_param = "text"  # 4.0 expects a URI unless told otherwise
    out.add("fn").value = card.name
    # N is required in 3.0 and its parts cannot be known; the last word as the family name is
    # the usual guess, and readers show FN, which carries the name as stored.
    given, _, family = card.name.rpartition(" ")
    out.add("n").value = Name(family=family, given=given)
    _add_optional(out, card)
    return out


def _add_optional(out: Component, card: Card) -> None:
    if card.organization:
        out.add("org").value = [card.organization]
    if card.title:
        out.add("title").value = card.title
    for email in card.emails:
        _typed(out, "email", email)
    for phone in card.phones:
        _typed(out, "tel", phone)
    if card.address:
        # The whole text as the street: the parts cannot be told apart reliably, and readers
        # show it as written; the app reads it back unchanged.
        _typed(out, "adr", Address(street=card.address))
    if card.note:
        out.add("note").value = card.note


def _typed(out: Component, name: str, value: object) -> None:
    line = out.add(name)
    line.value = value
    line.type_param = "work"
