"""Re-planning an application: read its facts, ask the planner, store the difference."""

from __future__ import annotations

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


def replan(backend: Backend, application_id: int) -> PlanChanges:
    """Bring the stored plan of one application in line with its facts and the rules."""
    rules = backend.rules()
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
    with backend.write():
        for application_id in open_ids:
            replan(backend, application_id)
    return len(open_ids)
