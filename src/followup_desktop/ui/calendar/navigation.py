"""Which days the calendar shows: a month (six weeks from the week that holds its first day) or
the selected day's week, and the spans paging one or two steps either way reaches."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta

MONTH, WEEK = "month", "week"
MONTH_WEEKS = 6  # a fixed six rows, so the grid does not jump as months change
Span = tuple[date, int]  # first day shown, number of days


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = pycalendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def week_start(day: date, first_weekday: int) -> date:
    """The first day (Python weekday `first_weekday`) of the week that holds `day`."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def span_of(mode: str, month: date, selected: date, first_weekday: int) -> Span:
    if mode == WEEK:
        return week_start(selected, first_weekday), 7
    return week_start(month, first_weekday), MONTH_WEEKS * 7


def neighbours(mode: str, month: date, selected: date, first_weekday: int,
               ahead: int) -> list[Span]:
    """The spans one and two steps forth and back, the way the user last paged (`ahead`)
    first: what the next page keys or clicks will show."""
    steps = (ahead, -ahead, 2 * ahead, -2 * ahead)
    if mode == WEEK:
        return [span_of(mode, month, selected + timedelta(days=7 * n), first_weekday)
                for n in steps]
    return [span_of(mode, add_months(month, n), selected, first_weekday) for n in steps]


def days_of(span: Span) -> list[date]:
    first, days = span
    return [first + timedelta(days=i) for i in range(days)]
