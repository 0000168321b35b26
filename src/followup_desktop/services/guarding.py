"""The anti-pester guard applied to stored actions and touches.

A planned follow-up is judged by one rule everywhere (the due list, the application page, the
action editor's preview): `domain.guard.planned_warnings`, at its own due time (or now, once
that has passed), against the touches and the pending follow-ups due before it, read here."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from followup_desktop.domain.guard import PendingFacts, pester_warnings, planned_warnings
from followup_desktop.domain.model import ActionKind, Person, Role, TouchFacts
from followup_desktop.domain.rules import Rules
from followup_desktop.services import guard_facts as facts
from followup_desktop.storage.models import Action, Contact, Touch


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
    return facts.touch_facts(connection(), company_ids, at - rules.pester_gap, at)


def connection() -> sqlite3.Connection:
    """The thread's connection of the database the models are bound to."""
    return Touch._meta.database.connection()


def planned_warnings_for(action_id: int, kind: ActionKind, interview_id: int | None,
                         target: Person | None, company_id: int, due: datetime, now: datetime,
                         rules: Rules) -> list[str]:
    """The guard for one planned follow-up of this company, due (or to be due) at `due`: the
    due list's rule, with the touches and follow-ups it is judged against looked up."""
    at = max(now, due)
    touches = recent_touches([company_id], at, rules)
    pending = facts.pending_facts(connection(), [company_id], at - rules.pester_gap, at)
    judged = PendingFacts(action_id, due, company_id,
                          None if target is None else target.id, kind, interview_id)
    return planned_warnings(judged, target, now, touches, pending, rules)
