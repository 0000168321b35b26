"""Working hours and business days, computed on the wall clock of the user's zone."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from followup_desktop.domain.workcal import (
    add_business_days,
    add_wall_clock,
    into_working_hours,
    is_in_working_hours,
    is_working_day,
    local_instant,
    next_working_day,
)
from helpers.domain_builders import ALL_WEEK, BERLIN, NEW_YORK, local, rules_in, utc, wall

BERLIN_RULES = rules_in(BERLIN)
NY_RULES = rules_in(NEW_YORK)
ONE_DAY = timedelta(days=1)


# --- working days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-03-23", True),  # Monday
        ("2026-03-27", True),  # Friday
        ("2026-03-28", False),  # Saturday
        ("2026-03-29", False),  # Sunday
    ],
)
def test_monday_to_friday_are_working_days_by_default(day, working):
    assert is_working_day(date.fromisoformat(day), BERLIN_RULES) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-03-23", "2026-03-24"),  # Monday -> Tuesday
        ("2026-03-27", "2026-03-30"),  # Friday -> Monday
        ("2026-03-28", "2026-03-30"),  # Saturday -> Monday
        ("2026-03-29", "2026-03-30"),  # Sunday -> Monday
    ],
)
def test_next_working_day_is_strictly_after(day, expected):
    assert next_working_day(date.fromisoformat(day), BERLIN_RULES) == date.fromisoformat(expected)


def test_next_working_day_follows_custom_working_days():
    rules = rules_in(BERLIN, working_days=frozenset({0, 2}))  # Monday and Wednesday
    assert next_working_day(date(2026, 3, 23), rules) == date(2026, 3, 25)
    assert next_working_day(date(2026, 3, 25), rules) == date(2026, 3, 30)


# --- working hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "inside"),
    [
        ("2026-03-23 08:59", False),  # Monday, before hours
        ("2026-03-23 09:00", True),  # the working day starts
        ("2026-03-23 12:00", True),
        ("2026-03-23 16:59", True),
        ("2026-03-23 17:00", False),  # 17:00 exactly is already outside
        ("2026-03-23 23:30", False),
        ("2026-03-28 10:00", False),  # Saturday
        ("2026-03-29 10:00", False),  # Sunday
    ],
)
def test_is_in_working_hours(reading, inside):
    assert is_in_working_hours(local(reading, BERLIN), BERLIN_RULES) is inside


def test_working_hours_are_judged_in_the_users_zone_not_in_utc():
    # 08:30 UTC on a winter Monday is 09:30 in Berlin but 03:30 in New York.
    instant = utc("2026-01-12 08:30")
    assert is_in_working_hours(instant, BERLIN_RULES)
    assert not is_in_working_hours(instant, NY_RULES)
    # 16:30 UTC is 17:30 in Berlin (closed) and 11:30 in New York (open).
    instant = utc("2026-01-12 16:30")
    assert not is_in_working_hours(instant, BERLIN_RULES)
    assert is_in_working_hours(instant, NY_RULES)


def test_custom_working_hours():
    rules = rules_in(BERLIN, day_start=time(8, 0), day_end=time(12, 0), decision_check_time=time(8))
    assert is_in_working_hours(local("2026-03-23 08:00", BERLIN), rules)
    assert not is_in_working_hours(local("2026-03-23 12:00", BERLIN), rules)


# --- moving an instant into working hours -------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        ("2026-01-12 11:15", "Mon 2026-01-12 11:15"),  # inside: unchanged
        ("2026-01-12 06:00", "Mon 2026-01-12 09:00"),  # early: same day at 09:00
        ("2026-01-12 17:00", "Tue 2026-01-13 09:00"),  # closing time: next day
        ("2026-01-12 23:59", "Tue 2026-01-13 09:00"),
        ("2026-01-16 16:30", "Fri 2026-01-16 16:30"),  # Friday afternoon is still inside
        ("2026-01-16 17:00", "Mon 2026-01-19 09:00"),  # Friday evening: Monday
        ("2026-01-17 16:30", "Mon 2026-01-19 09:00"),  # Saturday: Monday
        ("2026-01-18 08:00", "Mon 2026-01-19 09:00"),  # Sunday morning: Monday, not Sunday
    ],
)
def test_into_working_hours(reading, expected):
    moved = into_working_hours(local(reading, BERLIN), BERLIN_RULES)
    assert wall(moved, BERLIN) == expected
    assert moved.tzinfo is UTC


def test_into_working_hours_returns_utc_for_an_instant_already_inside():
    moved = into_working_hours(local("2026-01-12 11:15", BERLIN), BERLIN_RULES)
    assert moved == utc("2026-01-12 10:15")
    assert moved.tzinfo is UTC


@pytest.mark.parametrize(
    ("zone", "reading", "expected_utc", "expected_wall"),
    [
        # Over the spring-forward weekend the Monday start moves one hour earlier in UTC.
        (BERLIN, "2026-03-27 18:00", "2026-03-30 07:00", "Mon 2026-03-30 09:00"),
        (NEW_YORK, "2026-03-06 18:00", "2026-03-09 13:00", "Mon 2026-03-09 09:00"),
        # Over the fall-back weekend it moves one hour later.
        (BERLIN, "2026-10-23 18:00", "2026-10-26 08:00", "Mon 2026-10-26 09:00"),
        (NEW_YORK, "2026-10-30 18:00", "2026-11-02 14:00", "Mon 2026-11-02 09:00"),
    ],
)
def test_into_working_hours_across_dst_weekends(zone, reading, expected_utc, expected_wall):
    moved = into_working_hours(local(reading, zone), rules_in(zone))
    assert moved == utc(expected_utc)
    assert wall(moved, zone) == expected_wall


# --- wall-clock arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "reading", "expected_utc", "expected_wall", "elapsed_hours"),
    [
        # spring forward: "tomorrow, same time" is only 23 hours away
        (BERLIN, "2026-03-28 10:00", "2026-03-29 08:00", "Sun 2026-03-29 10:00", 23),
        (NEW_YORK, "2026-03-07 15:00", "2026-03-08 19:00", "Sun 2026-03-08 15:00", 23),
        # fall back: it is 25 hours away
        (BERLIN, "2026-10-24 10:00", "2026-10-25 09:00", "Sun 2026-10-25 10:00", 25),
        (NEW_YORK, "2026-10-31 15:00", "2026-11-01 20:00", "Sun 2026-11-01 15:00", 25),
        # no change: 24 hours
        (BERLIN, "2026-06-10 10:00", "2026-06-11 08:00", "Thu 2026-06-11 10:00", 24),
    ],
)
def test_next_day_same_time_keeps_wall_time_across_dst(
    zone, reading, expected_utc, expected_wall, elapsed_hours
):
    start = local(reading, zone)
    later = add_wall_clock(start, ONE_DAY, rules_in(zone))
    assert later == utc(expected_utc)
    assert wall(later, zone) == expected_wall
    assert later - start == timedelta(hours=elapsed_hours)


def test_a_week_later_keeps_wall_time_across_dst():
    later = add_wall_clock(local("2026-10-23 10:00", BERLIN), timedelta(days=7), BERLIN_RULES)
    assert wall(later, BERLIN) == "Fri 2026-10-30 10:00"
    assert later == utc("2026-10-30 09:00")


@pytest.mark.parametrize(
    ("zone", "reading", "expected_utc", "expected_wall"),
    [
        # 02:30 does not exist on these days: the clock jumps from 02:00 to 03:00.
        (BERLIN, "2026-03-28 02:30", "2026-03-29 01:30", "Sun 2026-03-29 03:30"),
        (NEW_YORK, "2026-03-07 02:30", "2026-03-08 07:30", "Sun 2026-03-08 03:30"),
    ],
)
def test_a_nonexistent_local_time_moves_forward(zone, reading, expected_utc, expected_wall):
    later = add_wall_clock(local(reading, zone), ONE_DAY, rules_in(zone))
    assert later == utc(expected_utc)
    assert wall(later, zone) == expected_wall


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_utc"),
    [
        (BERLIN, date(2026, 3, 29), time(2, 30), "2026-03-29 01:30"),  # skipped: after the gap
        (NEW_YORK, date(2026, 3, 8), time(2, 30), "2026-03-08 07:30"),
        (BERLIN, date(2026, 10, 25), time(2, 30), "2026-10-25 00:30"),  # twice: the first one
        (NEW_YORK, date(2026, 11, 1), time(1, 30), "2026-11-01 05:30"),
        (BERLIN, date(2026, 3, 30), time(9, 0), "2026-03-30 07:00"),  # ordinary
    ],
)
def test_local_instant(zone, day, at, expected_utc):
    instant = local_instant(day, at, rules_in(zone))
    assert instant == utc(expected_utc)
    assert instant.tzinfo is UTC


# --- business days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "days", "expected"),
    [
        ("2026-01-16 10:00", 2, "Tue 2026-01-20 10:00"),  # Friday + 2 -> Tuesday
        ("2026-01-14 10:00", 2, "Fri 2026-01-16 10:00"),  # Wednesday + 2 -> Friday
        ("2026-01-15 10:00", 2, "Mon 2026-01-19 10:00"),  # Thursday + 2 -> Monday
        ("2026-01-14 10:00", 0, "Wed 2026-01-14 10:00"),  # zero days: unchanged
        ("2026-01-17 10:00", 1, "Mon 2026-01-19 10:00"),  # from a Saturday
        ("2026-01-16 10:00", 5, "Fri 2026-01-23 10:00"),  # a full week
    ],
)
def test_add_business_days(reading, days, expected):
    assert wall(add_business_days(local(reading, BERLIN), days, BERLIN_RULES), BERLIN) == expected


@pytest.mark.parametrize(
    ("zone", "reading", "expected_utc", "expected_wall"),
    [
        (BERLIN, "2026-03-27 10:00", "2026-03-31 08:00", "Tue 2026-03-31 10:00"),
        (NEW_YORK, "2026-03-06 10:00", "2026-03-10 14:00", "Tue 2026-03-10 10:00"),
        (BERLIN, "2026-10-23 10:00", "2026-10-27 09:00", "Tue 2026-10-27 10:00"),
        (NEW_YORK, "2026-10-30 10:00", "2026-11-03 15:00", "Tue 2026-11-03 10:00"),
    ],
)
def test_add_business_days_keeps_wall_time_across_dst(zone, reading, expected_utc, expected_wall):
    later = add_business_days(local(reading, zone), 2, rules_in(zone))
    assert later == utc(expected_utc)
    assert wall(later, zone) == expected_wall


def test_add_business_days_with_every_day_working_counts_weekends():
    rules = rules_in(BERLIN, working_days=ALL_WEEK)
    later = add_business_days(local("2026-03-27 10:00", BERLIN), 2, rules)
    assert wall(later, BERLIN) == "Sun 2026-03-29 10:00"
    assert later == utc("2026-03-29 08:00")
