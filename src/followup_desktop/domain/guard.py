"""The anti-pester guard and the "too early / on time / late" judgement of a follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from followup_desktop.domain.counts import counted
from followup_desktop.domain.model import ActionKind, Person, Role, TouchFacts
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.workcal import add_business_days, local_instant, next_working_day

# A thank-you to each interviewer of one interview is the rule, not pestering.
_SAME_INTERVIEW_KINDS = frozenset({ActionKind.THANK_YOU, ActionKind.ASK_ABOUT_DECISION})


class Timeliness(StrEnum):
    TOO_EARLY = "too_early"
    ON_TIME = "on_time"
    LATE = "late"


def timeliness(due: datetime, now: datetime, rules: Rules) -> Timeliness:
    """Before the due instant is too early; after the grace of business days, late."""
    if now < due:
        return Timeliness.TOO_EARLY
    if now > add_business_days(due, rules.late_after_business_days, rules):
        return Timeliness.LATE
    return Timeliness.ON_TIME


def late_bounds(now: datetime, rules: Rules) -> tuple[datetime, datetime]:
    """Instants (UTC) that sort due times into late or not at `now` without judging each one:
    due before the first is late, due at or after the second is not, and only the few days in
    between need `timeliness`. (Lateness is not monotonic in the due time: Friday 23:00 has
    until Tuesday 23:00, Saturday 01:00 only until Tuesday 01:00.)

    A due time on local day D stops being on time on day E(D), its D plus the grace of working
    days; E grows with D. Days whose E is before yesterday are past (a DST gap moves a wall
    clock by at most an hour), days whose E is after today are not yet, the rest are checked.
    """
    today = now.astimezone(rules.zone).date()
    day = today + timedelta(days=1)  # E(D) > D for any grace, so today's E is today or later
    while _grace_end(day, rules) >= today - timedelta(days=1):
        day -= timedelta(days=1)
    first_unsure = day + timedelta(days=1)
    day = today + timedelta(days=1)
    while _grace_end(day - timedelta(days=1), rules) > today:
        day -= timedelta(days=1)
    return _day_start(first_unsure, rules), _day_start(day, rules)


def _grace_end(day: date, rules: Rules) -> date:
    for _ in range(rules.late_after_business_days):
        day = next_working_day(day, rules)
    return day


def _day_start(day: date, rules: Rules) -> datetime:
    return local_instant(day, time(0), rules).astimezone(UTC)


def pester_warnings(
    target: Person | None,
    company_id: int | None,
    at: datetime,
    touches: Iterable[TouchFacts],
    rules: Rules,
    kind: ActionKind | None = None,
    interview_id: int | None = None,
) -> list[str]:
    """Plain-text warnings for a touch planned or logged at `at`; empty when it is fine."""
    warnings = []
    if target is not None and target.role == Role.RECEPTIONIST:
        warnings.append(
            f"{target.name} works at the front desk: stay in touch with an interviewer instead."
        )
    last = _last_touch_with_company(company_id, at, touches, kind, interview_id, rules)
    if last is not None:
        warnings.append(
            f"Last contact with this company was {_ago(at - last.at)} before; "
            f"leave at least {counted(rules.pester_gap.days, 'day')} between touches."
        )
    return warnings


@dataclass(frozen=True)
class PendingFacts:
    """A follow-up still to do, as the guard sees it when judging the ones after it."""

    id: int
    due: datetime  # when it is due now (a snoozed one: the end of the snooze)
    company_id: int | None
    contact_id: int | None
    kind: ActionKind
    interview_id: int | None


def planned_warnings(
    action: PendingFacts,
    target: Person | None,
    now: datetime,
    touches: Iterable[TouchFacts],
    pending: Iterable[PendingFacts],
    rules: Rules,
) -> list[str]:
    """The guard for a planned follow-up, judged at its own due time (or now, once that has
    passed) against the touches made and the follow-ups due before it, which will have been
    made by then: a keep-in-touch a week away is not "less than an hour" after the thank-you
    done today."""
    at = max(now, action.due)
    before = [TouchFacts(p.due, p.company_id, p.contact_id, p.kind, p.interview_id)
              for p in pending
              if p.id != action.id and (p.due, p.id) < (action.due, action.id)]
    return pester_warnings(target, action.company_id, at, [*touches, *before], rules,
                           action.kind, action.interview_id)


def _last_touch_with_company(
    company_id: int | None,
    at: datetime,
    touches: Iterable[TouchFacts],
    kind: ActionKind | None,
    interview_id: int | None,
    rules: Rules,
) -> TouchFacts | None:
    if company_id is None:
        return None
    close = [
        t for t in touches
        if t.company_id == company_id and at - rules.pester_gap < t.at <= at
        and not _same_interview_thanks(t, kind, interview_id)
    ]
    return max(close, key=lambda t: t.at, default=None)


def _same_interview_thanks(
    touch: TouchFacts, kind: ActionKind | None, interview_id: int | None
) -> bool:
    return (
        interview_id is not None and touch.interview_id == interview_id
        and kind in _SAME_INTERVIEW_KINDS and touch.kind in _SAME_INTERVIEW_KINDS
    )


def _ago(gap: timedelta) -> str:
    hours = int(gap.total_seconds() // 3600)
    if hours < 1:
        return "less than an hour"
    if hours < 48:
        return "1 hour" if hours == 1 else f"{hours} hours"
    return counted(gap.days, "day")
