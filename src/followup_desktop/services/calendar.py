"""What the calendar shows: interviews and follow-ups in a span of time, and moving a follow-up
to another day.

A span is read with three queries whatever its size (interviews, their panels, actions), each a
join, so the month view costs the same with 20 or 20,000 applications on file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from peewee import JOIN, Case, Select

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import ActionKind, ActionState, Channel
from followup_desktop.domain.workcal import local_instant
from followup_desktop.services import actions
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.lookup import existing
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
)

INTERVIEW = "interview"  # the kind of an interview entry; actions use ActionKind values
SHOWN_STATES = (ActionState.PLANNED, ActionState.SNOOZED, ActionState.DONE, ActionState.SKIPPED)


@dataclass(frozen=True)
class Who:
    name: str
    title: str


@dataclass(frozen=True)
class CalendarEntry:
    """One item on the calendar: an interview or a follow-up action (never a cancelled one)."""

    kind: str  # INTERVIEW or an ActionKind value
    at: datetime  # UTC: an interview's start, or when an action is due now (its snooze end)
    company: str
    position: str
    application_id: int
    end: datetime | None = None  # interviews only
    interview_id: int | None = None  # the interview, or the one an action follows up
    round: int = 0  # interviews only
    people: tuple[Who, ...] = ()  # an interview's panel, or an action's target contact
    action_id: int | None = None
    state: ActionState | None = None  # actions only
    channel: Channel | None = None  # actions only
    note: str = ""
    overdue: bool = False  # a pending action due before now

    @property
    def is_interview(self) -> bool:
        return self.kind == INTERVIEW

    @property
    def is_pending(self) -> bool:
        return self.state is not None and self.state.is_pending

    @property
    def label(self) -> str:
        return "Interview" if self.is_interview else ActionKind(self.kind).label


def entries(backend: Backend, start: datetime, end: datetime) -> list[CalendarEntry]:
    """Interviews starting and actions due in [start, end), in time order."""
    start, end = check.moment(start, "start"), check.moment(end, "end")
    found = _interviews(start, end) + _actions(start, end, backend.clock.now())
    return sorted(found, key=_order)


def by_day(items: Iterable[CalendarEntry], zone: ZoneInfo) -> dict[date, list[CalendarEntry]]:
    """Entries grouped by the local day they fall on, each day still in time order."""
    days: dict[date, list[CalendarEntry]] = defaultdict(list)
    for item in items:
        days[item.at.astimezone(zone).date()].append(item)
    return dict(days)


def move_action(backend: Backend, action_id: int, new_day: date) -> list[str]:
    """Move a pending action to `new_day` at the same local wall-clock time.

    It becomes edited by hand, so re-planning leaves it where the user put it. Returns the
    anti-pester warnings for its new time.
    """
    checked = check.day(new_day, "new day")
    if checked is None:
        raise check.ValidationError("new day", "needs a date")
    rules = backend.rules()
    with backend.write():  # read and change under one lock: nobody completes it in between
        action = existing(Action, action_id, "action")
        state = ActionState(action.state)
        if not state.is_pending:
            raise UserError(f"This {ActionKind(action.kind).label.lower()} is already "
                            f"{state.value}; only a planned or snoozed action can be moved.")
        current = action.snoozed_until_utc if state == ActionState.SNOOZED else action.due_utc
        wall_clock = current.astimezone(rules.zone).time()
        due = local_instant(checked, wall_clock, rules)
        if state == ActionState.PLANNED and due == action.due_utc:
            return []  # dropped on its own day: nothing to change, nothing to mark edited
        return actions.edit(backend, action_id, due=due, channel=Channel(action.channel),
                            contact_id=action.contact_id, note=action.note)


def _raw(query: Select) -> Iterator[tuple[Any, ...]]:
    """The rows as SQLite returns them: a month can hold thousands, and peewee's per-column
    conversion (strptime for each instant) would cost more than the query itself."""
    return iter(query.model._meta.database.execute(query))


def _instant(text: str) -> datetime:
    """The instant of stored UTC text ("2026-11-26T12:00:00Z"), aware, in UTC."""
    return datetime.fromisoformat(text).astimezone(UTC)


def _order(entry: CalendarEntry) -> tuple[datetime, int, int]:
    """Time first; at the same minute an interview comes before what follows it up."""
    if entry.is_interview:
        return (entry.at, 0, entry.interview_id or 0)
    return (entry.at, 1, entry.action_id or 0)


def _interviews(start: datetime, end: datetime) -> list[CalendarEntry]:
    low, high = Interview.start_utc.db_value(start), Interview.start_utc.db_value(end)
    in_span = (Interview.start_utc >= low) & (Interview.start_utc < high)
    rows = (Interview.select(Interview.id, Interview.start_utc, Interview.end_utc,
                             Interview.round, Application.id, Application.position, Company.name)
            .join(Application).join(Company)
            .where(in_span))
    panels = _panels(in_span)
    return [
        CalendarEntry(kind=INTERVIEW, at=_instant(start_at), end=_instant(end_at),
                      company=company,
                      position=position, application_id=app_id, interview_id=interview_id,
                      round=round_, people=tuple(panels.get(interview_id, ())))
        for interview_id, start_at, end_at, round_, app_id, position, company in _raw(rows)
    ]


def _panels(in_span: object) -> dict[int, list[Who]]:
    """Who interviews in each interview of the span, by name: one query for all of them."""
    rows = (InterviewContact.select(InterviewContact.interview, Contact.name, Contact.title)
            .join(Interview).switch(InterviewContact).join(Contact)
            .where(in_span).order_by(Contact.name, Contact.id))
    panels: dict[int, list[Who]] = defaultdict(list)
    for interview_id, name, title in _raw(rows):
        panels[interview_id].append(Who(name, title))
    return panels


def _actions(start: datetime, end: datetime, now: datetime) -> list[CalendarEntry]:
    low, high = Action.due_utc.db_value(start), Action.due_utc.db_value(end)
    # Two branches so each can use the (state, due_utc) index; a snoozed action sits at its
    # snooze end, which only the few snoozed rows need to be checked for.
    on_time = ((Action.state << [s.value for s in SHOWN_STATES if s != ActionState.SNOOZED])
               & (Action.due_utc >= low) & (Action.due_utc < high))
    snoozed = ((Action.state == ActionState.SNOOZED.value)
               & (Action.snoozed_until_utc >= low) & (Action.snoozed_until_utc < high))
    shown_at = Case(None, [(Action.state == ActionState.SNOOZED.value,
                            Action.snoozed_until_utc)], Action.due_utc)
    rows = (Action.select(Action.id, Action.kind, Action.state, Action.channel, Action.note,
                          Action.interview, shown_at.alias("shown_at"), Application.id,
                          Application.position, Company.name, Contact.name, Contact.title)
            .join(Application).join(Company)
            .switch(Action).join(Contact, join_type=JOIN.LEFT_OUTER)
            .where(on_time | snoozed))
    found = []
    for (action_id, kind, state, channel, note, interview_id, shown_raw, app_id, position,
         company, contact_name, contact_title) in _raw(rows):
        at = _instant(shown_raw)
        state = ActionState(state)
        found.append(CalendarEntry(
            kind=ActionKind(kind).value, at=at, company=company, position=position,
            application_id=app_id, interview_id=interview_id, action_id=action_id,
            state=state, channel=Channel(channel), note=note,
            people=() if contact_name is None else (Who(contact_name, contact_title),),
            overdue=state.is_pending and at < now,
        ))
    return found
