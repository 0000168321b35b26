"""The anti-pester guard applied to stored actions and touches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from peewee import JOIN, Expression

from followup_desktop.domain.guard import pester_warnings
from followup_desktop.domain.model import ActionKind, Person, Role, TouchFacts
from followup_desktop.domain.rules import Rules
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
