"""What a printed card or letter shows, as plain data: the services build it from a note, the
PDF and print painters (io/card_pdf.py, io/letter_pdf.py) lay it out. No Qt here, so that the
command line and the services can build one without loading the GUI."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardContent:
    greeting: str  # e.g. "Dear Ada Lovelace," (the caller builds it)
    recipient_name: str
    recipient_title: str
    company: str
    body: str  # the note, paragraphs separated by blank lines
    closing: str = ""  # e.g. "With thanks,\nSam Rivera"
    postal_address: str = ""  # the recipient's, multi-line, for the envelope
    sender_address: str = ""  # optional return address, multi-line
    sender_name: str = ""  # heads the return address, when there is one


@dataclass(frozen=True)
class LetterContent:
    sender_name: str
    sender_address: str
    date_text: str
    recipient_name: str
    recipient_title: str
    company: str
    recipient_address: str
    greeting: str
    body: str
    closing: str
