"""What the anti-pester guard judges a follow-up against, read with plain SQL: the touches with
some companies in a span of time, and the follow-ups still to do with them. Plain sqlite3, so
that the first screen (services/views/first_screen.py) reads them before peewee is imported;
the ORM paths pass the same connection (services/guarding.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from followup_desktop.domain.guard import PendingFacts
from followup_desktop.domain.model import ActionKind, ActionState, TouchFacts
from followup_desktop.storage.instants import format_instant, parse_instant

PENDING_STATES = (ActionState.PLANNED.value, ActionState.SNOOZED.value)
EFFECTIVE_DUE = "COALESCE(a.snoozed_until_utc, a.due_utc)"  # a snoozed follow-up is due then


def marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def touch_facts(conn: sqlite3.Connection, company_ids: Sequence[int],
                after: datetime | None = None, until: datetime | None = None) -> list[TouchFacts]:
    """Touches with these companies (after `after` and at or before `until`, when given), as
    the guard sees them: with the kind and interview of the action each one completed. Only
    the user's own: a reply from them (schema 9's direction 'in') is no pestering of theirs."""
    if not company_ids:
        return []
    sql = ("SELECT t.at_utc, t.company_id, t.contact_id, a.kind, a.interview_id FROM touch AS t"
           " LEFT OUTER JOIN action AS a ON t.action_id = a.id"
           f" WHERE t.company_id IN ({marks(company_ids)}) AND t.direction = 'out'")
    params: list[object] = list(company_ids)
    if after is not None:
        sql += " AND t.at_utc > ?"
        params.append(format_instant(after))
    if until is not None:
        sql += " AND t.at_utc <= ?"
        params.append(format_instant(until))
    return [TouchFacts(parse_instant(at), company, contact, ActionKind(kind) if kind else None,
                       interview) for at, company, contact, kind, interview
            in conn.execute(sql, params)]


def pending_facts(conn: sqlite3.Connection, company_ids: Sequence[int],
                  after: datetime | None = None,
                  before: datetime | None = None) -> list[PendingFacts]:
    """The follow-ups still to do with these companies (due, or their snooze over, strictly
    between `after` and `before` when given), as the guard sees them."""
    if not company_ids:
        return []
    sql = ("SELECT a.id, a.due_utc, a.snoozed_until_utc, a.kind, a.contact_id, a.interview_id,"
           " p.company_id FROM action AS a JOIN application AS p ON a.application_id = p.id"
           f" WHERE a.state IN ({marks(PENDING_STATES)})"
           f" AND p.company_id IN ({marks(company_ids)})")
    params: list[object] = [*PENDING_STATES, *company_ids]
    if after is not None:
        sql += f" AND {EFFECTIVE_DUE} > ?"
        params.append(format_instant(after))
    if before is not None:
        sql += f" AND {EFFECTIVE_DUE} < ?"
        params.append(format_instant(before))
    return [PendingFacts(action_id, parse_instant(snoozed or due), company_id, contact_id,
                         ActionKind(kind), interview_id)
            for action_id, due, snoozed, kind, contact_id, interview_id, company_id
            in conn.execute(sql, params)]
