"""Importing people from vCard files (Google, Apple/iCloud, Outlook, Thunderbird and others).

All or nothing: every card is read and checked (domain.validation) before anything is written,
then all of them are written in one transaction; a problem names the card and the field.

Decisions:
- A card matches an existing contact by any of its e-mail addresses, compared without regard
  to case; a card without an e-mail address matches a contact of the same name at the same
  company. Importing the same file twice therefore adds nobody twice.
- A matched contact is only completed, never overwritten: empty title, phone, address, notes
  and company are filled in, everything the user entered (above all the name, which may be
  verified) is left alone. The address book is not the better source for a job contact.
- The company comes from ORG and is matched to existing companies by name without regard to
  case; an unknown one is created. A company card (KIND:org, Apple's "show as company") adds
  or completes the company only.
- New contacts get the role "other", unless the title plainly says recruiter or receptionist:
  the role drives the anti-pester guard, so only unmistakable titles set it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.vcard.card import Card
from followup_desktop.io.vcard.decoding import decode
from followup_desktop.io.vcard.reading import parse
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.storage.models import Company, Contact

MAX_BYTES = 20 * 2**20  # a few thousand cards even with photos; more is not an address book
ADDRESS_LIMIT = 1000  # as for the contact editor
_RECRUITER = re.compile(r"\brecruit|\btalent acquisition\b|\bsourcer\b", re.IGNORECASE)
_RECEPTIONIST = re.compile(r"\breception|\bfront desk\b", re.IGNORECASE)


@dataclass(frozen=True)
class ImportSummary:
    created: int = 0  # new contacts
    updated: int = 0  # existing contacts completed with something from the file
    unchanged: int = 0  # existing contacts the file had nothing new for
    companies_created: int = 0


@dataclass(frozen=True)
class _Person:
    """A card's values, checked."""

    number: int
    name: str
    title: str
    emails: tuple[str, ...]
    phone: str
    address: str
    note: str
    company: str
    is_organization: bool


def import_vcards(backend: Backend, path: Path) -> ImportSummary:
    """Read the vCard file at `path` into the contacts, all or nothing."""
    return write_vcards(backend, read_vcards(path))


def read_vcards(path: Path) -> list[_Person]:
    """Every card of the file, checked; nothing is written (the window's cancellable step)."""
    raw = _read(path)
    try:
        return [_checked(card) for card in parse(decode(raw))]
    except ValidationError as error:
        where = "" if error.where == "file" else f"{error.where}: "  # the file is named already
        raise UserError(f"{path.name}: {where}{error.problem}.") from error


def write_vcards(backend: Backend, people: list[_Person]) -> ImportSummary:
    """The checked cards into the contacts, in one transaction, after a backup of what was
    there (as before every import)."""
    from followup_desktop.services.safekeeping.backups import backup_before_import

    backup_before_import(backend)
    with backend.write():
        return _Writer(backend).write_all(people)


def role_for(title: str) -> Role:
    """The role a title plainly states, else "other"."""
    if _RECEPTIONIST.search(title):
        return Role.RECEPTIONIST
    if _RECRUITER.search(title):
        return Role.RECRUITER
    return Role.OTHER


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as source:  # bounded even for pipes and devices
            raw = source.read(MAX_BYTES + 1)
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror or error}).") from error
    if len(raw) > MAX_BYTES:
        raise UserError(f"{path.name}: the file is larger than the limit of "
                        f"{MAX_BYTES // 2**20} MB.")
    return raw


def _checked(card: Card) -> _Person:
    where = f"card {card.number}"
    # A 4.0 KIND:org card may name the organization in FN only.
    organization = card.organization or (card.name if card.is_organization else "")
    company = check.text(organization, f"{where}, ORG", required=card.is_organization)
    name = company if card.is_organization else card.name
    return _Person(
        number=card.number,
        name=check.text(name, f"{where}, FN", required=True),
        title=check.text(card.title, f"{where}, TITLE"),
        emails=tuple(check.email(e, f"{where}, EMAIL") for e in card.emails),
        phone=check.text(card.phones[0] if card.phones else "", f"{where}, TEL"),
        address=check.text(card.address, f"{where}, ADR", limit=ADDRESS_LIMIT),
        note=check.text(card.note, f"{where}, NOTE", limit=check.LONG_TEXT),
        company=company,
        is_organization=card.is_organization,
    )


