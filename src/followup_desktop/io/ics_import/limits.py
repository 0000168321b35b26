"""How much a calendar file may hold: enough for any invitation, little enough that a hostile
file costs seconds, not minutes."""

from __future__ import annotations

MAX_BYTES = 20 * 2**20
MAX_EVENTS = 2_000
# icalendar needs about 40 µs per content line; 100,000 lines stay within a few seconds
# (2,000 typical events take about 60,000).
MAX_LINES = 100_000
MAX_PHYSICAL_LINES = 1_000_000  # folded lines included
MAX_TIMEZONES = 100  # icalendar builds every VTIMEZONE it does not know while parsing
MAX_TIMEZONE_PARTS = 200  # STANDARD and DAYLIGHT parts of one VTIMEZONE
MAX_TIMEZONE_DATES = 1_000  # RDATE values of one VTIMEZONE
MAX_PEOPLE = 500  # organizer and attendees of one event
MAX_DEPTH = 4  # VCALENDAR > VTIMEZONE > STANDARD, VCALENDAR > VEVENT > VALARM
SUMMARY_LIMIT = 1_000
LOCATION_LIMIT = 1_000
DESCRIPTION_LIMIT = 100_000
UID_LIMIT = 1_000
