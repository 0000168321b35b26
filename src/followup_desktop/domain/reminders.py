"""When reminders are shown, and how they are grouped: plain rules, no Qt, no database.

The scheduler asks `decide` at every check. A check normally comes at least once a minute, so a
longer silence means the app was not watching (closed, suspended, or the clock jumped): what
became due then is shown once, grouped, instead of as a burst of separate notifications.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

CHECK_EVERY = timedelta(minutes=1)
# A check later than this after the previous one means the app was not watching in between.
AWAY_AFTER = timedelta(minutes=3)
# More reminders than this becoming due at once are shown as one grouped notification.
SEPARATE_AT_MOST = 3


class Reason(StrEnum):
    DUE = "due"  # became due while the app was watching
    AWAY = "away"  # the app was closed or the machine asleep
    QUIET_HOURS = "quiet_hours"
    PAUSED = "paused"


class Watch(StrEnum):
    """What the scheduler was doing at its previous check."""

    WATCHING = "watching"
    QUIET = "quiet"
    PAUSED = "paused"


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    def end_if_quiet(self, instant: datetime, zone: ZoneInfo) -> datetime | None:
        """When the quiet hours around `instant` end, or None if `instant` is not in them.

        Computed on the wall clock of `zone`, so a DST change never shortens or stretches the
        evening. Equal start and end mean no quiet hours.
        """
        if self.start == self.end:
            return None
        local = instant.astimezone(zone)
        now = local.time().replace(tzinfo=None)
        day = local.date()
        if self.start < self.end:  # quiet during the day, e.g. 12:00-13:00
            quiet = self.start <= now < self.end
        else:  # overnight, e.g. 21:00-08:00
            quiet = now >= self.start or now < self.end
            if now >= self.start:
                day += timedelta(days=1)
        # fold=0: an end time skipped by DST lands after the gap, like the clocks
        return datetime.combine(day, self.end, zone).astimezone(UTC) if quiet else None


@dataclass(frozen=True)
class Pending:
    """An action that is due and has not been announced for this due instant yet."""

    action_id: int
    due: datetime


@dataclass(frozen=True)
class Batch:
    """One notification: a single action, or a group shown together."""

    reason: Reason
    action_ids: tuple[int, ...]

    @property
    def grouped(self) -> bool:
        return len(self.action_ids) > 1 or self.reason is not Reason.DUE


@dataclass(frozen=True)
class Decision:
    batches: tuple[Batch, ...]
    watch: Watch  # remembered for the next check
    hold_until: datetime | None = None  # quiet hours: nothing is shown before then


def decide(now: datetime, last_check: datetime | None, last_watch: Watch,
           pending: list[Pending], quiet: QuietHours, zone: ZoneInfo,
           paused: bool = False) -> Decision:
    """What to show at `now`, given the check before it and the unannounced due actions."""
    if paused:
        return Decision((), Watch.PAUSED)
    quiet_end = quiet.end_if_quiet(now, zone)
    if quiet_end is not None:
        return Decision((), Watch.QUIET, hold_until=quiet_end)
    if not pending:
        return Decision((), Watch.WATCHING)
    away = last_check is None or now - last_check > AWAY_AFTER
    if away:
        return Decision((Batch(Reason.AWAY, _ids(pending)),), Watch.WATCHING)
    held, fresh = _split_held(pending, last_check, last_watch)
    batches = [Batch(_HELD_REASON[last_watch], _ids(held))] if held else []
    if len(fresh) > SEPARATE_AT_MOST:
        batches.append(Batch(Reason.DUE, _ids(fresh)))
    else:
        batches += [Batch(Reason.DUE, (item.action_id,)) for item in fresh]
    return Decision(tuple(batches), Watch.WATCHING)


_HELD_REASON = {Watch.QUIET: Reason.QUIET_HOURS, Watch.PAUSED: Reason.PAUSED}


def _split_held(pending: list[Pending], last_check: datetime | None,
                last_watch: Watch) -> tuple[list[Pending], list[Pending]]:
    """Actions that came due while reminders were held back, and the ones that are new now."""
    if last_watch is Watch.WATCHING or last_check is None:
        return [], pending
    held = [item for item in pending if item.due <= last_check]
    return held, [item for item in pending if item.due > last_check]


def _ids(items: list[Pending]) -> tuple[int, ...]:
    return tuple(item.action_id for item in sorted(items, key=lambda i: (i.due, i.action_id)))


def next_check(now: datetime, next_due: datetime | None, hold_until: datetime | None) -> datetime:
    """When to look again: the next due instant or the end of quiet hours if sooner than a
    minute, else in a minute (timers stop during suspend; the minute check notices)."""
    candidates = [now + CHECK_EVERY]
    candidates += [moment for moment in (next_due, hold_until) if moment is not None]
    return max(min(candidates), now)
