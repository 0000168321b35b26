"""What the calendar shows: interviews and follow-ups in a span of time, and moving a follow-up
to another day.

Two reads. `summary` is what a month or week grid (or a day's agenda) shows: per local day how
many items it holds and the first few of them, in four queries whatever the data (the counts
come from the indexes, and only the first `limit` items of each day are joined and built), so a
switch costs about the same with 20 or 20,000 applications on file. `entries` is everything in
a span, in three queries.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from peewee import JOIN, Case, Select, fn

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
# Shown at their due time; a snoozed action is shown at its snooze end instead.
ON_TIME_STATES = tuple(s.value for s in SHOWN_STATES if s != ActionState.SNOOZED)
# What the summary and the entries read: a change to any other table (settings, reminders, the
# search index) leaves what the calendar shows as it was.
_WATCHED = ("action", "interview", "interview_contact", "application", "company", "contact")
_VERSION = """SELECT (SELECT data_version FROM pragma_data_version),
  (SELECT schema_version FROM pragma_schema_version),
  (SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' AND name GLOB 'calendar_*'),
  epoch, changes FROM temp.calendar_changes"""
_epochs = itertools.count(1)


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


@dataclass(frozen=True)
class DaySummary:
    """What a day cell shows: how many items the day holds and the first of them."""

    count: int
    first: tuple[CalendarEntry, ...]  # in time order, at most the summary's limit

    @property
    def complete(self) -> bool:
        return len(self.first) == self.count


@dataclass(frozen=True)
class Summary:
    days: dict[date, DaySummary]  # the local days with anything on them
    # Once the clock is past this instant a shown pending item is overdue, so the summary
    # (its "overdue" marks) is out of date; None: nothing shown will ever turn overdue.
    stale_after: datetime | None


def day_starts(first: date, count: int, zone: ZoneInfo) -> list[datetime]:
    """The UTC instants at which `count` local days from `first` begin, and the end of the last:
    a day across a DST change is 23 or 25 hours long."""
    return [datetime.combine(first + timedelta(days=n), time(0), tzinfo=zone).astimezone(UTC)
            for n in range(count + 1)]


def summary(backend: Backend, first: date, day_count: int, zone: ZoneInfo,
            limit: int) -> Summary:
    """Per local day of `day_count` days from `first`: how many items it holds and the first
    `limit` of them, in the order of `entries`. Four queries whatever the data: the days' counts
    and first items (from the indexes), then those items' details and interview panels."""
    if not 0 < day_count <= 366 or limit < 1:
        raise ValueError(f"a summary of {day_count} days with {limit} items a day")
    starts = [Action.due_utc.db_value(start) for start in day_starts(first, day_count, zone)]
    params = [value for n in range(day_count) for value in (n, starts[n], starts[n + 1])]
    db = backend.db
    counts: dict[int, int] = {}
    picked: dict[int, list[tuple[str, int, int]]] = {}
    for day, count, items in db.execute_sql(_days(day_count) + _DAYS, [*params, *[limit] * 6]):
        counts[day] = count
        if count:  # (shown at, 0 for an interview or 1 for an action, id): entries' order
            picked[day] = sorted((at, kind, id_) for kind, id_, at in json.loads(items))
    interview_ids = [id_ for items in picked.values() for _, kind, id_ in items if kind == 0]
    action_ids = [id_ for items in picked.values() for _, kind, id_ in items if kind == 1]
    ids = json.dumps(interview_ids)
    panels = _panels_of(db.execute_sql(_PANELS, [ids]))
    interviews = {row[0]: _interview_entry(row, panels)
                  for row in db.execute_sql(_INTERVIEWS, [ids])}
    now = backend.clock.now()
    actions_ = {row[0]: _action_entry(row, now)
                for row in db.execute_sql(_ACTIONS, [json.dumps(action_ids)])}
    found = {first + timedelta(days=day): DaySummary(counts[day], tuple(
        interviews[id_] if kind == 0 else actions_[id_] for _, kind, id_ in items))
        for day, items in picked.items()}
    shown = (entry for cell in found.values() for entry in cell.first)
    return Summary(found, stale_after(shown))


def stale_after(items: Iterable[CalendarEntry]) -> datetime | None:
    """The first instant after which one of `items` would be overdue but is not marked so."""
    return min((e.at for e in items if e.is_pending and not e.overdue), default=None)


def data_version(backend: Backend) -> tuple[int, ...]:
    """Changes whenever a commit may have changed what the calendar shows: any commit by another
    connection (another thread's, the command line's: SQLite's data_version), a schema change
    (a restore writes through the backup API and bumps the schema cookie), or a change by this
    thread's own connection to a table the calendar reads (counted by temporary triggers, so
    that a saved setting, a fired reminder or the search index leaves kept reads current).
    A read kept with the version of its start is current while the version is. Ask on one
    thread only (the GUI's): the triggers and the count are that thread's connection's."""
    connection = backend.db.connection()
    try:
        version = connection.execute(_VERSION).fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
        version = None  # a connection new to the calendar
    if version is None or version[2] != len(_WATCHED) * 3:
        _watch(connection)  # (again: dropping a table drops the triggers on it)
        version = connection.execute(_VERSION).fetchone()
    return tuple(version)


def _watch(connection: sqlite3.Connection) -> None:
    """Count this connection's changes to the tables the calendar reads, in a temporary table
    under a number no other connection of this process had (a new connection starts counting
    from 0 again)."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS calendar_changes "
                       "(epoch INTEGER NOT NULL, changes INTEGER NOT NULL)")
    connection.execute("DELETE FROM temp.calendar_changes")
    connection.execute("INSERT INTO temp.calendar_changes VALUES (?, 0)", (next(_epochs),))
    for table in _WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            connection.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS calendar_{table}_{event.lower()} "
                f"AFTER {event} ON main.{table} "
                "BEGIN UPDATE calendar_changes SET changes = changes + 1; END")


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
    return [_interview_entry(row, panels) for row in _raw(rows)]


def _interview_entry(row: Sequence[Any], panels: dict[int, list[Who]]) -> CalendarEntry:
    interview_id, start_at, end_at, round_, app_id, position, company = row
    return CalendarEntry(kind=INTERVIEW, at=_instant(start_at), end=_instant(end_at),
                         company=company, position=position, application_id=app_id,
                         interview_id=interview_id, round=round_,
                         people=tuple(panels.get(interview_id, ())))


def _panels(in_span: object) -> dict[int, list[Who]]:
    """Who interviews in each interview of the span, by name: one query for all of them."""
    rows = (InterviewContact.select(InterviewContact.interview, Contact.name, Contact.title)
            .join(Interview).switch(InterviewContact).join(Contact)
            .where(in_span).order_by(Contact.name, Contact.id))
    return _panels_of(_raw(rows))


def _panels_of(rows: Iterable[Sequence[Any]]) -> dict[int, list[Who]]:
    panels: dict[int, list[Who]] = defaultdict(list)
    for interview_id, name, title in rows:
        panels[interview_id].append(Who(name, title))
    return panels


def _actions(start: datetime, end: datetime, now: datetime) -> list[CalendarEntry]:
    low, high = Action.due_utc.db_value(start), Action.due_utc.db_value(end)
    # Two branches so each can use an index: (state, due_utc), and for the few snoozed rows
    # (state, snooze end), as a snoozed action sits at its snooze end.
    snooze_end = fn.COALESCE(Action.snoozed_until_utc, Action.due_utc)
    on_time = ((Action.state << list(ON_TIME_STATES))
               & (Action.due_utc >= low) & (Action.due_utc < high))
    snoozed = ((Action.state == ActionState.SNOOZED.value)
               & (snooze_end >= low) & (snooze_end < high))
    shown_at = Case(None, [(Action.state == ActionState.SNOOZED.value, snooze_end)],
                    Action.due_utc)
    rows = (Action.select(Action.id, Action.kind, Action.state, Action.channel, Action.note,
                          Action.interview, shown_at.alias("shown_at"), Application.id,
                          Application.position, Company.name, Contact.name, Contact.title)
            .join(Application).join(Company)
            .switch(Action).join(Contact, join_type=JOIN.LEFT_OUTER)
            .where(on_time | snoozed))
    return [_action_entry(row, now) for row in _raw(rows)]


def _action_entry(row: Sequence[Any], now: datetime) -> CalendarEntry:
    (action_id, kind, state, channel, note, interview_id, shown_raw, app_id, position,
     company, contact_name, contact_title) = row
    at = _instant(shown_raw)
    state = ActionState(state)
    return CalendarEntry(
        kind=ActionKind(kind).value, at=at, company=company, position=position,
        application_id=app_id, interview_id=interview_id, action_id=action_id,
        state=state, channel=Channel(channel), note=note,
        people=() if contact_name is None else (Who(contact_name, contact_title),),
        overdue=state.is_pending and at < now,
    )


# -- the summary's SQL. A table of the span's local days (number, first instant, end) drives
# correlated subqueries, so each day costs a few range searches of an index however full it is;
# only the items shown are then read from their tables.

@lru_cache(maxsize=4)
def _days(count: int) -> str:
    return "WITH day(n, low, high) AS (VALUES " + ", ".join(["(?, ?, ?)"] * count) + ")\n"


_ON_TIME_IN = ", ".join(f"'{state}'" for state in ON_TIME_STATES)
_SNOOZED = f"'{ActionState.SNOOZED.value}'"
_SNOOZE_END = "coalesce(snoozed_until_utc, due_utc)"  # the expression of an index
# Snoozed actions are found by their snooze end in this index. Named, because the planner
# would rather take the covering (state, due_utc, snoozed_until_utc) index, with no range on
# a snooze end there: every snoozed action scanned for every day (41 to 62 ms a month at
# 20,000 applications instead of 5). A schema without it fails here, loudly, in the tests.
_SNOOZE_INDEX = "action INDEXED BY action_state_effective_due"


def _first_in_state(state: str) -> str:
    """The first `?` actions of one state on a day, read in the order of its index."""
    if state == ActionState.SNOOZED.value:
        table, at = _SNOOZE_INDEX, _SNOOZE_END
    else:
        table, at = "action", "due_utc"
    return (f"SELECT * FROM (SELECT id, {at} AS at FROM {table} WHERE state = '{state}' "
            f"AND {at} >= day.low AND {at} < day.high ORDER BY {at}, id LIMIT ?)")


# Per day: how many items (counted in the indexes (state, due_utc), (state, snooze end) and
# (start_utc)), and the first `?` of them as [kind, id, shown at]: 0 an interview, 1 an action.
_DAYS = f"""SELECT day.n,
  (SELECT count(*) FROM action WHERE state IN ({_ON_TIME_IN})
                                 AND due_utc >= day.low AND due_utc < day.high)
  + (SELECT count(*) FROM {_SNOOZE_INDEX} WHERE state = {_SNOOZED}
                                   AND {_SNOOZE_END} >= day.low AND {_SNOOZE_END} < day.high)
  + (SELECT count(*) FROM interview WHERE start_utc >= day.low AND start_utc < day.high),
  (SELECT json_group_array(json_array(kind, id, at)) FROM (
     SELECT * FROM (SELECT 0 AS kind, id, start_utc AS at FROM interview
                    WHERE start_utc >= day.low AND start_utc < day.high
                    ORDER BY start_utc, id LIMIT ?)
     UNION ALL
     SELECT 1, * FROM ({" UNION ALL ".join(_first_in_state(s) for s in (
         *ON_TIME_STATES, ActionState.SNOOZED.value))})
     ORDER BY at, kind, id LIMIT ?))
FROM day"""
_ACTIONS = f"""SELECT a.id, a.kind, a.state, a.channel, a.note, a.interview_id,
  CASE a.state WHEN {_SNOOZED} THEN coalesce(a.snoozed_until_utc, a.due_utc) ELSE a.due_utc END,
  app.id, app.position, co.name, ct.name, ct.title
FROM action AS a
JOIN application AS app ON app.id = a.application_id
JOIN company AS co ON co.id = app.company_id
LEFT JOIN contact AS ct ON ct.id = a.contact_id
WHERE a.id IN (SELECT value FROM json_each(?))"""
_INTERVIEWS = """SELECT i.id, i.start_utc, i.end_utc, i.round, app.id, app.position, co.name
FROM interview AS i
JOIN application AS app ON app.id = i.application_id
JOIN company AS co ON co.id = app.company_id
WHERE i.id IN (SELECT value FROM json_each(?))"""
_PANELS = """SELECT ic.interview_id, c.name, c.title
FROM interview_contact AS ic JOIN contact AS c ON c.id = ic.contact_id
WHERE ic.interview_id IN (SELECT value FROM json_each(?))
ORDER BY c.name, c.id"""