@dataclass
class _Writer:
    """Writes checked cards inside the caller's transaction, keeping its indexes current so
    that a person twice in one file is matched the second time too."""

    backend: Backend
    by_email: dict[str, int] = field(default_factory=dict)
    by_name: dict[tuple[str, int | None], int] = field(default_factory=dict)
    companies: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("created", "updated", "unchanged", "companies_created"), 0))

    def write_all(self, people: list[_Person]) -> ImportSummary:
        for contact_id, name, email, company_id in Contact.select(
                Contact.id, Contact.name, Contact.email, Contact.company).tuples():
            self._remember(contact_id, name, email, company_id)
        for company_id, name in Company.select(Company.id, Company.name).tuples():
            self.companies.setdefault(_key(name), company_id)
        for person in people:
            self._write(person)
        return ImportSummary(**self.counts)

    def _write(self, person: _Person) -> None:
        if person.is_organization:
            self._company(person)
            return
        # A company is created only for a contact that gets it: a matched contact keeps the
        # company the user chose, and no empty company is left behind for it.
        known = self.companies.get(_key(person.company)) if person.company else None
        contact_id = self._match(person, known)
        if contact_id is None:
            self._create(person, self._company(person) if person.company else None)
        elif self._complete(contact_id, person):
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1

    def _company(self, person: _Person) -> int:
        company_id = self.companies.get(_key(person.company))
        if company_id is None:
            address = person.address if person.is_organization else ""
            company_id = Company.create(name=person.company, postal_address=address,
                                        created_utc=self.backend.clock.now()).id
            self.companies[_key(person.company)] = company_id
            self.counts["companies_created"] += 1
        elif person.is_organization and person.address:
            Company.update(postal_address=person.address).where(
                (Company.id == company_id) & (Company.postal_address == "")).execute()
        return company_id

    def _match(self, person: _Person, company_id: int | None) -> int | None:
        if person.emails:
            return next((self.by_email[e.lower()] for e in person.emails
                         if e.lower() in self.by_email), None)
        return self.by_name.get((_key(person.name), company_id))

    def _create(self, person: _Person, company_id: int | None) -> None:
        contact = Contact.create(
            company=company_id, name=person.name, title=person.title,
            role=role_for(person.title), email=person.emails[0] if person.emails else "",
            phone=person.phone, postal_address=person.address, notes=person.note,
            created_utc=self.backend.clock.now())
        self._remember(contact.id, person.name, contact.email, company_id)
        self.counts["created"] += 1

    def _complete(self, contact_id: int, person: _Person) -> bool:
        """Fill in what the contact lacks; True if anything was."""
        contact = Contact.get_by_id(contact_id)
        offered = {"title": person.title, "phone": person.phone,
                   "postal_address": person.address, "notes": person.note}
        changes: dict[str, object] = {name: value for name, value in offered.items()
                                      if value and not getattr(contact, name)}
        if person.company and contact.company_id is None:
            changes["company"] = company_id = self._company(person)
            self._remember(contact_id, contact.name, "", company_id)  # found there by name too
        if changes:
            Contact.update(**changes).where(Contact.id == contact_id).execute()
        return bool(changes)

    def _remember(self, contact_id: int, name: str, email: str, company_id: int | None) -> None:
        if email:
            self.by_email.setdefault(email.lower(), contact_id)
        self.by_name.setdefault((_key(name), company_id), contact_id)


def _key(name: str) -> str:
    """Names compared the way people read them: case and spacing do not count."""
    return " ".join(name.casefold().split())
