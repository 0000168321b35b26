"""What the editors read: a record to change, the pick lists beside it, an application's
people and interviews, and the warnings an edit of a follow-up would raise."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import available_timezones

from followup_desktop.domain import fields
from followup_desktop.domain import validation as check
from followup_desktop.domain.model import (
    CLOSED_STATUSES,
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    InterviewFormat,
    Role,
)
from followup_desktop.services.backend import Backend
from followup_desktop.services.guarding import person_of, planned_warnings_for
from followup_desktop.services.lookup import existing, existing_or_none
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
)


@dataclass(frozen=True)
class Choice:
    """One entry of a pick list: an id and the plain text that names it."""

    id: int
    text: str


@dataclass(frozen=True)
class PersonChoice:
    id: int
    name: str
    title: str
    role: Role

    @property
    def text(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name


@dataclass(frozen=True)
class CompanyRecord:
    id: int
    name: str
    website: str
    postal_address: str
    preferred_channel: Channel | None
    reach_notes: str


@dataclass(frozen=True)
class ContactRecord:
    id: int
    company_id: int | None
    draft: ContactDraft


@dataclass(frozen=True)
class ContactForm:
    record: ContactRecord | None
    companies: tuple[Choice, ...]


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    company_id: int
    position: str
    status: ApplicationStatus
    posting_url: str
    decision_date: date | None
    second_round_expected: bool | None
    notes: str


@dataclass(frozen=True)
class ApplicationForm:
    record: ApplicationRecord | None
    companies: tuple[Choice, ...]


@dataclass(frozen=True)
class InterviewRecord:
    id: int
    application_id: int
    start: datetime  # UTC
    end: datetime  # UTC
    zone: str
    round: int
    format: InterviewFormat
    location: str
    discussed: str
    interviewer_ids: tuple[int, ...]


@dataclass(frozen=True)
class InterviewForm:
    record: InterviewRecord | None
    applications: tuple[Choice, ...]
    user_zone: str
    zones: tuple[str, ...]


@dataclass(frozen=True)
class ApplicationContext:
    """What an interview editor or the debrief needs to know about one application."""

    id: int
    company_id: int
    company: str
    position: str
    people: tuple[PersonChoice, ...]  # the company's contacts and everyone met at an interview
    interviews: tuple[InterviewRecord, ...]  # most recent first
    preferred_channel: Channel | None
    decision_date: date | None
    second_round_expected: bool | None

    @property
    def next_round(self) -> int:
        return min(fields.MAX_ROUND, max((i.round for i in self.interviews), default=0) + 1)


@dataclass(frozen=True)
class ActionRecord:
    id: int
    application_id: int
    company_id: int
    company: str
    position: str
    kind: ActionKind
    state: ActionState
    due: datetime  # UTC
    channel: Channel
    contact_id: int | None
    note: str


@dataclass(frozen=True)
class ActionForm:
    record: ActionRecord
    people: tuple[PersonChoice, ...]
    user_zone: str


def load_company(backend: Backend, company_id: int) -> CompanyRecord:
    c = existing(Company, company_id, "company")
    return CompanyRecord(c.id, c.name, c.website, c.postal_address,
                         Channel(c.preferred_channel) if c.preferred_channel else None,
                         c.reach_notes)


def contact_form(backend: Backend, contact_id: int | None = None) -> ContactForm:
    record = None
    if contact_id is not None:
        c = existing(Contact, contact_id, "contact")
        record = ContactRecord(c.id, c.company_id, ContactDraft(
            c.name, c.title, Role(c.role), c.email, c.phone, c.postal_address,
            c.name_verified, c.title_verified, c.verified_source, c.notes))
    return ContactForm(record, company_choices(backend))


def application_form(backend: Backend, application_id: int | None = None) -> ApplicationForm:
    record = None
    if application_id is not None:
        a = existing(Application, application_id, "application")
        record = ApplicationRecord(a.id, a.company_id, a.position, ApplicationStatus(a.status),
                                   a.posting_url, a.decision_date, a.second_round_expected,
                                   a.notes)
    return ApplicationForm(record, company_choices(backend))


def interview_form(backend: Backend, interview_id: int | None = None,
                   application_id: int | None = None) -> InterviewForm:
    record = None
    if interview_id is not None:
        record = _interview_records(
            Interview.select().where(Interview.id == existing(Interview, interview_id,
                                                              "interview").id))[0]
        application_id = record.application_id
    return InterviewForm(record, application_choices(backend, application_id),
                         backend.rules().zone.key, known_zones())


def application_context(backend: Backend, application_id: int) -> ApplicationContext:
    app = (Application.select(Application, Company).join(Company)
           .where(Application.id == existing(Application, application_id, "application").id)
           .get())
    interviews = _interview_records(
        Interview.select().where(Interview.application == app.id)
        .order_by(Interview.start_utc.desc(), Interview.id.desc()))
    met = {c for i in interviews for c in i.interviewer_ids}
    people = Contact.select().where((Contact.company == app.company_id)
                                    | (Contact.id << list(met)))
    return ApplicationContext(
        app.id, app.company_id, app.company.name, app.position,
        tuple(sorted((_person(c) for c in people), key=lambda p: (p.name.casefold(), p.id))),
        tuple(interviews),
        Channel(app.company.preferred_channel) if app.company.preferred_channel else None,
        app.decision_date, app.second_round_expected)


def action_form(backend: Backend, action_id: int) -> ActionForm:
    a = (Action.select(Action, Application, Company).join(Application).join(Company)
         .where(Action.id == existing(Action, action_id, "action").id).get())
    record = ActionRecord(a.id, a.application_id, a.application.company_id,
                          a.application.company.name, a.application.position,
                          ActionKind(a.kind), ActionState(a.state),
                          a.snoozed_until_utc or a.due_utc, Channel(a.channel), a.contact_id,
                          a.note)
    people = Contact.select().where((Contact.company == record.company_id)
                                    | (Contact.id == a.contact_id))
    return ActionForm(record, tuple(sorted((_person(c) for c in people),
                                           key=lambda p: (p.name.casefold(), p.id))),
                      backend.rules().zone.key)


def preview_warnings(backend: Backend, action_id: int, due: datetime,
                     contact_id: int | None) -> list[str]:
    """The anti-pester warnings an edit of this action to `due` and `contact_id` would raise."""
    due = check.moment(due, "due")
    rules = backend.rules()
    action = existing(Action, action_id, "action")
    company_id = Application.get_by_id(action.application_id).company_id
    contact = existing_or_none(Contact, contact_id, "contact")
    return planned_warnings_for(action.id, ActionKind(action.kind), action.interview_id,
                                person_of(contact) if contact else None, company_id, due,
                                backend.clock.now(), rules)


def company_choices(backend: Backend) -> tuple[Choice, ...]:
    rows = Company.select(Company.id, Company.name).tuples()
    return tuple(sorted((Choice(i, name) for i, name in rows),
                        key=lambda c: (c.text.casefold(), c.id)))


def application_choices(backend: Backend, also: int | None = None) -> tuple[Choice, ...]:
    """Open applications (and `also`, whatever its status) as "Company - Position"."""
    wanted = ~(Application.status << [s.value for s in CLOSED_STATUSES])
    if also is not None:
        wanted |= Application.id == also
    rows = (Application.select(Application.id, Company.name, Application.position)
            .join(Company).where(wanted).tuples())
    return tuple(sorted((Choice(i, f"{company} – {position}") for i, company, position in rows),
                        key=lambda c: (c.text.casefold(), c.id)))


@cache
def known_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (reading them takes a moment: cached)."""
    return tuple(sorted(available_timezones()))


def _person(c: Contact) -> PersonChoice:
    return PersonChoice(c.id, c.name, c.title, Role(c.role))


def _interview_records(query: Iterable[Interview]) -> list[InterviewRecord]:
    interviews = list(query)
    panel: dict[int, list[int]] = {i.id: [] for i in interviews}
    for link in InterviewContact.select().where(InterviewContact.interview << list(panel)):
        panel[link.interview_id].append(link.contact_id)
    return [InterviewRecord(i.id, i.application_id, i.start_utc, i.end_utc, i.zone, i.round,
                            InterviewFormat(i.format), i.location, i.discussed,
                            tuple(sorted(panel[i.id])))
            for i in interviews]
