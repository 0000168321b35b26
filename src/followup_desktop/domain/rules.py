"""The numbers behind the follow-up rules. Every one of them is a user setting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup_desktop.domain.model import Channel

if TYPE_CHECKING:  # the reminders' rules load with the reminders, not with the first screen
    from followup_desktop.domain.reminders import QuietHours


@dataclass(frozen=True)
class Rules:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    working_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday is 0
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    follow_up_delay: timedelta = timedelta(hours=24)
    late_after_business_days: int = 2
    keep_in_touch_every: timedelta = timedelta(days=7)
    keep_in_touch_cap: int = 2
    pester_gap: timedelta = timedelta(days=4)
    decision_check_time: time = time(10, 0)
    # An interview entered this long after it ended gets no thank-you in the past.
    past_interview_after: timedelta = timedelta(days=3)
    # With no decision date known, the decision check is this long after the latest interview;
    # a check that ends "still open, no date" is repeated this long after, at most recheck_cap
    # times in a row.
    undated_check_after: timedelta = timedelta(days=14)
    recheck_every: timedelta = timedelta(days=7)
    recheck_cap: int = 3
    default_channel: Channel = Channel.EMAIL
    quiet_start: time = time(21, 0)  # no notifications from quiet_start to quiet_end
    quiet_end: time = time(8, 0)

    @property
    def quiet_hours(self) -> QuietHours:
        from followup_desktop.domain.reminders import QuietHours

        return QuietHours(self.quiet_start, self.quiet_end)

    def __post_init__(self) -> None:
        if not self.working_days or not self.working_days <= set(range(7)):
            raise ValueError("working days must be a non-empty set of weekdays 0-6")
        if self.day_start >= self.day_end:
            raise ValueError("the working day must start before it ends")
        if not self.day_start <= self.decision_check_time < self.day_end:
            raise ValueError("the decision-check time must lie inside working hours")
        if self.keep_in_touch_every <= timedelta(0):
            raise ValueError("the keep-in-touch cadence must be positive")
        if min(self.past_interview_after, self.undated_check_after,
               self.recheck_every) < timedelta(0):
            raise ValueError("the decision-loop and past-interview spans cannot be negative")
        if self.keep_in_touch_cap < 0 or self.late_after_business_days < 0 \
                or self.recheck_cap < 0:
            raise ValueError("counts cannot be negative")
