"""What is due: the headless `due` command, the due list, the first screen and the notifier
read this. Plain SQL through the reader's sqlite3 connection (services/views/due_rows.py), so
the first screen reads it before peewee is imported."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from followup_desktop.domain.guard import Timeliness, late_bounds, timeliness
from followup_desktop.domain.rules import Rules
from followup_desktop.services.errors import UserError
from followup_desktop.services.guard_facts import EFFECTIVE_DUE, PENDING_STATES, marks
from followup_desktop.services.views.due_rows import (
    PENDING,
    DueItem,
    DueStatus,
    Reader,
    due_status,
    read_items,
)
from followup_desktop.storage.instants import format_instant, parse_instant

__all__ = ["DueItem", "DueStatus", "due_status"]


def due_at(backend: Reader, at: datetime, until: datetime | None = None) -> list[DueItem]:
    """Pending actions due at or before `until` (default `at`), soonest first, judged at `at`:
    how timely they are and what the anti-pester guard says of doing them then."""
    until = at if until is None else until
    return read_items(backend, at, f"{EFFECTIVE_DUE} <= ?", [format_instant(until)])


def items_by_id(backend: Reader, action_ids: list[int], at: datetime) -> list[DueItem]:
    """These pending actions as the due list shows them (what a reminder says of each)."""
    return read_items(backend, at, f"a.id IN ({marks(action_ids)})", list(action_ids))


def is_first_run(backend: Reader) -> bool:
    """No company and no application yet: the due page explains how to begin."""
    row = backend.connection().execute(
        "SELECT EXISTS (SELECT 1 FROM application) OR EXISTS (SELECT 1 FROM company)").fetchone()
    return not row[0]


UPCOMING_DAYS = 7
PAGE = 40  # rows of a group read at a time: about two screenfuls, never the whole list


@dataclass(frozen=True)
class DueBucket:
    """One group of the due list (overdue, today, the next days): its span and size."""

    title: str
    start: datetime | None  # UTC, inclusive; None: no lower bound
    end: datetime  # UTC, exclusive
    count: int


@dataclass(frozen=True)
class DueOverview:
    """What the due page shows before any row: the groups with their sizes and the late count.
    Counting is done by SQL on the (state, due) indexes, so it costs the same for 10 or 10,000
    pending follow-ups; rows are read a page at a time with `due_page`.

    The groups follow the rows' own rule (`due_status`): "To do now" holds exactly the rows
    that say Due or Late, the later groups the rows that say Coming up."""

    at: datetime
    now_end: datetime  # UTC, exclusive: what is due before it is to do now
    buckets: list[DueBucket]  # the non-empty ones, in list order
    late: int  # of those to do now

    @property
    def count(self) -> int:
        return sum(bucket.count for bucket in self.buckets)

    @property
    def due_now(self) -> int:
        return sum(bucket.count for bucket in self.buckets if bucket.end <= self.now_end)


NOW_TITLE, LATER_TODAY_TITLE = "To do now", "Later today"
UPCOMING_TITLE = f"Next {UPCOMING_DAYS} days"


def due_overview(backend: Reader, now: datetime | None = None) -> DueOverview:
    """The due list's groups, in the user's zone: to do now (due at or before `now`), later
    today, and the next seven days; groups with nothing in them are left out."""
    now = now or backend.clock.now()
    rules = backend.rules()
    today = now.astimezone(rules.zone).date()
    tomorrow, horizon = (datetime.combine(today + timedelta(days=offset), time(0), rules.zone)
                         .astimezone(UTC) for offset in (1, UPCOMING_DAYS + 1))
    # Instants are stored to the second: due at or before `now` is due before its next second.
    now_end = now.astimezone(UTC).replace(microsecond=0) + timedelta(seconds=1)
    spans = [(NOW_TITLE, None, now_end), (LATER_TODAY_TITLE, now_end, max(now_end, tomorrow)),
             (UPCOMING_TITLE, max(now_end, tomorrow), horizon)]
    conn = backend.connection()
    # One count per group, each a range of the (state, effective due) index: a third of the
    # time of summing the three conditions over the rows (which reads each row's columns).
    ranges = [_in_span(low, high) for _, low, high in spans]
    counts = conn.execute(
        "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM action AS a WHERE {PENDING} AND {span})"
                              for span, _ in ranges),
        [value for _, params in ranges for value in (*PENDING_STATES, *params)]).fetchone()
    buckets = [DueBucket(title, low, high, count or 0)
               for (title, low, high), count in zip(spans, counts, strict=True)]
    return DueOverview(now, now_end, [bucket for bucket in buckets if bucket.count],
                       _late_count(conn, now_end, now, rules))


def due_page(backend: Reader, bucket: DueBucket, at: datetime, offset: int = 0,
             limit: int = PAGE) -> list[DueItem]:
    """Rows `offset` to `offset + limit` of a group, soonest first, judged at `at`."""
    span, params = _in_span(bucket.start, bucket.end)
    page = (f"a.id IN (SELECT a.id FROM action AS a WHERE {PENDING} AND {span}"
            f" ORDER BY {EFFECTIVE_DUE}, a.id LIMIT ? OFFSET ?)")
    return read_items(backend, at, page, [*PENDING_STATES, *params, limit, offset])


def _in_span(low: datetime | None, high: datetime) -> tuple[str, list[object]]:
    """An SQL condition (and its parameters): due, or the snooze over, in [low, high)."""
    if low is None:
        return f"{EFFECTIVE_DUE} < ?", [format_instant(high)]
    return (f"({EFFECTIVE_DUE} >= ? AND {EFFECTIVE_DUE} < ?)",
            [format_instant(low), format_instant(high)])


def _late_count(conn: sqlite3.Connection, now_end: datetime, now: datetime,
                rules: Rules) -> int:
    """How many follow-ups to do now are late (judged on their planned due time, as each row
    is): counted by SQL before the first unsure day, judged one by one on the few unsure days."""
    sure, unsure_end = late_bounds(now, rules)
    due_now = f"{PENDING} AND {EFFECTIVE_DUE} < ?"
    params = [*PENDING_STATES, format_instant(now_end)]
    (late,) = conn.execute(f"SELECT COUNT(a.id) FROM action AS a WHERE {due_now}"
                           " AND a.due_utc < ?", [*params, format_instant(sure)]).fetchone()
    unsure = conn.execute(f"SELECT a.due_utc FROM action AS a WHERE {due_now}"
                          " AND a.due_utc >= ? AND a.due_utc < ?",
                          [*params, format_instant(sure), format_instant(unsure_end)])
    return late + sum(1 for (due,) in unsure
                      if timeliness(parse_instant(due), now, rules) == Timeliness.LATE)


def parse_at(text: str | None, backend: Reader) -> datetime:
    """The instant to judge at: now, or ISO-8601 text (read in the user's zone if it has no
    offset)."""
    if text is None:
        return backend.clock.now()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"--at: {text!r} is not a valid ISO-8601 date and time.") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=backend.rules().zone)
    return parsed.astimezone(UTC)


def due_document(at: datetime, items: list[DueItem]) -> dict[str, Any]:
    """The stable JSON form of the due list (docs/cli.md)."""
    return {
        "format": "followup-desktop/due",
        "version": 1,
        "at": format_instant(at),
        "items": [_item_json(item) for item in items],
    }


def _item_json(item: DueItem) -> dict[str, Any]:
    contact = None if item.contact is None else {
        "id": item.contact.id, "name": item.contact.name, "title": item.contact.title,
        "role": item.contact.role.value}
    return {
        "id": item.id,
        "kind": item.kind.value,
        "due": format_instant(item.due),
        "due_local": item.due.astimezone(ZoneInfo(item.zone)).isoformat(),
        "zone": item.zone,
        "state": item.state.value,
        "timeliness": item.timeliness.value,
        "channel": item.channel,
        "contact": contact,
        "company": {"id": item.company_id, "name": item.company},
        "application": {"id": item.application_id, "position": item.position},
        "note": item.note,
        "warnings": item.warnings,
    }
