"""Reads behind the applications page: the pipeline by status and one application in full.

Every function runs a fixed number of queries however many rows there are (joins and correlated
subqueries on the indexes of schema version 2, never one query per row), and returns frozen
dataclasses, so the GUI can call them from a worker thread and keep the result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from peewee import JOIN, ModelSelect, fn

from followup_desktop.domain.guard import PendingFacts, planned_warnings
from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    InterviewFormat,
    Person,
    Role,
)
from followup_desktop.services import guard_facts
from followup_desktop.services.backend import Backend
from followup_desktop.services.guarding import connection
from followup_desktop.services.lookup import existing
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

PENDING = (ActionState.PLANNED.value, ActionState.SNOOZED.value)
# Pipeline order: how far an application has come, then the ways it can end.
STATUS_ORDER = tuple(ApplicationStatus)


@dataclass(frozen=True)
class NextAction:
    id: int
    kind: ActionKind
    due: datetime  # the snooze end for a snoozed action
    channel: str
    contact: str  # empty when the action is aimed at the company


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the pipeline table: only what the table shows."""

    id: int
    company_id: int
    company: str
    position: str
    status: ApplicationStatus
    status_since: datetime | None
    next_action: NextAction | None


@dataclass(frozen=True)
class Pipeline:
    rows: tuple[ApplicationRow, ...]
    counts: dict[ApplicationStatus, int]  # every status, zero included

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str
    title: str
    role: Role


@dataclass(frozen=True)
class InterviewInfo:
    id: int
    start: datetime
    end: datetime
    zone: str  # the zone it was entered in
    round: int
    format: InterviewFormat
    location: str
    discussed: str
    interviewers: tuple[PersonRef, ...]


@dataclass(frozen=True)
class PlanItem:
    id: int
    kind: ActionKind
    due: datetime  # the snooze end for a snoozed action
    channel: str
    state: ActionState
    note: str
    contact: PersonRef | None
    warnings: tuple[str, ...]  # anti-pester warnings at the due time; pending actions only


@dataclass(frozen=True)
class StatusEvent:
    at: datetime
    old: ApplicationStatus | None
    new: ApplicationStatus
    note: str


@dataclass(frozen=True)
class TouchEvent:
    id: int
    at: datetime
    channel: str
    contact: PersonRef | None
    summary: str
    # Schema 9: a reply from them ("in", from the mailbox) with its subject, and whether it
    # still waits for the user to say what it said (services/mail/replies.py).
    incoming: bool = False
    subject: str = ""
    waiting: bool = False


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    company_id: int
    company: str
    position: str
    status: ApplicationStatus
    posting_url: str
    decision_date: date | None
    second_round_expected: bool | None
    notes: str
    interviews: tuple[InterviewInfo, ...]  # in order of time
    plan: tuple[PlanItem, ...]  # by due time
    status_changes: tuple[StatusEvent, ...]  # newest first
    touches: tuple[TouchEvent, ...]  # newest first
    replied_on: datetime | None = None  # the latest reply from them: "replied on ..."
    replies_waiting: int = 0  # replies waiting for the user's answer (the call is held)

    @property
    def pending_count(self) -> int:
        return sum(1 for item in self.plan if item.state.is_pending)

    @property
    def history(self) -> tuple[StatusEvent | TouchEvent, ...]:
        """Status changes and touches in one list, newest first."""
        return tuple(sorted((*self.status_changes, *self.touches), key=lambda e: e.at,
                            reverse=True))


def pipeline(backend: Backend) -> Pipeline:
    """Every application with its company, status, last status change and next pending action.

    One query: the next action is a correlated subquery over the action_application index and
    the last change one over status_change_application, so 20,000 applications stay fast.
    """
    # Raw rows, not peewee's converters: its strptime for two instants per row would cost
    # more than the query itself at 20,000 rows.
    sql, params = _pipeline_query().sql()
    rows = tuple(_pipeline_row(*values) for values in backend.db.execute_sql(sql, params))
    counts = Counter(row.status for row in rows)
    return Pipeline(rows, {status: counts.get(status, 0) for status in STATUS_ORDER})


def _pipeline_query() -> ModelSelect:
    pending = Action.alias()
    next_id = (pending.select(pending.id)
               .where((pending.application == Application.id) & (pending.state << PENDING))
               .order_by(fn.COALESCE(pending.snoozed_until_utc, pending.due_utc), pending.id)
               .limit(1))
    since = (StatusChange.select(fn.MAX(StatusChange.at_utc))
             .where(StatusChange.application == Application.id))
    return (Application
            .select(Application.id, Application.company, Company.name, Application.position,
                    Application.status, since.alias("since"), Action.id, Action.kind,
                    Action.channel, fn.COALESCE(Action.snoozed_until_utc, Action.due_utc),
                    Contact.name)
            .join(Company)
            .switch(Application)
            .join(Action, JOIN.LEFT_OUTER, on=(Action.id == next_id))
            .join(Contact, JOIN.LEFT_OUTER, on=(Contact.id == Action.contact))
            .order_by(Application.id))


