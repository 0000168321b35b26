"""A note on paper: the handwritten-card template or the letter, as a PDF file or through the
print dialog. The drawing itself is in io/; this maps a composition onto it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from followup_desktop.domain.model import Channel
from followup_desktop.io.card_pdf import CardContent, paint_card, write_card_pdf
from followup_desktop.io.letter_pdf import LetterContent, paint_letter, write_letter_pdf
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


def write_note_pdf(c: Composition, body: str, channel: Channel, path: Path, size: str,
                   envelope: bool) -> str | None:
    """Write the card or letter; returns a warning for the user (a note too long for one
    card), if any."""
    if channel is Channel.CARD:
        return write_card_pdf(card_content(c, body), path, size, envelope).warning
    write_letter_pdf(letter_content(c, body), path)
    return None


def print_note(parent: QWidget, c: Composition, body: str, channel: Channel, size: str,
               envelope: bool) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    if channel is Channel.CARD:
        paint_card(card_content(c, body), printer, size, envelope)
    else:
        paint_letter(letter_content(c, body), printer)
