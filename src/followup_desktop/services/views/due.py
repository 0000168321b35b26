"""What is due: the headless `due` command, the due list and the notifier read this."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from peewee import JOIN, Expression, fn

from followup_desktop.domain.guard import (
    PendingFacts,
    Timeliness,
    late_bounds,
    planned_warnings,
    timeliness,
)
from followup_desktop.domain.model import ActionKind, ActionState, Person, Role, TouchFacts
from followup_desktop.domain.rules import Rules
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.guarding import pending_facts, touch_facts
from followup_desktop.storage.fields import format_instant
from followup_desktop.storage.models import Action, Application, Company, Contact, Touch


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


def due_at(backend: Backend, at: datetime, until: datetime | None = None) -> list[DueItem]:
    """Pending actions due at or before `until` (default `at`), soonest first, judged at `at`:
    how timely they are and what the anti-pester guard says of doing them then."""
    until = at if until is None else until
    return _items(backend, at, effective_due <= Action.due_utc.db_value(until))


def items_by_id(backend: Backend, action_ids: list[int], at: datetime) -> list[DueItem]:
    """These pending actions as the due list shows them (what a reminder says of each)."""
    return _items(backend, at, Action.id << action_ids)


effective_due = fn.COALESCE(Action.snoozed_until_utc, Action.due_utc)
_pending = Action.state << [ActionState.PLANNED, ActionState.SNOOZED]


def _items(backend: Backend, at: datetime, condition: Expression) -> list[DueItem]:
    rules = backend.rules()
    # Only the columns shown, as tuples: building four joined model objects per row cost
    # about 0.3 ms a row.
    rows = list(
        Action.select(Action.id, Action.kind, Action.due_utc, Action.snoozed_until_utc,
                      Action.zone, Action.state, Action.channel, Action.note,
                      Action.interview, Application.id, Application.position, Company.id,
                      Company.name, Contact.id, Contact.name, Contact.title, Contact.role)
        .join(Application).join(Company)
        .switch(Action).join(Contact, join_type=JOIN.LEFT_OUTER)
        .where(_pending & condition)
        .order_by(effective_due, Action.id)
        .tuples()
    )
    touches, pending = _guard_context(rows, at, rules)
    return [_item(row, at, touches.get(row[11], []), pending.get(row[11], []), rules)
            for row in rows]


def _guard_context(rows: list[tuple], at: datetime, rules: Rules
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
    for touch in touch_facts(companies, (Touch.at_utc > low) & (Touch.at_utc <= high)):
        by_company[touch.company_id].append(touch)
    for facts in pending_facts(companies, low, high):
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


def is_first_run() -> bool:
    """No company and no application yet: the due page explains how to begin."""
    return not (Application.select().exists() or Company.select().exists())


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


def due_overview(backend: Backend, now: datetime | None = None) -> DueOverview:
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
    in_list = _pending & (effective_due < format_instant(horizon))
    counts = (Action.select(*[fn.SUM(_in_span(low, high)) for _, low, high in spans])
              .where(in_list).tuples().get())
    buckets = [DueBucket(title, low, high, count or 0)
               for (title, low, high), count in zip(spans, counts, strict=True)]
    due_now = _pending & (effective_due < format_instant(now_end))
    return DueOverview(now, now_end, [bucket for bucket in buckets if bucket.count],
                       _late_count(due_now, now, rules))


def due_page(backend: Backend, bucket: DueBucket, at: datetime, offset: int = 0,
             limit: int = PAGE) -> list[DueItem]:
    """Rows `offset` to `offset + limit` of a group, soonest first, judged at `at`."""
    page = (Action.select(Action.id)
            .where(_pending & _in_span(bucket.start, bucket.end))
            .order_by(effective_due, Action.id)
            .limit(limit).offset(offset))
    return _items(backend, at, Action.id << page)


def _in_span(low: datetime | None, high: datetime) -> Expression:
    below = effective_due < format_instant(high)
    return below if low is None else (effective_due >= format_instant(low)) & below


def _late_count(in_list: Expression, now: datetime, rules: Rules) -> int:
    """How many of these follow-ups are late (judged on their planned due time, as each row is):
    counted by SQL before the first unsure day, judged one by one on the few unsure days."""
    sure, unsure_end = late_bounds(now, rules)
    late = Action.select(fn.COUNT(Action.id)).where(
        in_list & (Action.due_utc < format_instant(sure))).scalar()
    unsure = (Action.select(Action.due_utc)
              .where(in_list & (Action.due_utc >= format_instant(sure))
                     & (Action.due_utc < format_instant(unsure_end))).tuples())
    return late + sum(1 for (due,) in unsure if timeliness(due, now, rules) == Timeliness.LATE)


def parse_at(text: str | None, backend: Backend) -> datetime:
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
