"""Changing what was entered, the post-interview debrief, and the reads the editors need.

Like `records`, every entry point validates all of its input (domain.validation) before it
writes, so a ValidationError names the field (`where`) and nothing is stored. Each write runs in
one transaction that also re-plans every application it touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import available_timezones

from peewee import fn

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
from followup_desktop.services.planning import replan
from followup_desktop.services.records import ContactDraft, advance_status
from followup_desktop.services.views.pipeline import PlanItem, application_plan
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
    StatusChange,
    Touch,
)

MAX_ROUND = 20
DEBRIEF_WINDOW = timedelta(days=3)  # how long after an interview the app offers the debrief
PENDING = (ActionState.PLANNED, ActionState.SNOOZED)


# --- what the editors read ----------------------------------------------------------------------

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
        return min(MAX_ROUND, max((i.round for i in self.interviews), default=0) + 1)


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


# --- updates ------------------------------------------------------------------------------------

def update_company(backend: Backend, company_id: int, name: str, *, website: str = "",
                   postal_address: str = "", preferred_channel: Channel | None = None,
                   reach_notes: str = "") -> None:
    """Change a company; its applications are re-planned (the channel of their follow-ups)."""
    row = _company_row(name, website, postal_address, preferred_channel, reach_notes)
    with backend.write():
        existing(Company, company_id, "company")
        Company.update(**row).where(Company.id == company_id).execute()
        _replan_all(backend, _applications_of_companies([company_id]))


def update_contact(backend: Backend, contact_id: int, company_id: int | None,
                   draft: ContactDraft) -> None:
    """Change a person; their role and company decide whom the planner writes to."""
    row = _contact_row(draft)
    with backend.write():
        old = existing(Contact, contact_id, "contact")
        existing_or_none(Company, company_id, "company")
        Contact.update(company=company_id, **row).where(Contact.id == contact_id).execute()
        companies = [c for c in {old.company_id, company_id} if c is not None]
        met = (Interview.select(Interview.application).join(InterviewContact)
               .where(InterviewContact.contact == contact_id))
        _replan_all(backend, _applications_of_companies(companies)
                    | {i.application_id for i in met})


def create_application(backend: Backend, company: int | str, position: str, *,
                       status: ApplicationStatus = ApplicationStatus.APPLIED,
                       posting_url: str = "", decision_date: date | None = None,
                       second_round_expected: bool | None = None, notes: str = "") -> int:
    """A new application at an existing company (its id) or at a new one (its name)."""
    row = _application_row(position, posting_url, decision_date, second_round_expected, notes)
    status = check.choice(status, ApplicationStatus, "status")
    new_company = _new_company_name(company)
    now = backend.clock.now()
    with backend.write():
        company_id = _company_id(backend, company, new_company)
        app = Application.create(company=company_id, status=status, created_utc=now, **row)
        StatusChange.create(application=app.id, old_status=None, new_status=status, at_utc=now)
        replan(backend, app.id)
    return app.id


def update_application(backend: Backend, application_id: int, company: int | str,
                       position: str, *, posting_url: str = "",
                       decision_date: date | None = None,
                       second_round_expected: bool | None = None, notes: str = "") -> None:
    """Change an application (its status changes go through records.set_status)."""
    row = _application_row(position, posting_url, decision_date, second_round_expected, notes)
    new_company = _new_company_name(company)
    with backend.write():
        existing(Application, application_id, "application")
        company_id = _company_id(backend, company, new_company)
        Application.update(company=company_id, **row).where(
            Application.id == application_id).execute()
        replan(backend, application_id)


@dataclass(frozen=True)
class InterviewDraft:
    """An interview as an editor enters it: existing interviewers by id, new ones as drafts
    (created at the application's company)."""

    application_id: int
    start: datetime
    end: datetime
    zone: str
    interviewer_ids: tuple[int, ...] = ()
    new_interviewers: tuple[ContactDraft, ...] = ()
    round: int = 1
    format: InterviewFormat = InterviewFormat.ONSITE
    location: str = ""
    discussed: str = ""


def create_interview(backend: Backend, draft: InterviewDraft) -> int:
    """Record an interview with its panel (new people included) and plan its follow-ups."""
    row = _interview_row(draft)
    new_people = _new_people_rows(draft.new_interviewers)
    with backend.write():
        app = existing(Application, draft.application_id, "application")
        panel = _panel(backend, app.company_id, draft.interviewer_ids, new_people)
        interview = Interview.create(application=app.id, created_utc=backend.clock.now(), **row)
        _set_panel(interview.id, panel)
        advance_status(backend, app.id)
        replan(backend, app.id)
    return interview.id


def update_interview(backend: Backend, interview_id: int, draft: InterviewDraft) -> None:
    """Change an interview and replace its panel; untouched planned follow-ups move with it,
    done ones stay as they were."""
    row = _interview_row(draft)
    new_people = _new_people_rows(draft.new_interviewers)
    with backend.write():
        old = existing(Interview, interview_id, "interview")
        app = existing(Application, draft.application_id, "application")
        panel = _panel(backend, app.company_id, draft.interviewer_ids, new_people)
        Interview.update(application=app.id, **row).where(Interview.id == interview_id).execute()
        if old.application_id != app.id:
            _move_follow_ups(interview_id, app.id)
        _set_panel(interview_id, panel)
        advance_status(backend, app.id)
        _replan_all(backend, {old.application_id, app.id})


# --- the post-interview debrief -----------------------------------------------------------------

@dataclass(frozen=True)
class DebriefDraft:
    """What the debrief form asks. Either `interview_id`, or `application_id` with `start`,
    `end` and `zone` for an interview not recorded yet."""

    interview_id: int | None = None
    application_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    zone: str = ""
    interviewer_ids: tuple[int, ...] = ()
    new_interviewers: tuple[ContactDraft, ...] = ()
    discussed: str = ""
    decision_date: date | None = None  # None: they did not say
    second_round_expected: bool | None = None  # None: don't know
    preferred_channel: Channel | None = None  # None: leave the company's as it is


@dataclass(frozen=True)
class DebriefResult:
    interview_id: int
    application_id: int
    plan: tuple[PlanItem, ...]


def debrief(backend: Backend, draft: DebriefDraft) -> DebriefResult:
    """Record what came out of an interview and plan its follow-ups, all in one transaction."""
    facts = _debrief_facts(draft)
    new_people = _new_people_rows(draft.new_interviewers)
    with backend.write():
        interview = _debriefed_interview(backend, draft, facts)
        app = Application.get_by_id(interview.application_id)
        panel = _panel(backend, app.company_id, draft.interviewer_ids, new_people)
        _set_panel(interview.id, panel)
        if facts["discussed"].strip():
            interview.discussed = _appended(interview.discussed, facts["discussed"])
            interview.save()
        if facts["channel"] is not None:
            Company.update(preferred_channel=facts["channel"]).where(
                Company.id == app.company_id).execute()
        Application.update(decision_date=facts["decision"],
                           second_round_expected=draft.second_round_expected).where(
            Application.id == app.id).execute()
        advance_status(backend, app.id)
        replan(backend, app.id)
        plan = tuple(p for p in application_plan(backend, app.id) if p.state.is_pending)
    return DebriefResult(interview.id, app.id, plan)


@dataclass(frozen=True)
class DebriefPrompt:
    """An interview that ended recently and has no notes yet: time for the debrief."""

    interview_id: int
    application_id: int
    company: str
    position: str
    start: datetime  # UTC
    end: datetime  # UTC
    zone: str


def interviews_needing_debrief(backend: Backend, now: datetime) -> list[DebriefPrompt]:
    """Interviews of open applications that ended in the past three days without notes,
    the most recent first."""
    rows = (Interview.select(Interview.id, Interview.application, Interview.start_utc,
                             Interview.end_utc, Interview.zone, Company.name,
                             Application.position)
            .join(Application).join(Company)
            .where((Interview.end_utc > now - DEBRIEF_WINDOW) & (Interview.end_utc <= now)
                   & (fn.TRIM(Interview.discussed, " \t\r\n") == "")
                   & ~(Application.status << [s.value for s in CLOSED_STATUSES]))
            .order_by(Interview.end_utc.desc(), Interview.id.desc())
            .tuples())
    return [DebriefPrompt(i, app, company, position, start, end, zone)
            for i, app, start, end, zone, company, position in rows]


@dataclass(frozen=True)
class DebriefForm:
    """What the debrief form starts from."""

    applications: tuple[Choice, ...]
    context: ApplicationContext | None  # the application asked about, if known
    interview_id: int | None  # the interview to debrief: given, or the one that needs it
    user_zone: str
    default_channel: Channel


def debrief_form(backend: Backend, interview_id: int | None = None,
                 application_id: int | None = None) -> DebriefForm:
    """Asked about nothing in particular, the form starts at the interview that most recently
    needed a debrief, else at the first open application."""
    rules = backend.rules()
    now = backend.clock.now()
    if interview_id is not None:
        application_id = existing(Interview, interview_id, "interview").application_id
    choices = application_choices(backend, application_id)
    if application_id is None:
        waiting = interviews_needing_debrief(backend, now)
        application_id = waiting[0].application_id if waiting \
            else choices[0].id if choices else None
    context = None if application_id is None else application_context(backend, application_id)
    if interview_id is None and context is not None:
        interview_id = suggested_interview(context, now)
    return DebriefForm(choices, context, interview_id, rules.zone.key, rules.default_channel)


def suggested_interview(context: ApplicationContext, now: datetime) -> int | None:
    """The latest interview of the application that is over and has no notes yet."""
    for interview in context.interviews:  # most recent first
        if interview.end <= now and not interview.discussed.strip():
            return interview.id
    return None


def _debrief_facts(draft: DebriefDraft) -> dict[str, object]:
    facts: dict[str, object] = {
        "discussed": check.text(draft.discussed, "what was discussed", limit=check.LONG_TEXT),
        "decision": check.day(draft.decision_date, "decision date"),
        "channel": None if draft.preferred_channel is None
        else check.choice(draft.preferred_channel, Channel, "preferred channel"),
    }
    if draft.second_round_expected not in (True, False, None):
        raise check.ValidationError("second round", "must be yes, no or unknown")
    if draft.interview_id is None:
        if draft.application_id is None:
            raise check.ValidationError("application", "choose the application")
        if draft.start is None or draft.end is None:
            raise check.ValidationError("start", "needs a date and time with a time zone")
        facts["start"], facts["end"] = check.moment(draft.start, "start"), \
            check.moment(draft.end, "end")
        check.interval(facts["start"], facts["end"], "interview")
        facts["zone"] = check.zone(draft.zone, "time zone")
    return facts


def _debriefed_interview(backend: Backend, draft: DebriefDraft,
                         facts: dict[str, object]) -> Interview:
    if draft.interview_id is not None:
        return existing(Interview, draft.interview_id, "interview")
    app = existing(Application, draft.application_id, "application")
    rounds = Interview.select(fn.MAX(Interview.round)).where(
        Interview.application == app.id).scalar() or 0
    return Interview.create(application=app.id, start_utc=facts["start"], end_utc=facts["end"],
                            zone=facts["zone"], round=min(MAX_ROUND, rounds + 1),
                            format=InterviewFormat.ONSITE, created_utc=backend.clock.now())


def _appended(old: str, new: str) -> str:
    combined = f"{old.rstrip()}\n\n{new.strip()}" if old.strip() else new.strip()
    return check.text(combined, "what was discussed", limit=check.LONG_TEXT)


# --- shared checks and writes -------------------------------------------------------------------

def _company_row(name: str, website: str, postal_address: str,
                 preferred_channel: Channel | None, reach_notes: str) -> dict[str, object]:
    return {
        "name": check.text(name, "company name", required=True),
        "website": check.text(website, "website", limit=2000),
        "postal_address": check.text(postal_address, "postal address", limit=1000),
        "preferred_channel": None if preferred_channel is None
        else check.choice(preferred_channel, Channel, "preferred channel"),
        "reach_notes": check.text(reach_notes, "how to reach them", limit=check.LONG_TEXT),
    }


def _contact_row(draft: ContactDraft, prefix: str = "") -> dict[str, object]:
    """The checked columns of a contact; `prefix` tells apart several contacts in one form."""
    return {
        "name": check.text(draft.name, prefix + "contact name", required=True),
        "title": check.text(draft.title, prefix + "title"),
        "role": check.choice(draft.role, Role, prefix + "role"),
        "email": check.email(draft.email, prefix + "e-mail"),
        "phone": check.text(draft.phone, prefix + "phone"),
        "postal_address": check.text(draft.postal_address, prefix + "postal address",
                                     limit=1000),
        "name_verified": bool(draft.name_verified),
        "title_verified": bool(draft.title_verified),
        "verified_source": check.text(draft.verified_source, prefix + "verified from"),
        "notes": check.text(draft.notes, prefix + "notes", limit=check.LONG_TEXT),
    }


def new_interviewer_prefix(index: int) -> str:
    """How a ValidationError names a field of the index-th (from 0) new interviewer."""
    return f"new interviewer {index + 1}: "


def _new_people_rows(drafts: tuple[ContactDraft, ...]) -> list[dict[str, object]]:
    return [_contact_row(d, new_interviewer_prefix(n)) for n, d in enumerate(drafts)]


def _application_row(position: str, posting_url: str, decision_date: date | None,
                     second_round_expected: bool | None, notes: str) -> dict[str, object]:
    if second_round_expected not in (True, False, None):
        raise check.ValidationError("second round", "must be yes, no or unknown")
    return {
        "position": check.text(position, "position", required=True),
        "posting_url": check.text(posting_url, "posting URL", limit=2000),
        "decision_date": check.day(decision_date, "decision date"),
        "second_round_expected": second_round_expected,
        "notes": check.text(notes, "notes", limit=check.LONG_TEXT),
    }


def _new_company_name(company: int | str) -> str | None:
    if isinstance(company, str):
        return check.text(company, "company name", required=True).strip()
    return None


def _company_id(backend: Backend, company: int | str, new_name: str | None) -> int:
    """The id of an existing company, or of the one named `new_name` (created if needed)."""
    if new_name is None:
        return existing(Company, company, "company").id
    for company_id, name in Company.select(Company.id, Company.name).where(
            fn.LOWER(Company.name) == new_name.lower()).tuples():
        if name.casefold() == new_name.casefold():
            return company_id
    return Company.create(name=new_name, created_utc=backend.clock.now()).id


def _interview_row(draft: InterviewDraft) -> dict[str, object]:
    start, end = check.moment(draft.start, "start"), check.moment(draft.end, "end")
    check.interval(start, end, "interview")
    if isinstance(draft.round, bool) or not isinstance(draft.round, int) \
            or not 1 <= draft.round <= MAX_ROUND:
        raise check.ValidationError("round", f"must be a whole number from 1 to {MAX_ROUND}")
    return {
        "start_utc": start,
        "end_utc": end,
        "zone": check.zone(draft.zone, "time zone"),
        "round": draft.round,
        "format": check.choice(draft.format, InterviewFormat, "format"),
        "location": check.text(draft.location, "location", limit=1000),
        "discussed": check.text(draft.discussed, "what was discussed", limit=check.LONG_TEXT),
    }


def _panel(backend: Backend, company_id: int, interviewer_ids: tuple[int, ...],
           new_people: list[dict[str, object]]) -> list[int]:
    """The interviewers' ids, creating the new ones at the company; inside a transaction."""
    for contact_id in interviewer_ids:
        existing(Contact, contact_id, "contact")
    now = backend.clock.now()
    created = [Contact.create(company=company_id, created_utc=now, **row).id
               for row in new_people]
    return list(dict.fromkeys([*interviewer_ids, *created]))


def _set_panel(interview_id: int, contact_ids: list[int]) -> None:
    InterviewContact.delete().where(InterviewContact.interview == interview_id).execute()
    if contact_ids:
        InterviewContact.insert_many([(interview_id, c) for c in contact_ids],
                                     fields=[InterviewContact.interview,
                                             InterviewContact.contact]).execute()


def _move_follow_ups(interview_id: int, application_id: int) -> None:
    """An interview moved to another application takes its follow-ups and their history along
    (their plan keys name the interview, so they cannot be planned twice). The old
    application's decision check stays with it."""
    moved = Action.select(Action.id).where((Action.interview == interview_id)
                                           & (Action.kind != ActionKind.DECISION_CHECK))
    Touch.update(application=application_id).where(Touch.action << moved).execute()
    Action.update(application=application_id).where(Action.id << moved).execute()


def _applications_of_companies(company_ids: list[int]) -> set[int]:
    if not company_ids:
        return set()
    return {a for (a,) in Application.select(Application.id)
            .where(Application.company << company_ids).tuples()}


def _replan_all(backend: Backend, application_ids: set[int]) -> None:
    for application_id in sorted(application_ids):
        replan(backend, application_id)
