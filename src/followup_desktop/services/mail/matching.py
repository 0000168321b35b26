"""Who a message is from or to, and which application it belongs to.

Addresses are matched exactly (case-insensitive) to contacts' e-mail addresses first. A sender
no contact has is then matched by domain: to the company whose contacts' addresses have that
domain (a subdomain counts too: "jobs.acme.example" is Acme's when "acme.example" is), never
for a free-mail domain (domain/freemail.py), and only when exactly one company has it (a
domain two companies share, such as a recruiting agency's, says nothing about which one).

A message belongs to the company's open application; of several, to those the person sat on
an interview panel of, if any, then to the one with the most recent interview (then the newest
application).
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from followup_desktop.domain.freemail import domain_of, is_free_mail
from followup_desktop.domain.model import CLOSED_STATUSES
from followup_desktop.storage.models import Application, Contact, Interview, InterviewContact


@dataclass(frozen=True)
class Who:
    """Someone a message came from or went to, as far as the address book knows them."""

    address: str
    contact_id: int | None  # None: known only by the domain of their company
    name: str  # the contact's name; the address when there is no contact
    company_id: int | None  # None: a contact with no company


@dataclass(frozen=True)
class _Entry:
    contact_id: int
    name: str
    company_id: int | None


class AddressBook:
    """Every contact's address and every company's domains, read once per check, so that
    thousands of messages are matched without a query each."""

    def __init__(self, entries: list[tuple[int, str, str, int | None]],
                 open_companies: set[int]) -> None:
        self._people: dict[str, list[_Entry]] = {}
        self._domains: dict[str, set[int]] = {}
        for contact_id, name, email, company_id in entries:
            address = email.strip().casefold()
            if not address:
                continue
            self._people.setdefault(address, []).append(_Entry(contact_id, name, company_id))
            domain = domain_of(address)
            if company_id is not None and domain and not is_free_mail(domain):
                self._domains.setdefault(domain, set()).add(company_id)
        self._open = open_companies

    @classmethod
    def load(cls) -> AddressBook:
        entries = list(Contact.select(Contact.id, Contact.name, Contact.email, Contact.company)
                       .where(Contact.email != "").order_by(Contact.id).tuples())
        open_companies = {company for (company,) in Application.select(Application.company)
                          .where(Application.status.not_in([s.value for s in CLOSED_STATUSES]))
                          .distinct().tuples()}
        return cls(entries, open_companies)

    def person(self, address: str) -> Who | None:
        """The contact with exactly this address (one at a company with an open application
        first, then the first entered)."""
        key = address.strip().casefold()
        entries = self._people.get(key)
        if not entries:
            return None
        best = min(entries, key=lambda e: (e.company_id not in self._open, e.contact_id))
        return Who(key, best.contact_id, best.name, best.company_id)

    def sender(self, address: str) -> Who | None:
        """The contact with this address, else the one company with its domain."""
        found = self.person(address)
        if found is not None:
            return found
        key = address.strip().casefold()
        company = self.company_of_domain(domain_of(key))
        return None if company is None else Who(key, None, key, company)

    def company_of_domain(self, domain: str) -> int | None:
        if not domain or is_free_mail(domain):
            return None
        labels = domain.split(".")
        companies: set[int] = set()
        for start in range(len(labels) - 1):  # the domain, then its parents down to two labels
            companies |= self._domains.get(".".join(labels[start:]), set())
        return next(iter(companies)) if len(companies) == 1 else None


def application_for(company_id: int, contact_id: int | None) -> int | None:
    """The open application of this company a message from or to this person belongs to."""
    apps = {app_id: created for app_id, created in Application.select(
        Application.id, Application.created_utc).where(
        (Application.company == company_id)
        & Application.status.not_in([s.value for s in CLOSED_STATUSES])).tuples()}
    if not apps:
        return None
    # Stored instants are UTC text of one width, so their order is their text's order.
    latest = dict(Interview.select(Interview.application, fn.MAX(Interview.end_utc)).where(
        (Interview.application << list(apps)) & Interview.cancelled_utc.is_null())
        .group_by(Interview.application).tuples())
    candidates = list(apps)
    if contact_id is not None:
        panels = {app_id for (app_id,) in Interview.select(Interview.application)
                  .join(InterviewContact).where(
                      (InterviewContact.contact == contact_id)
                      & (Interview.application << list(apps))
                      & Interview.cancelled_utc.is_null()).tuples()}
        candidates = [a for a in candidates if a in panels] or candidates
    return max(candidates, key=lambda a: (str(latest.get(a) or ""), apps[a], a))
