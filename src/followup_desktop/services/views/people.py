"""Reads behind the contacts page: search as you type, a person's panel and a company's panel.

Search reads the stored index of services/views/search_index.py (folded names and haystacks, brought
up to date first), then the names and companies of the one page of hits it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from peewee import JOIN, Expression, fn

from followup_desktop.domain.model import ActionKind, ActionState, ApplicationStatus, Channel, Role
from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing
from followup_desktop.services.views import search_index
from followup_desktop.services.views.search_index import fold
from followup_desktop.storage.models import Action, Application, Company, Contact, Touch

SEARCH_LIMIT = 200
MAX_TERMS = 8  # more words than this add nothing but work
TIMELINE_LIMIT = 500
PENDING = (ActionState.PLANNED.value, ActionState.SNOOZED.value)


class HitKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    id: int
    name: str
    title: str  # people only
    company_id: int | None
    company: str  # a person's company; empty for a company


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]  # at most `limit`, best first
    total: int  # how many matched in all; with `more`, more than this many
    more: bool = False  # so many matched that counting stopped at `total`

    @property
    def truncated(self) -> bool:
        return self.more or self.total > len(self.hits)


@dataclass(frozen=True)
class TouchLine:
    id: int
    at: datetime
    channel: str
    summary: str
    application_id: int | None
    position: str  # empty when the touch is not tied to an application


@dataclass(frozen=True)
class UpcomingAction:
    id: int
    kind: ActionKind
    due: datetime  # the snooze end for a snoozed action
    channel: str
    state: ActionState
    application_id: int
    position: str
    company: str


@dataclass(frozen=True)
class PersonDetail:
    id: int
    name: str
    title: str
    role: Role
    name_verified: bool
    title_verified: bool
    verified_source: str
    company_id: int | None
    company: str
    email: str
    phone: str
    postal_address: str
    notes: str
    last_contacted: datetime | None
    touches: tuple[TouchLine, ...]  # newest first
    upcoming: tuple[UpcomingAction, ...]  # pending, soonest first


@dataclass(frozen=True)
class PersonLine:
    id: int
    name: str
    title: str
    role: Role


@dataclass(frozen=True)
class ApplicationLine:
    id: int
    position: str
    status: ApplicationStatus


@dataclass(frozen=True)
class CompanyDetail:
    id: int
    name: str
    website: str
    postal_address: str
    preferred_channel: Channel | None
    reach_notes: str
    last_contact: datetime | None
    people: tuple[PersonLine, ...]  # by name
    applications: tuple[ApplicationLine, ...]  # newest first


def search_terms(query: str) -> list[str]:
    """The folded words of a query; every word must match somewhere."""
    return [term for term in fold(query).split() if term][:MAX_TERMS]


def search(backend: Backend, query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    """People and companies matching every word of `query` (all of them when it is empty),
    the best `limit` of them and how many matched.

    People match on name, title, company name and e-mail; companies on their name; a word does
    not match across two of those. Ranking: the name starts with the first word, then a word of
    the name does, then the name contains it, then anything; ties by name."""
    terms = search_terms(query)
    search_index.refresh_unless_busy(backend.db)
    with backend.db.atomic("DEFERRED"):  # the keys and their names from one snapshot
        found = search_index.find(backend.db, terms, limit)
        hits = _hits(backend, found.keys)
    return SearchResult(query, hits, found.total, found.more)


def prepare_search(backend: Backend) -> bool:
    """Re-fold what changed before anyone searches: after an import or an upgrade that is every
    name (about a second with 20,000 applications), which the first keystroke should not wait
    for. Cheap when nothing changed; False when another writer held the lock."""
    return search_index.refresh_unless_busy(backend.db)


def _hits(backend: Backend, keys: Sequence[tuple[str, int]]) -> tuple[Hit, ...]:
    """The hits for `keys` (kind, id), in that order."""
    people_ids = [ref for kind, ref in keys if kind == HitKind.PERSON]
    company_ids = [ref for kind, ref in keys if kind == HitKind.COMPANY]
    found: dict[tuple[str, int], Hit] = {}
    if people_ids:
        marks = ", ".join("?" * len(people_ids))
        for id_, name, title, company_id, company in backend.db.execute_sql(
                f"SELECT p.id, p.name, p.title, p.company_id, ifnull(c.name, '') "
                f"FROM contact AS p LEFT JOIN company AS c ON c.id = p.company_id "
                f"WHERE p.id IN ({marks})", people_ids):
            found[HitKind.PERSON, id_] = Hit(HitKind.PERSON, id_, name, title, company_id,
                                             company)
    if company_ids:
        marks = ", ".join("?" * len(company_ids))
        for id_, name in backend.db.execute_sql(
                f"SELECT id, name FROM company WHERE id IN ({marks})", company_ids):
            found[HitKind.COMPANY, id_] = Hit(HitKind.COMPANY, id_, name, "", None, "")
    return tuple(found[key] for key in keys if key in found)


def person_detail(backend: Backend, contact_id: int) -> PersonDetail:
    """A person's panel: who they are, how to reach them, what happened and what is next."""
    contact = existing(Contact, contact_id, "contact")
    company = Company.get_or_none(Company.id == contact.company_id) \
        if contact.company_id else None
    touches = _touch_lines(contact.id)
    return PersonDetail(
        id=contact.id, name=contact.name, title=contact.title, role=Role(contact.role),
        name_verified=contact.name_verified, title_verified=contact.title_verified,
        verified_source=contact.verified_source, company_id=contact.company_id,
        company=company.name if company else "", email=contact.email, phone=contact.phone,
        postal_address=contact.postal_address, notes=contact.notes,
        last_contacted=_last_touch(Touch.contact == contact.id),
        touches=touches, upcoming=_upcoming(contact.id),
    )


