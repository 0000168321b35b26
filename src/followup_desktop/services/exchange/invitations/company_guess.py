"""Which company an invitation is from: the people's e-mail domain or the title, an existing
company first, else a new one named from them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.services.exchange.invitations.matching import Known
from followup_desktop.services.exchange.invitations.proposal import PersonProposal
from followup_desktop.services.exchange.invitations.title import read_title
from followup_desktop.storage.models import Contact

FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com",
    "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de",
    "posteo.de", "mailbox.org", "proton.me", "protonmail.com", "pm.me", "tutanota.com",
    "fastmail.com", "hey.com", "zoho.com", "mail.com", "mail.ru", "yandex.ru", "yandex.com",
    "qq.com", "163.com", "126.com", "naver.com", "orange.fr", "free.fr", "laposte.net",
    "libero.it", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "btinternet.com", "comcast.net",
    "verizon.net", "att.net", "sbcglobal.net",
})
# Brands with a free-mail domain in many countries (yahoo.co.uk, hotmail.fr, gmx.es, ...).
FREE_MAIL_BRANDS = frozenset({"yahoo", "hotmail", "live", "outlook", "gmx", "yandex", "aol",
                              "icloud", "protonmail"})
# A second-level label under a country code: acme.co.uk is "acme", not "co".
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "or",
                          "ne", "go", "gv"})


@dataclass(frozen=True)
class _Guess:
    name: str = ""
    company_id: int | None = None
    domain: str = ""
    position: str = ""
    notes: tuple[str, ...] = field(default=())


def guess_company(invitation: Invitation, people: list[PersonProposal], own: tuple[str, ...],
                  companies: Companies, known: Known) -> _Guess:
    """The company from the people's e-mail domain or from the title, an existing one first."""
    domain = _company_domain(people, own)
    from_title, position = read_title(invitation.summary, {p.name for p in people})
    notes = () if position else ("The title names no position.",)
    for found in (_company_by_domain(domain, companies, known) if domain else None,
                  _company_in_title(invitation.summary, companies),
                  _company_named(from_title, companies) if from_title else None):
        if found is not None:
            return _Guess(found[1], found[0], "", position, notes)
    if from_title:  # the domain is its website only where the two agree
        agree = bool(domain) and _squash(_domain_label(domain)) in _squash(from_title)
        return _Guess(from_title, None, domain if agree else "", position, notes)
    if domain:  # the domain becomes the new company's website
        return _Guess(_name_from_domain(domain), None, domain, position, notes)
    return _Guess("", None, "", position,
                  ("No company could be told from the invitation; choose one.", *notes))


def _company_domain(people: list[PersonProposal], own: tuple[str, ...]) -> str:
    """The commonest company domain among the people; the organizer's first on a tie."""
    own_domains = {a.rpartition("@")[2] for a in own}
    domains = [_domain(p.email) for p in people if p.email]
    usable = [d for d in domains if d not in own_domains and not _is_free_mail(d)]
    if not usable:
        return ""
    counts = Counter(usable)
    return max(usable, key=lambda d: counts[d])  # max keeps the first of equals


def _domain(address: str) -> str:
    return address.rpartition("@")[2].casefold().rstrip(".")


def _is_free_mail(domain: str) -> bool:
    labels = domain.split(".")
    brand = labels[-3] if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else \
        labels[-2] if len(labels) >= 2 else ""
    return domain in FREE_MAIL or brand in FREE_MAIL_BRANDS


def _domain_label(domain: str) -> str:
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _name_from_domain(domain: str) -> str:
    """"acme-robotics.com" -> "Acme Robotics"."""
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", _domain_label(domain)) if w)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


class Companies:
    """The companies one propose reads, with what matching invitations against them needs
    worked out once, not again for every invitation (a user may have thousands)."""

    def __init__(self, rows: list[tuple[int, str, str]]) -> None:
        self.rows = rows  # (id, name, website), by id
        self.names = {company_id: name for company_id, name, _ in rows}
        self.squashed: dict[str, tuple[int, str]] = {}  # the first company of each
        for company_id, name, _ in rows:
            self.squashed.setdefault(_squash(name), (company_id, name))
        # "X" or "AB" would be found in any title
        self.in_titles = [(name.casefold(), len(name), company_id, name)
                          for company_id, name, _ in rows if len(name.strip()) >= 3]
        self.by_domain: dict[str, tuple[int, str] | None] = {}
        self._hosts: list[tuple[str, int, str]] | None = None

    def hosts(self) -> list[tuple[str, int, str]]:
        """(host of the website, id, name) of each company with a website, by id."""
        if self._hosts is None:
            self._hosts = []
            for company_id, name, website in self.rows:
                host = re.sub(r"^[a-z]+://", "", website.casefold()).split("/")[0]
                if host.removeprefix("www."):
                    self._hosts.append((host.removeprefix("www."), company_id, name))
        return self._hosts


def _company_by_domain(domain: str, companies: Companies, known: Known
                       ) -> tuple[int, str] | None:
    """A company known by a contact's address there, its website, or a name matching the
    domain ("acmerobotics.com" is "Acme Robotics"). Nothing is written while proposing, so
    each domain is looked up once."""
    if domain not in companies.by_domain:
        companies.by_domain[domain] = _find_by_domain(domain, companies)
    return companies.by_domain[domain]


def _find_by_domain(domain: str, companies: Companies) -> tuple[int, str] | None:
    counts = Counter(c for (c,) in Contact.select(Contact.company).where(
        Contact.email.endswith(f"@{domain}")  # LIKE: case-insensitive
        & Contact.company.is_null(False)).tuples())
    if counts:
        company_id = counts.most_common(1)[0][0]
        return company_id, companies.names[company_id]
    for host, company_id, name in companies.hosts():
        if host == domain or domain.endswith(f".{host}") or host.endswith(f".{domain}"):
            return company_id, name
    return companies.squashed.get(_squash(_domain_label(domain)))


def _company_in_title(summary: str, companies: Companies) -> tuple[int, str] | None:
    """An existing company named in the title; the longest name wins ("Acme Robotics" over
    "Acme")."""
    folded = summary.casefold()
    hits = [(length, company_id, name)
            for name_folded, length, company_id, name in companies.in_titles
            if name_folded in folded  # most names are not: skip the search for a whole word
            and re.search(rf"(?<!\w){re.escape(name_folded)}(?!\w)", folded)]
    return (max(hits)[1], max(hits)[2]) if hits else None


def _company_named(name: str, companies: Companies) -> tuple[int, str] | None:
    return companies.squashed.get(_squash(name))
