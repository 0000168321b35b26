"""A note as the card or letter it becomes: who it goes to, the greeting split from the text, the
addresses and the date line. Shared by printing in the window and the command line's card."""
from __future__ import annotations

from datetime import date

from followup_desktop.io.documents import CardContent, LetterContent
from followup_desktop.services.composer import Composition, require_finished, split_greeting


def card_content(c: Composition, body: str) -> CardContent:
    """Raises UserError while the note still holds a template marker ("[add your name]")."""
    require_finished(body)
    name = c.recipient.name if c.recipient else ""
    greeting, text = split_greeting(body, name)
    return CardContent(greeting=greeting, recipient_name=name,
                       recipient_title=c.recipient.title if c.recipient else "",
                       company=c.company, body=text,
                       postal_address=(c.recipient.postal_address if c.recipient else "")
                       or c.company_address,
                       sender_name=c.sender_name, sender_address=c.sender_address)


def letter_content(c: Composition, body: str) -> LetterContent:
    require_finished(body)
    name = c.recipient.name if c.recipient else ""
    greeting, text = split_greeting(body, name)
    return LetterContent(
        sender_name=c.sender_name, sender_address=c.sender_address,
        date_text=(c.today or date.today()).strftime("%d %B %Y").lstrip("0"), recipient_name=name,
        recipient_title=c.recipient.title if c.recipient else "", company=c.company,
        recipient_address=(c.recipient.postal_address if c.recipient else "")
        or c.company_address, greeting=greeting, body=text, closing="")