def _last_touch(condition: Expression) -> datetime | None:
    """The newest touch matching `condition` (touch_contact_at / touch_company_at index)."""
    row = Touch.select(Touch.at_utc).where(condition).order_by(Touch.at_utc.desc()).first()
    return row.at_utc if row else None


def _touch_lines(contact_id: int) -> tuple[TouchLine, ...]:
    rows = (Touch.select(Touch.id, Touch.at_utc, Touch.channel, Touch.summary,
                         Touch.application, Application.position)
            .join(Application, JOIN.LEFT_OUTER)
            .where(Touch.contact == contact_id)
            .order_by(Touch.at_utc.desc(), Touch.id.desc())
            .limit(TIMELINE_LIMIT)
            .tuples())
    return tuple(TouchLine(id_, at, channel, summary, app_id, position or "")
                 for id_, at, channel, summary, app_id, position in rows)


def _upcoming(contact_id: int) -> tuple[UpcomingAction, ...]:
    due = fn.COALESCE(Action.snoozed_until_utc, Action.due_utc)
    rows = (Action.select(Action.id, Action.kind, due, Action.channel, Action.state,
                          Action.application, Application.position, Company.name)
            .join(Application).join(Company)
            .where((Action.contact == contact_id) & (Action.state << PENDING))
            .order_by(due, Action.id)
            .tuples())
    return tuple(UpcomingAction(id_, ActionKind(kind), at, channel, ActionState(state), app_id,
                                position, company)
                 for id_, kind, at, channel, state, app_id, position, company in rows)


def company_detail(backend: Backend, company_id: int) -> CompanyDetail:
    """A company's panel: how to reach them, their people, the applications there."""
    company = existing(Company, company_id, "company")
    people = tuple(PersonLine(id_, name, title, Role(role)) for id_, name, title, role in
                   Contact.select(Contact.id, Contact.name, Contact.title, Contact.role)
                   .where(Contact.company == company.id)
                   .order_by(Contact.name, Contact.id).tuples())
    applications = tuple(
        ApplicationLine(id_, position, ApplicationStatus(status)) for id_, position, status in
        Application.select(Application.id, Application.position, Application.status)
        .where(Application.company == company.id)
        .order_by(Application.created_utc.desc(), Application.id.desc()).tuples())
    return CompanyDetail(
        id=company.id, name=company.name, website=company.website,
        postal_address=company.postal_address,
        preferred_channel=Channel(company.preferred_channel) if company.preferred_channel
        else None,
        reach_notes=company.reach_notes,
        last_contact=_last_touch(Touch.company == company.id),
        people=people, applications=applications,
    )
