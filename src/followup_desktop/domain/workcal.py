"""Wall-clock arithmetic in the user's zone: working hours and business days.

Everything is computed on local wall time and converted back to an instant through zoneinfo, so
a DST change moves neither a reminder's wall-clock time nor its day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from followup_desktop.domain.rules import Rules


def local_instant(day: date, at: time, rules: Rules) -> datetime:
    """The UTC instant of a wall-clock time in the user's zone.

    With fold=0 (PEP 495) a time skipped by a DST jump lands after the gap, the way clocks move,
    and a time that happens twice is its first occurrence.
    """
    return datetime.combine(day, at, tzinfo=rules.zone).astimezone(UTC)


def is_working_day(day: date, rules: Rules) -> bool:
    return day.weekday() in rules.working_days


def next_working_day(day: date, rules: Rules) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day, rules):
        day += timedelta(days=1)
    return day


def is_in_working_hours(instant: datetime, rules: Rules) -> bool:
    local = instant.astimezone(rules.zone)
    return is_working_day(local.date(), rules) and rules.day_start <= local.time() < rules.day_end


def into_working_hours(instant: datetime, rules: Rules) -> datetime:
    """The instant itself if it lies inside working hours, else the next start of a working day."""
    if is_in_working_hours(instant, rules):
        return instant.astimezone(UTC)
    local = instant.astimezone(rules.zone)
    day = local.date()
    if is_working_day(day, rules) and local.time() < rules.day_start:
        return local_instant(day, rules.day_start, rules)
    return local_instant(next_working_day(day, rules), rules.day_start, rules)


def add_wall_clock(instant: datetime, delta: timedelta, rules: Rules) -> datetime:
    """Add `delta` to the local wall-clock reading ("tomorrow, same time"), not to elapsed time."""
    local = instant.astimezone(rules.zone).replace(tzinfo=None) + delta
    return local_instant(local.date(), local.time(), rules)


def add_business_days(instant: datetime, days: int, rules: Rules) -> datetime:
    """The same wall-clock time `days` working days later."""
    local = instant.astimezone(rules.zone)
    day = local.date()
    for _ in range(days):
        day = next_working_day(day, rules)
    return local_instant(day, local.time(), rules)
