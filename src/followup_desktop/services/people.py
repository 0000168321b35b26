"""Reads behind the contacts page: search as you type, a person's panel and a company's panel.

Search folds case and accents in Python, not in SQL: SQLite's LIKE and NOCASE fold ASCII only,
so "ZOË" would miss "Zoë". The folding function (casefold, then compatibility decomposition
without the combining marks) is registered on the connection that runs the query and applied
inside SQL, so matching, counting and the first page of results stay one query.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from peewee import JOIN, Expression, fn

from followup_desktop.domain.model import ActionKind, ActionState, ApplicationStatus, Channel, Role
from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing
from followup_desktop.storage.models import Action, Application, Company, Contact, Touch

SEARCH_LIMIT = 200
MAX_TERMS = 8  # more words than this add nothing but work
TIMELINE_LIMIT = 500
FOLD_FUNCTION = "followup_fold"
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
    total: int  # how many matched in all

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


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


@lru_cache(maxsize=65_536)
def fold(text: str | None) -> str:
    """Text as search compares it: case folded ("ß" is "ss"), compatibility forms unified
    ("ﬁ" is "fi") and accents dropped, so "zoe", "Zoë" and "ZOË" are all the same."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_terms(query: str) -> list[str]:
    """The folded words of a query; every word must match somewhere."""
    return [term for term in fold(query).split() if term][:MAX_TERMS]


# People match on name, title, company name and e-mail; companies on their name. The unit
# separator keeps one word of a query from matching across two fields. Ranking: the name starts
# with the first word, then a word of the name does, then the name contains it, then anything.
_CANDIDATES = f"""
    SELECT 'person' AS kind, p.id AS id, p.name AS name, p.title AS title,
           p.company_id AS company_id, ifnull(c.name, '') AS company,
           {FOLD_FUNCTION}(p.name) AS name_key,
           {FOLD_FUNCTION}(p.name || char(31) || p.title || char(31) || ifnull(c.name, '')
                           || char(31) || p.email) AS haystack
    FROM contact AS p LEFT JOIN company AS c ON c.id = p.company_id
    UNION ALL
    SELECT 'company', c.id, c.name, '', NULL, '', {FOLD_FUNCTION}(c.name), {FOLD_FUNCTION}(c.name)
    FROM company AS c
"""
_RANK = """CASE WHEN instr(name_key, ?) = 1 THEN 0
                WHEN instr(name_key, ' ' || ?) > 0 THEN 1
                WHEN instr(name_key, ?) > 0 THEN 2 ELSE 3 END"""


def search(backend: Backend, query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    """People and companies matching every word of `query` (all of them when it is empty),
    the best `limit` of them and how many matched in all."""
    terms = search_terms(query)
    _register_fold(backend.db.connection())
    where = " AND ".join("instr(haystack, ?) > 0" for _ in terms) or "1"
    first = terms[0] if terms else ""
    sql = (f"SELECT kind, id, name, title, company_id, company, count(*) OVER () "
           f"FROM ({_CANDIDATES}) WHERE {where} "
           f"ORDER BY {_RANK}, name_key, kind DESC, id LIMIT ?")
    rows = backend.db.execute_sql(sql, [*terms, first, first, first, limit]).fetchall()
    hits = tuple(Hit(HitKind(kind), id_, name, title, company_id, company)
                 for kind, id_, name, title, company_id, company, _ in rows)
    return SearchResult(query, hits, rows[0][-1] if rows else 0)


def _register_fold(connection: sqlite3.Connection) -> None:
    """Make the folding function known to this thread's connection (cheap; idempotent)."""
    connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


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
