"""The debrief from nothing: the company and position are typed, new or known.

The reads tell the debrief what is known about what was typed (the open applications, a
company's people and channel); the write records a new application and its interview in one
transaction through the existing writers (`records.add_application`, `debrief.debrief`),
so a bad interviewer or time leaves no half-made application behind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from peewee import fn

from followup_desktop.domain.model import CLOSED_STATUSES, Channel, Role
from followup_desktop.services import debrief, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.debrief import DebriefDraft, DebriefResult
from followup_desktop.services.views.forms import PersonChoice
from followup_desktop.storage.models import Application, Company, Contact


@dataclass(frozen=True)
class OpenApplication:
    id: int
    company: str
    position: str


@dataclass(frozen=True)
class KnownCompany:
    """What is on record about a company the user typed."""

    id: int
    name: str
    people: tuple[PersonChoice, ...]
    preferred_channel: Channel | None


@dataclass(frozen=True)
class Names:
    """For completion as the user types."""

    companies: tuple[str, ...]
    applications: tuple[OpenApplication, ...]


def names(backend: Backend) -> Names:
    companies = sorted({name for (name,) in Company.select(Company.name).tuples()},
                       key=str.casefold)
    rows = (Application.select(Application.id, Company.name, Application.position)
            .join(Company)
            .where(~(Application.status << [s.value for s in CLOSED_STATUSES]))
            .order_by(Application.id).tuples())
    return Names(tuple(companies), tuple(OpenApplication(*row) for row in rows))


def matching(applications: tuple[OpenApplication, ...], company: str,
             position: str) -> OpenApplication | None:
    """The open application at `company` for `position`, compared as people would (case and
    spacing aside); the first when there are several."""
    wanted = (_folded(company), _folded(position))
    return next((a for a in applications
                 if (_folded(a.company), _folded(a.position)) == wanted), None)


def positions_at(applications: tuple[OpenApplication, ...], company: str) -> list[str]:
    folded = _folded(company)
    return list(dict.fromkeys(a.position for a in applications if _folded(a.company) == folded))


def known_company(backend: Backend, name: str) -> KnownCompany | None:
    """The company called `name` (case aside), with its people, or None if it is new."""
    wanted = " ".join(name.split())
    if not wanted:
        return None
    found = next((c for c in Company.select().where(fn.LOWER(Company.name) == wanted.lower())
                  if _folded(c.name) == _folded(wanted)), None)
    if found is None:
        return None
    people = Contact.select().where(Contact.company == found.id)
    return KnownCompany(
        found.id, found.name,
        tuple(sorted((PersonChoice(c.id, c.name, c.title, Role(c.role)) for c in people),
                     key=lambda p: (p.name.casefold(), p.id))),
        Channel(found.preferred_channel) if found.preferred_channel else None)


def debrief_new_application(backend: Backend, company: str, position: str,
                            draft: DebriefDraft) -> DebriefResult:
    """A new application at `company` (known by its name, or created) for `position`, and
    the debrief of its first interview (`draft` without an application), all or nothing."""
    with backend.write():
        application_id = records.add_application(backend, " ".join(company.split()),
                                                     " ".join(position.split()))
        return debrief.debrief(backend, replace(draft, application_id=application_id,
                                                interview_id=None))


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()