def _pipeline_row(app_id: int, company_id: int, company: str, position: str, status: str,
                  since: str | None, action_id: int | None, kind: str | None,
                  channel: str | None, due: str | None,
                  contact: str | None) -> ApplicationRow:
    next_action = None
    if action_id is not None and kind is not None and channel is not None and due is not None:
        next_action = NextAction(action_id, ActionKind(kind), _instant(due), channel,
                                 contact or "")
    return ApplicationRow(app_id, company_id, company, position, ApplicationStatus(status),
                          _instant(since) if since else None, next_action)


def _instant(text: str) -> datetime:
    """An instant as storage writes it ("2026-11-26T12:00:00Z"), read the fast way."""
    return datetime.fromisoformat(text).astimezone(UTC)


def application_detail(backend: Backend, application_id: int) -> ApplicationDetail:
    """One application with its interviews and interviewers, plan and history."""
    app = existing(Application, application_id, "application")
    company = Company.get_by_id(app.company_id)
    touches = _touches(app.id)
    return ApplicationDetail(
        id=app.id, company_id=company.id, company=company.name, position=app.position,
        status=ApplicationStatus(app.status), posting_url=app.posting_url,
        decision_date=app.decision_date, second_round_expected=app.second_round_expected,
        notes=app.notes,
        interviews=_interviews(app.id),
        plan=application_plan(backend, app.id, company.id),
        status_changes=_status_changes(app.id),
        touches=touches,
        replied_on=max((t.at for t in touches if t.incoming), default=None),
        replies_waiting=sum(1 for t in touches if t.waiting),
    )


def _person(contact: Contact) -> PersonRef:
    return PersonRef(contact.id, contact.name, contact.title, Role(contact.role))


def _interviews(application_id: int) -> tuple[InterviewInfo, ...]:
    interviews = list(Interview.select().where(Interview.application == application_id)
                      .order_by(Interview.start_utc, Interview.id))
    panels: dict[int, list[PersonRef]] = {i.id: [] for i in interviews}
    links = (InterviewContact.select(InterviewContact.interview, Contact)
             .join(Contact)
             .where(InterviewContact.interview << list(panels))
             .order_by(Contact.name, Contact.id))
    for link in links:
        panels[link.interview_id].append(_person(link.contact))
    return tuple(
        InterviewInfo(i.id, i.start_utc, i.end_utc, i.zone, i.round, InterviewFormat(i.format),
                      i.location, i.discussed, tuple(panels[i.id]))
        for i in interviews
    )


def application_plan(backend: Backend, application_id: int,
                     company_id: int | None = None) -> tuple[PlanItem, ...]:
    """Every action of one application, soonest first; pending ones with their warnings."""
    if company_id is None:
        company_id = existing(Application, application_id, "application").company_id
    rows = list(Action.select(Action, Contact)
                .join(Contact, JOIN.LEFT_OUTER)
                .where(Action.application == application_id)
                .order_by(fn.COALESCE(Action.snoozed_until_utc, Action.due_utc), Action.id))
    rules, now = backend.rules(), backend.clock.now()
    # All touches and follow-ups with the company at once; the guard (the due list's rule)
    # judges each follow-up at its own due time against those before it.
    conn = connection()
    touches = guard_facts.touch_facts(conn, [company_id])
    pending = guard_facts.pending_facts(conn, [company_id])
    items = []
    for row in rows:
        state = ActionState(row.state)
        contact = _person(row.contact) if row.contact_id else None
        due = row.snoozed_until_utc or row.due_utc
        warnings: list[str] = []
        if state.is_pending:
            target = None if contact is None else Person(contact.id, contact.name,
                                                         contact.title, contact.role)
            facts = PendingFacts(row.id, due, company_id, row.contact_id,
                                 ActionKind(row.kind), row.interview_id)
            warnings = planned_warnings(facts, target, now, touches, pending, rules)
        items.append(PlanItem(row.id, ActionKind(row.kind), due, row.channel, state, row.note,
                              contact, tuple(warnings)))
    return tuple(items)


def _status_changes(application_id: int) -> tuple[StatusEvent, ...]:
    return tuple(
        StatusEvent(c.at_utc, ApplicationStatus(c.old_status) if c.old_status else None,
                    ApplicationStatus(c.new_status), c.note)
        for c in StatusChange.select()
        .where(StatusChange.application == application_id)
        .order_by(StatusChange.at_utc.desc(), StatusChange.id.desc())
    )


def _touches(application_id: int) -> tuple[TouchEvent, ...]:
    return tuple(
        TouchEvent(t.id, t.at_utc, t.channel, _person(t.contact) if t.contact_id else None,
                   t.summary, t.direction == "in", t.subject, t.answer == "waiting")
        for t in Touch.select(Touch, Contact)
        .join(Contact, JOIN.LEFT_OUTER)
        .where(Touch.application == application_id)
        .order_by(Touch.at_utc.desc(), Touch.id.desc())
    )
