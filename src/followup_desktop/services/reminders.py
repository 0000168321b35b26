"""Reminders: what is due and not yet announced, the record of what was shown, and the user's
answers to a reminder (snooze all, pause). The scheduler in notify/ drives this; no Qt here.

A reminder is recorded for an action's due instant *before* it is shown: a crash between the two
can cost one notification (the action stays on the due list), but nothing is ever shown twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from peewee import JOIN, fn

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import ActionState
from followup_desktop.domain.reminders import Batch, Pending, Watch, decide, next_check
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.views.due import DueItem, items_by_id
from followup_desktop.storage.instants import format_instant, parse_instant
from followup_desktop.storage.models import Action, Reminder, effective_due

PENDING = (ActionState.PLANNED, ActionState.SNOOZED)


def unannounced(backend: Backend, now: datetime) -> list[Pending]:
    """Pending actions due at or before `now` whose current due instant has had no reminder."""
    shown = ((Reminder.action == Action.id)
             & (Reminder.due_utc == effective_due))
    rows = (Action.select(Action.id, effective_due)
            .join(Reminder, JOIN.LEFT_OUTER, on=shown)
            .where((Action.state << PENDING)
                   & (effective_due <= format_instant(now))
                   & Reminder.action.is_null())
            .order_by(effective_due, Action.id)
            .tuples())
    return [Pending(action_id, _instant(due)) for action_id, due in rows]


def next_due_after(backend: Backend, now: datetime) -> datetime | None:
    """The soonest due instant after `now` among pending actions (the scheduler's next wake)."""
    found = (Action.select(fn.MIN(effective_due))
             .where((Action.state << PENDING) & (effective_due > format_instant(now)))
             .scalar())
    return None if found is None else _instant(found)


def _instant(value: datetime | str) -> datetime:
    """peewee converts COALESCE of two instant columns in some queries and not in others."""
    return value if isinstance(value, datetime) else parse_instant(value)


def record_shown(backend: Backend, batches: tuple[Batch, ...], pending: list[Pending],
                 now: datetime) -> None:
    """Remember that these reminders were shown, so they never fire again for the same instant."""
    due_of = {item.action_id: item.due for item in pending}
    rows = [{"action": action_id, "due_utc": due_of[action_id], "shown_utc": now,
             "reason": batch.reason.value}
            for batch in batches for action_id in batch.action_ids]
    if not rows:
        return
    with backend.write():
        Reminder.insert_many(rows).on_conflict_ignore().execute()


@dataclass(frozen=True)
class DueCount:
    """For the tray: what is due now, and how much of it is from before today."""

    due: int
    overdue: int


def due_count(backend: Backend, now: datetime) -> DueCount:
    zone = backend.rules().zone
    today = datetime.combine(now.astimezone(zone).date(), time(0), zone).astimezone(UTC)
    overdue = fn.SUM(effective_due < format_instant(today))
    due, late = (Action.select(fn.COUNT(Action.id), overdue)
                 .where((Action.state << PENDING) & (effective_due <= format_instant(now)))
                 .tuples().get())
    return DueCount(due, late or 0)


def snooze_due(backend: Backend, until: datetime, action_ids: list[int] | None = None) -> int:
    """Snooze what is due now (or just these actions, if still pending) until `until`.

    Returns how many were snoozed.
    """
    until = check.moment(until, "snooze until")
    now = backend.clock.now()
    if until <= now:
        raise UserError("A snooze must end in the future.")
    condition = (Action.state << PENDING) & (effective_due <= format_instant(now))
    if action_ids is not None:
        condition = (Action.state << PENDING) & (Action.id << action_ids)
    with backend.write():
        return (Action.update(state=ActionState.SNOOZED, snoozed_until_utc=until,
                              state_changed_utc=now)
                .where(condition).execute())


def still_pending(action_ids: list[int]) -> set[int]:
    """Which of these actions still wait to be done (a reminder about the others is stale)."""
    if not action_ids:
        return set()
    rows = Action.select(Action.id).where((Action.id << action_ids) & (Action.state << PENDING))
    return {action_id for (action_id,) in rows.tuples()}


def is_paused() -> bool:
    return bool(settings.load()["notifications_paused"])


def set_paused(backend: Backend, paused: bool) -> None:
    """Hold notifications back (what comes due meanwhile is shown, grouped, on resuming)."""
    with backend.write():
        settings.save("notifications_paused", paused)


@dataclass(frozen=True)
class Announcement:
    """One notification to show: its reason, and the due items it is about."""

    batch: Batch
    items: list[DueItem]


@dataclass(frozen=True)
class CheckResult:
    announcements: list[Announcement]
    next_check: datetime


class Scheduler:
    """Checks what is due, decides what to announce and records it; remembers only when it
    last looked and whether reminders were held back then. The caller shows the results and
    calls `check` again at `next_check` (and whenever data changed)."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._last_check: datetime | None = None
        self._watch = Watch.WATCHING

    def check(self) -> CheckResult:
        backend = self._backend
        now = backend.clock.now()
        rules = backend.rules()
        pending = unannounced(backend, now)
        decision = decide(now, self._last_check, self._watch, pending, rules.quiet_hours,
                          rules.zone, paused=is_paused())
        record_shown(backend, decision.batches, pending, now)
        self._last_check, self._watch = now, decision.watch
        wake = next_check(now, next_due_after(backend, now), decision.hold_until)
        return CheckResult(self._announce(decision.batches, now), wake)

    def _announce(self, batches: tuple[Batch, ...], now: datetime) -> list[Announcement]:
        if not batches:
            return []
        ids = [action_id for batch in batches for action_id in batch.action_ids]
        items = {item.id: item for item in items_by_id(self._backend, ids, now)}
        return [Announcement(batch, [items[i] for i in batch.action_ids if i in items])
                for batch in batches]
