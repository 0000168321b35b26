"""One card, as read from a vCard file or to be written to one.

Plain conversion between bytes and `Card`s; checking the values against the app's rules and
writing them to the database is services/exchange/contacts_import.py's job.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    """One person (or, with is_organization, one company) as a vCard describes them."""

    number: int = 0  # position in the file, from 1; 0 for a card made to be written
    name: str = ""
    title: str = ""
    organization: str = ""
    emails: tuple[str, ...] = ()  # the one to use first
    phones: tuple[str, ...] = ()
    address: str = ""  # multi-line postal address
    note: str = ""
    uid: str = ""
    is_organization: bool = False  # KIND:org, or Apple's X-ABShowAs:COMPANY
