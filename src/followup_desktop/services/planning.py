"""Re-planning an application: read its facts, ask the planner, store the difference."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from followup_desktop.domain.hearing_back import ReplyAnswer
from followup_desktop.domain.model import (
    CLOSED_STATUSES,
    ActionKind,
    ActionState,
    ApplicationFacts,
    ApplicationStatus,
    Channel,
    CheckFacts,
    InterviewFacts,
    Person,
    Role,
)
from followup_desktop.domain.planner import (
    PlanChanges,
    PlannedAction,
    StoredAction,
    plan,
    reconcile,
)
from followup_desktop.domain.rules import Rules
from followup_desktop.services.backend import Backend
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
    Touch,
)

# The applications waiting for `replanning_once` to re-plan them; None outside such a block.
# A context variable, so a block on one thread never swallows another thread's re-planning.
_waiting: ContextVar[dict[int, None] | None] = ContextVar("followup_waiting_replans",
                                                          default=None)


def replan(backend: Backend, application_id: int) -> PlanChanges:
    """Bring the stored plan of one application in line with its facts and the rules.

    Inside `replanning_once` it only notes the application and returns no changes.
    """
    waiting = _waiting.get()
    if waiting is not None:
        waiting[application_id] = None
        return PlanChanges()
    return _replan(backend, application_id, backend.rules())


@contextmanager
def replanning_once(backend: Backend) -> Iterator[None]:
    """Re-plan each application the block changes once, when the block ends, rather than
    after every change: a bulk write (an import) would otherwise plan one application over
    and over, every plan but the last thrown away. The plan depends only on the stored facts,
    so the result is the same. Use it inside the write transaction; on an error nothing is
    re-planned (the transaction is rolled back anyway). Nested blocks leave the work to the
    outermost one."""
    if _waiting.get() is not None:
        yield
        return
    waiting: dict[int, None] = {}
    token = _waiting.set(waiting)
    try:
        yield
    finally:
        _waiting.reset(token)
    _replan_many(backend, list(waiting), backend.rules())  # the rules read once


def catch_up(backend: Backend, application_id: int) -> None:
    """Re-plan the application now if changes to it wait in a `replanning_once` block: for a
    step that changes stored actions itself (cancelling an interview's follow-ups) and must
    find them as re-planning after every change would have left them. Outside a block, or
    with nothing waiting, it does nothing."""
    waiting = _waiting.get()
    if waiting is not None and application_id in waiting:
        del waiting[application_id]
        _replan(backend, application_id, backend.rules())


def _replan(backend: Backend, application_id: int, rules: Rules) -> PlanChanges:
    return _replan_many(backend, [application_id], rules)[application_id]


# Applications re-planned per round of queries: bounds the ids bound into one statement.
CHUNK = 500


def _replan_many(backend: Backend, application_ids: list[int], rules: Rules
                 ) -> dict[int, PlanChanges]:
    """Re-plan several applications with a few queries for all of them rather than a few
    each. An application's plan depends only on its own facts and actions."""
    done: dict[int, PlanChanges] = {}
    with backend.write():
        for start in range(0, len(application_ids), CHUNK):
            chunk = application_ids[start:start + CHUNK]
            facts, stored = applications_facts(chunk), stored_actions(chunk)
            changes = {app_id: reconcile(plan(facts[app_id], rules), stored[app_id],
                                         closed=facts[app_id].status.is_closed)
                       for app_id in chunk}
            _apply(backend, changes, rules)
            done |= changes
    return done


def applications_facts(application_ids: list[int]) -> dict[int, ApplicationFacts]:
    """What the planner needs of each application; raises DoesNotExist for a missing one."""
    apps = list(Application.select(Application.id, Application.company, Application.status,
                                   Application.decision_date, Company.preferred_channel)
                .join(Company).where(Application.id << application_ids).tuples())
    missing = set(application_ids) - {row[0] for row in apps}
    if missing:
        raise Application.DoesNotExist(f"no application {min(missing)}")
    # A cancelled interview (an invitation withdrawn) plans nothing; its history stays.
    interviews: dict[int, list[tuple[int, datetime, datetime, int, datetime]]] = {
        app_id: [] for app_id in application_ids}
    panel: dict[int, list[int]] = {}
    for interview_id, app_id, start, end, round_, entered in Interview.select(
            Interview.id, Interview.application, Interview.start_utc, Interview.end_utc,
            Interview.round, Interview.created_utc).where(
            (Interview.application << application_ids)
            & Interview.cancelled_utc.is_null()).tuples():
        interviews[app_id].append((interview_id, start, end, round_, entered))
        panel[interview_id] = []
    for interview_id, contact_id in InterviewContact.select(
            InterviewContact.interview, InterviewContact.contact).join(Interview).where(
            (Interview.application << application_ids)
            & Interview.cancelled_utc.is_null()).tuples():
        panel[interview_id].append(contact_id)
    people = _people([row[1] for row in apps], {c for ids in panel.values() for c in ids})
    checks = _finished_checks(application_ids)
    waiting, no_news = _heard_back(application_ids)
    staff: dict[int | None, list[Person]] = {}
    for person in people.values():  # by id, as read
        staff.setdefault(person.company_id, []).append(person)
    return {app_id: ApplicationFacts(
        id=app_id, company_id=company_id, status=ApplicationStatus(status),
        decision_date=decision_date,
        preferred_channel=Channel(channel) if channel else None,
        interviews=tuple(InterviewFacts(i, start, end, round_, tuple(sorted(panel[i])), entered)
                         for i, start, end, round_, entered in interviews[app_id]),
        people=_people_of(people, staff.get(company_id, []),
                          {c for i, *_ in interviews[app_id] for c in panel[i]}),
        checks=tuple(checks.get(app_id, ())),
        reply_waiting=app_id in waiting, no_news_at=no_news.get(app_id))
        for app_id, company_id, status, decision_date, channel in apps}


def _finished_checks(application_ids: list[int]) -> dict[int, list[CheckFacts]]:
    """The decision checks done or skipped, per application (the decision loop's state)."""
    found: dict[int, list[CheckFacts]] = {}
    for app_id, key, state, due, done, changed in Action.select(
            Action.application, Action.plan_key, Action.state, Action.due_utc, Action.done_utc,
            Action.state_changed_utc).where(
            (Action.application << application_ids)
            & (Action.kind == ActionKind.DECISION_CHECK)
            & (Action.state << [ActionState.DONE, ActionState.SKIPPED])).tuples():
        found.setdefault(app_id, []).append(
            CheckFacts(key, ActionState(state), due, done or changed))
    return found


def _heard_back(application_ids: list[int]) -> tuple[set[int], dict[int, datetime]]:
    """The applications with a reply waiting for the user's answer (their decision call is
    held), and when each last had a reply answered "no news" (domain/hearing_back.py)."""
    waiting: set[int] = set()
    no_news: dict[int, datetime] = {}
    for app_id, answer, answered in Touch.select(
            Touch.application, Touch.answer, Touch.answered_utc).where(
            (Touch.application << application_ids)
            & (Touch.answer << [ReplyAnswer.WAITING, ReplyAnswer.NO_NEWS])).tuples():
        if answer == ReplyAnswer.WAITING:
            waiting.add(app_id)
        elif answered is not None and (app_id not in no_news or answered > no_news[app_id]):
            no_news[app_id] = answered
    return waiting, no_news


def _people(company_ids: list[int], contact_ids: set[int]) -> dict[int, Person]:
    """Everyone at these companies and everyone on these panels, by id."""
    query = Contact.select(Contact.id, Contact.name, Contact.title, Contact.role,
                           Contact.company).where((Contact.company << list(set(company_ids)))
                                                  | (Contact.id << list(contact_ids)))
    return {row[0]: Person(row[0], row[1], row[2], Role(row[3]), row[4])
            for row in query.order_by(Contact.id).tuples()}


def _people_of(people: dict[int, Person], at_company: list[Person], panel: set[int]
               ) -> dict[int, Person]:
    """An application's people: the company's first, then those from elsewhere on its panels,
    each group by id. The order matters: the planner takes the first of equal candidates."""
    mine = {p.id: p for p in at_company}
    return mine | {c: people[c] for c in sorted(panel) if c not in mine}


def stored_actions(application_ids: list[int]) -> dict[int, list[StoredAction]]:
    stored: dict[int, list[StoredAction]] = {app_id: [] for app_id in application_ids}
    for row in Action.select(Action.application, Action.id, Action.plan_key, Action.state,
                             Action.edited, Action.due_utc, Action.channel, Action.contact,
                             Action.interview, Action.note).where(
            Action.application << application_ids).tuples():
        app_id, action_id, key, state, edited, due, channel, contact, interview, note = row
        stored[app_id].append(StoredAction(action_id, key, ActionState(state), edited, due,
                                           Channel(channel), contact, interview, note))
    return stored


def _apply(backend: Backend, changes: dict[int, PlanChanges], rules: Rules) -> None:
    """Write the changes of several applications: removals first, then one insert for all new
    actions."""
    now = backend.clock.now()
    zone = rules.zone.key
    delete = [i for c in changes.values() for i in c.delete]
    cancel = [i for c in changes.values() for i in c.cancel]
    if delete:
        Action.delete().where(Action.id << delete).execute()
    if cancel:
        Action.update(state=ActionState.CANCELLED, state_changed_utc=now).where(
            Action.id << cancel).execute()
    for change in changes.values():
        for action_id, planned in change.update:
            Action.update(state=ActionState.PLANNED, state_changed_utc=now, zone=zone,
                          **_planned_fields(planned)).where(Action.id == action_id).execute()
    rows = [{"application": app_id, "state": ActionState.PLANNED, "state_changed_utc": now,
             "created_utc": now, "zone": zone, "plan_key": planned.key, "edited": False,
             **_planned_fields(planned)}
            for app_id, change in changes.items() for planned in change.create]
    for start in range(0, len(rows), CHUNK):
        Action.insert_many(rows[start:start + CHUNK]).execute()


def _planned_fields(planned: PlannedAction) -> dict[str, object]:
    return {"kind": planned.kind, "due_utc": planned.due, "channel": planned.channel,
            "contact": planned.contact_id, "interview": planned.interview_id,
            "note": planned.note}


def replan_open(backend: Backend) -> int:
    """Re-plan every application still in progress, e.g. after the rules changed."""
    open_ids = [a.id for a in Application.select(Application.id).where(
        Application.status.not_in([s.value for s in CLOSED_STATUSES]))]
    with backend.write(), replanning_once(backend):
        for application_id in open_ids:
            replan(backend, application_id)
    return len(open_ids)
