"""The due list's rows, read with plain SQL through a reader's sqlite3 connection: the same
statements serve the window's Backend and the first screen, which reads them before peewee is
imported (services/views/first_screen.py)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from followup_desktop.domain.clock import Clock
from followup_desktop.domain.guard import PendingFacts, Timeliness, planned_warnings, timeliness
from followup_desktop.domain.model import ActionKind, ActionState, Person, Role, TouchFacts
from followup_desktop.domain.rules import Rules
from followup_desktop.services.guard_facts import (
    EFFECTIVE_DUE,
    PENDING_STATES,
    marks,
    pending_facts,
    touch_facts,
)
from followup_desktop.storage.instants import parse_instant


class Reader(Protocol):
    """What the due list reads through: the Backend, or the first screen's own connection."""

    clock: Clock

    def rules(self) -> Rules: ...
    def connection(self) -> sqlite3.Connection: ...


@dataclass(frozen=True)
class DueItem:
    id: int
    kind: ActionKind
    due: datetime  # when it is due now: the snooze end for a snoozed action
    zone: str
    state: ActionState
    timeliness: Timeliness
    channel: str
    note: str
    contact: Person | None
    company_id: int
    company: str
    application_id: int
    position: str
    warnings: list[str] = field(default_factory=list)
    to_do_now: bool = True  # due (or its snooze over) at the instant it was judged at

    @property
    def status(self) -> DueStatus:
        """What the row says, by the rule the counts follow (`due_overview`)."""
        return due_status(self.to_do_now, self.timeliness)


class DueStatus(StrEnum):
    COMING_UP = "coming_up"
    DUE = "due"
    LATE = "late"


def due_status(to_do_now: bool, judged: Timeliness) -> DueStatus:
    """One rule for the rows and the counts: a follow-up is to do now once its due time (its
    snooze end, if snoozed) has come; of those, it is late when its planned time is past the
    grace of business days."""
    if not to_do_now:
        return DueStatus.COMING_UP
    return DueStatus.LATE if judged == Timeliness.LATE else DueStatus.DUE


PENDING = f"a.state IN ({marks(PENDING_STATES)})"
# Only the columns shown, as tuples: building four joined model objects per row cost about
# 0.3 ms a row.
ROWS = ("SELECT a.id, a.kind, a.due_utc, a.snoozed_until_utc, a.zone, a.state, a.channel,"
        " a.note, a.interview_id, p.id, p.position, c.id, c.name, k.id, k.name, k.title, k.role"
        " FROM action AS a JOIN application AS p ON a.application_id = p.id"
        " JOIN company AS c ON p.company_id = c.id"
        " LEFT OUTER JOIN contact AS k ON a.contact_id = k.id"
        f" WHERE {PENDING} AND ({{condition}}) ORDER BY {EFFECTIVE_DUE}, a.id")


def read_items(reader: Reader, at: datetime, condition: str,
               params: list[object]) -> list[DueItem]:
    """Pending actions matching an SQL condition on `a` (the action), soonest first, judged at
    `at`: how timely they are and what the anti-pester guard says of doing them then."""
    rules, conn = reader.rules(), reader.connection()
    rows = [_parsed(row) for row in conn.execute(ROWS.format(condition=condition),
                                                    [*PENDING_STATES, *params])]
    touches, pending = _guard_context(conn, rows, at, rules)
    return [_item(row, at, touches.get(row[11], []), pending.get(row[11], []), rules)
            for row in rows]


def _parsed(row: tuple) -> tuple:
    due, snoozed = parse_instant(row[2]), row[3] and parse_instant(row[3])
    return (*row[:2], due, snoozed, *row[4:])


def _guard_context(conn: sqlite3.Connection, rows: list[tuple], at: datetime, rules: Rules
                   ) -> tuple[dict[int | None, list[TouchFacts]],
                              dict[int | None, list[PendingFacts]]]:
    """What the guard judges these rows against, grouped by company once (not scanned per
    row): the touches and the pending follow-ups from the anti-pester gap before the earliest
    instant judged to the latest (each row is judged at its own due time, or now)."""
    by_company: dict[int | None, list[TouchFacts]] = defaultdict(list)
    pending: dict[int | None, list[PendingFacts]] = defaultdict(list)
    if not rows:
        return by_company, pending
    companies = list({row[11] for row in rows})
    judged = [max(at, row[3] or row[2]) for row in rows]
    low, high = min(judged) - rules.pester_gap, max(judged)
    for touch in touch_facts(conn, companies, low, high):
        by_company[touch.company_id].append(touch)
    for facts in pending_facts(conn, companies, low, high):
        pending[facts.company_id].append(facts)
    return by_company, pending


def _item(row: tuple, at: datetime, touches: list[TouchFacts], pending: list[PendingFacts],
          rules: Rules) -> DueItem:
    (action_id, kind, due, snoozed_until, zone, state, channel, note, interview_id,
     application_id, position, company_id, company, contact_id, name, title, role) = row
    person = None if contact_id is None else Person(contact_id, name, title, Role(role),
                                                    company_id)
    kind = ActionKind(kind)
    facts = PendingFacts(action_id, snoozed_until or due, company_id, contact_id, kind,
                         interview_id)
    shown_due = snoozed_until or due
    return DueItem(
        id=action_id, kind=kind, due=shown_due, zone=zone, state=ActionState(state),
        timeliness=timeliness(due, at, rules), channel=channel, note=note, contact=person,
        company_id=company_id, company=company, application_id=application_id,
        position=position,
        warnings=planned_warnings(facts, person, at, touches, pending, rules),
        to_do_now=shown_due <= at,
    )
