"""Re-planning an application: read its facts, ask the planner, store the difference."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from followup_desktop.domain.model import (
    CLOSED_STATUSES,
    ActionState,
    ApplicationFacts,
    ApplicationStatus,
    Channel,
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
    Contact,
    Interview,
    InterviewContact,
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
    rules = backend.rules()  # read once, not once per application
    for application_id in waiting:  # in the order they were first changed
        _replan(backend, application_id, rules)


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
    with backend.write():
        facts = application_facts(application_id)
        changes = reconcile(plan(facts, rules), stored_actions(application_id),
                            closed=facts.status.is_closed)
        _apply(backend, application_id, changes, rules)
    return changes


def application_facts(application_id: int) -> ApplicationFacts:
    app = Application.get_by_id(application_id)
    # A cancelled interview (an invitation withdrawn) plans nothing; its history stays.
    interviews = list(Interview.select().where((Interview.application == app.id)
                                               & Interview.cancelled_utc.is_null()))
    panel: dict[int, list[int]] = {i.id: [] for i in interviews}
    for link in InterviewContact.select().where(InterviewContact.interview << list(panel)):
        panel[link.interview_id].append(link.contact_id)
    contact_ids = {c for ids in panel.values() for c in ids}
    contacts = Contact.select().where((Contact.company == app.company_id)
                                      | (Contact.id << list(contact_ids)))
    return ApplicationFacts(
        id=app.id,
        company_id=app.company_id,
        status=ApplicationStatus(app.status),
        decision_date=app.decision_date,
        preferred_channel=Channel(app.company.preferred_channel)
        if app.company.preferred_channel else None,
        interviews=tuple(
            InterviewFacts(i.id, i.start_utc, i.end_utc, i.round, tuple(sorted(panel[i.id])))
            for i in interviews
        ),
        people={c.id: Person(c.id, c.name, c.title, Role(c.role), c.company_id)
                for c in contacts},
    )


def stored_actions(application_id: int) -> list[StoredAction]:
    return [
        StoredAction(a.id, a.plan_key, ActionState(a.state), a.edited, a.due_utc,
                     Channel(a.channel), a.contact_id, a.interview_id, a.note)
        for a in Action.select().where(Action.application == application_id)
    ]


def _apply(backend: Backend, application_id: int, changes: PlanChanges, rules: Rules) -> None:
    now = backend.clock.now()
    zone = rules.zone.key
    for planned in changes.create:
        Action.create(application=application_id, state=ActionState.PLANNED,
                      state_changed_utc=now, created_utc=now, zone=zone, plan_key=planned.key,
                      **_planned_fields(planned))
    for action_id, planned in changes.update:
        Action.update(state=ActionState.PLANNED, state_changed_utc=now, zone=zone,
                      **_planned_fields(planned)).where(Action.id == action_id).execute()
    if changes.delete:
        Action.delete().where(Action.id << changes.delete).execute()
    if changes.cancel:
        Action.update(state=ActionState.CANCELLED, state_changed_utc=now).where(
            Action.id << changes.cancel).execute()


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
