"""The anti-pester guard applied to stored actions and touches.

A planned follow-up is judged by one rule everywhere (the due list, the application page, the
action editor's preview): `domain.guard.planned_warnings`, at its own due time (or now, once
that has passed), against the touches and the pending follow-ups due before it, read here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from peewee import JOIN, Expression, fn

from followup_desktop.domain.guard import PendingFacts, pester_warnings, planned_warnings
from followup_desktop.domain.model import ActionKind, ActionState, Person, Role, TouchFacts
from followup_desktop.domain.rules import Rules
from followup_desktop.storage.models import Action, Application, Contact, Touch

_effective_due = fn.COALESCE(Action.snoozed_until_utc, Action.due_utc)


def person_of(contact: Contact) -> Person:
    return Person(contact.id, contact.name, contact.title, Role(contact.role),
                  contact.company_id)


def warnings_for(action: Action, company_id: int | None, at: datetime, rules: Rules,
                 touches: Iterable[TouchFacts] | None = None) -> list[str]:
    """The anti-pester guard for this action at `at`; touches are looked up unless given."""
    person = person_of(action.contact) if action.contact_id is not None else None
    if touches is None:
        touches = recent_touches([company_id] if company_id else [], at, rules)
    return pester_warnings(person, company_id, at, touches, rules,
                           ActionKind(action.kind), action.interview_id)


def recent_touches(company_ids: list[int], at: datetime, rules: Rules) -> list[TouchFacts]:
    """Touches with these companies inside the anti-pester window before `at`."""
    return touch_facts(company_ids, (Touch.at_utc > at - rules.pester_gap) & (Touch.at_utc <= at))


def touch_facts(company_ids: list[int], when: Expression | None = None) -> list[TouchFacts]:
    """Touches with these companies (optionally only those matching `when`), as the guard sees
    them: with the kind and interview of the action each one completed."""
    condition = Touch.company << company_ids
    if when is not None:
        condition &= when
    query = (Touch.select(Touch.at_utc, Touch.company, Touch.contact, Action.kind,
                          Action.interview)
             .join(Action, on=(Touch.action == Action.id), join_type=JOIN.LEFT_OUTER)
             .where(condition)
             .tuples())
    return [
        TouchFacts(at_utc, company, contact, ActionKind(kind) if kind else None, interview)
        for at_utc, company, contact, kind, interview in query
    ]


def pending_facts(company_ids: list[int], after: datetime | None = None,
                  before: datetime | None = None) -> list[PendingFacts]:
    """The follow-ups still to do with these companies (due, or their snooze over, strictly
    between `after` and `before` when given), as the guard sees them."""
    condition = (Action.state << [ActionState.PLANNED, ActionState.SNOOZED]) \
        & (Application.company << company_ids)
    if after is not None:
        condition &= _effective_due > Action.due_utc.db_value(after)
    if before is not None:
        condition &= _effective_due < Action.due_utc.db_value(before)
    return [
        PendingFacts(action_id, snoozed or due, company_id, contact_id, ActionKind(kind),
                     interview_id)
        for action_id, due, snoozed, kind, contact_id, interview_id, company_id in (
            Action.select(Action.id, Action.due_utc, Action.snoozed_until_utc, Action.kind,
                          Action.contact, Action.interview, Application.company)
            .join(Application).where(condition).tuples())
    ]


def planned_warnings_for(action_id: int, kind: ActionKind, interview_id: int | None,
                         target: Person | None, company_id: int, due: datetime, now: datetime,
                         rules: Rules) -> list[str]:
    """The guard for one planned follow-up of this company, due (or to be due) at `due`: the
    due list's rule, with the touches and follow-ups it is judged against looked up."""
    at = max(now, due)
    touches = recent_touches([company_id], at, rules)
    pending = pending_facts([company_id], at - rules.pester_gap, at)
    facts = PendingFacts(action_id, due, company_id,
                         None if target is None else target.id, kind, interview_id)
    return planned_warnings(facts, target, now, touches, pending, rules)
