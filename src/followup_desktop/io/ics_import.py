"""Reading calendar invitations (.ics) into plain data, within limits and with clear errors.

The `icalendar` library parses the file; this module checks the file's size and shape first
(so a hostile file costs seconds, not minutes), then turns each VEVENT into an `Invitation`
whose start and end are UTC instants. Every problem raises `IcsError` with one line naming
the file, the line and the event.

Time zones are resolved here rather than taken from icalendar's parsed values: icalendar keeps
a VTIMEZONE it does not know under its TZID for the rest of the process, so the second Outlook
file with a "Customized Time Zone" would silently get the first file's rules (and a hostile file
could redefine "W. Europe Standard Time" for every later one). Only the wall-clock reading and
the TZID are used from the parse; the zone comes from the IANA database, the Windows names
icalendar maps, or the file's own VTIMEZONE.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import warnings
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, available_timezones

from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError

if TYPE_CHECKING:  # icalendar takes a tenth of a second to import: loaded on first use
    from icalendar import Calendar, Event, Timezone

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
# An all-day event has no time; an interview needs one. Imported at 09:00 for an hour in the
# user's zone, with a note asking to correct it.
ALL_DAY_START = time(9, 0)
ASSUMED_LENGTH = timedelta(hours=1)
SKIPPED_CUTYPES = frozenset({"ROOM", "RESOURCE"})
# A VTIMEZONE rule is expanded year by year when an offset is looked up; any other frequency
# (or a rule that multiplies occurrences within a year) could take hours to evaluate.
RULE_KEYS = frozenset({"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST", "BYMONTH", "BYDAY",
                       "BYMONTHDAY", "BYSETPOS"})
USED_PROPERTIES = frozenset({"UID", "SEQUENCE", "DTSTART", "DTEND", "DURATION", "SUMMARY",
                             "LOCATION", "DESCRIPTION", "ORGANIZER", "ATTENDEE", "STATUS",
                             "RRULE", "RDATE", "RECURRENCE-ID"})
_LINE_BREAK = re.compile(r"\r?\n")  # as icalendar splits; a lone CR stays inside a line
_NAME = re.compile(r"([A-Za-z0-9-]+)(?=[;:])")


class IcsError(ValueError):
    """The file cannot be imported; the message says what was wrong and where, in one line."""


@dataclass(frozen=True)
class Person:
    """Someone on an invitation. `role` is the lower-cased ROLE ("req-participant", "chair",
    "opt-participant", "non-participant"), "organizer", or "group" for CUTYPE=GROUP."""

    name: str
    email: str
    role: str
    partstat: str = ""  # lower-cased PARTSTAT: "accepted", "declined", "needs-action", ...
    chair: bool = False  # ROLE=CHAIR, on an ATTENDEE or the ORGANIZER line


@dataclass(frozen=True)
class Invitation:
    uid: str
    sequence: int
    cancelled: bool
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC
    zone: str  # the IANA zone the event was written in, or "UTC"
    summary: str
    location: str
    description: str
    organizer: Person | None
    attendees: tuple[Person, ...]
    recurring: bool  # only the first occurrence is imported
    method: str = "PUBLISH"  # the calendar's METHOD: REQUEST, CANCEL, REPLY, ...
    all_day_days: int = 0  # for an all-day event: how many days it spans
    line: int = 0  # where its BEGIN:VEVENT is
    notes: tuple[str, ...] = ()  # what the reader assumed, for the user to check


def read_invitations(data: bytes, source: str = "file",
                     user_zone: str = "UTC") -> list[Invitation]:
    """Every event of an iCalendar file; floating and all-day times are read in `user_zone`."""
    try:
        zone = ZoneInfo(user_zone)
    except (ValueError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
        raise IcsError(f"{user_zone!r} is not a known time zone.") from error
    text = _decode(data, source)
    index = _index(text, source)
    calendars = _parse(text, source, len(index.calendars))
    reader = _Reader(source, zone, index.lines)
    read: list[tuple[Invitation, bool]] = []
    for calendar, events in zip(calendars, index.calendars, strict=True):
        read += reader.calendar(calendar, events)
    return _without_overridden(read)


# ------------------------------------------------------------------ bytes, lines, parse

def _decode(data: bytes, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise IcsError(f"{source}: the file is larger than the limit of {MAX_BYTES // 2**20} MB "
                       "for a calendar file.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IcsError(f"{source}: the file is UTF-16 text; calendar files are UTF-8.")
    data = data.removeprefix(codecs.BOM_UTF8)  # Outlook on Windows sometimes writes one
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise IcsError(f"{source}, line {line}: not UTF-8 text (byte 0x{data[error.start]:02x} "
                       f"at offset {error.start:,}).") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IcsError(f"{source}, line {line}: contains NUL bytes; not a calendar file.")
    return text


@dataclass
class _EventLines:
    """Where one VEVENT and its properties start (physical line numbers, from 1)."""

    begin: int
    properties: dict[str, list[int]] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.properties.get(name, [self.begin])[0]


@dataclass
class _Index:
    lines: list[str] = field(default_factory=list)  # physical lines, to find a bad one later
    calendars: list[list[_EventLines]] = field(default_factory=list)
    events: int = 0
    timezones: int = 0
    logical_lines: int = 0


def _index(text: str, source: str) -> _Index:
    """Check the file's shape and limits before icalendar sees it, and note where each event
    and property starts (icalendar keeps no line numbers)."""
    if text.count("\n") > MAX_PHYSICAL_LINES:
        raise IcsError(f"{source}: more than {MAX_PHYSICAL_LINES:,} lines; not an invitation.")
    lines = _LINE_BREAK.split(text)
    last = max((n for n, line in enumerate(lines, 1) if line.strip()), default=0)
    index, stack = _Index(lines), []
    current: _EventLines | None = None
    for number, line in enumerate(lines, 1):
        if not line or line[0] in " \t":  # blank, or the folded rest of the line before
            if line and not index.logical_lines:
                raise IcsError(f"{source}, line {number}: the file starts with a folded line.")
            continue
        try:
            name = _line_name(line, number, source, index)
        except IcsError:
            if stack and number == last:  # a last line broken off: the file was cut
                raise _cut_short(source, stack) from None
            raise
        if name in ("BEGIN", "END"):
            current = _nest(name, line, number, source, stack, index, current)
        elif not stack:
            raise IcsError(f"{source}, line {number}: {_quote(line)} stands outside "
                           "BEGIN:VCALENDAR … END:VCALENDAR.")
        elif current is not None and len(stack) == 2:
            current.properties.setdefault(name, []).append(number)
    return _complete(index, stack, source)


def _cut_short(source: str, stack: list[tuple[str, int]]) -> IcsError:
    kind, begun = stack[-1]
    return IcsError(f"{source}: the file ends inside BEGIN:{_quote(kind, 40, bare=True)} "
                    f"(line {begun}); it is cut short.")


def _complete(index: _Index, stack: list[tuple[str, int]], source: str) -> _Index:
    if stack:
        raise _cut_short(source, stack)
    if not index.calendars:
        raise IcsError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR).")
    if not index.events:
        raise IcsError(f"{source}: the calendar holds no events (VEVENT).")
    return index


def _line_name(line: str, number: int, source: str, index: _Index) -> str:
    index.logical_lines += 1
    if index.logical_lines > MAX_LINES:
        raise IcsError(f"{source}, line {number}: more than {MAX_LINES:,} content lines; the "
                       "file is too large to be an invitation.")
    match = _NAME.match(line)
    if match is None:
        raise IcsError(f"{source}, line {number}: not an iCalendar line: {_quote(line)}.")
    return match.group(1).upper()


def _nest(name: str, line: str, number: int, source: str, stack: list[tuple[str, int]],
          index: _Index, current: _EventLines | None) -> _EventLines | None:
    """Follow BEGIN and END; returns the VEVENT being read, if any."""
    kind = line.partition(":")[2].strip().upper()
    if name == "END":
        if not stack or stack[-1][0] != kind:
            opened = (f"BEGIN:{_quote(stack[-1][0], 40, bare=True)} of line {stack[-1][1]}"
                      if stack else "nothing")
            raise IcsError(f"{source}, line {number}: END:{_quote(kind, 40, bare=True)} does not "
                           f"close {opened}.")
        stack.pop()
        return None if kind == "VEVENT" and len(stack) == 1 else current
    if not stack and kind != "VCALENDAR":
        raise IcsError(f"{source}, line {number}: expected BEGIN:VCALENDAR, found "
                       f"{_quote(line)}; not an iCalendar file.")
    if len(stack) >= MAX_DEPTH:
        raise IcsError(f"{source}, line {number}: components nested more than {MAX_DEPTH} deep.")
    stack.append((kind, number))
    return _begin(kind, number, source, stack, index, current)


def _begin(kind: str, number: int, source: str, stack: list[tuple[str, int]], index: _Index,
           current: _EventLines | None) -> _EventLines | None:
    if kind == "VCALENDAR" and len(stack) == 1:
        index.calendars.append([])
    elif kind == "VTIMEZONE":
        index.timezones += 1
        if index.timezones > MAX_TIMEZONES:
            raise IcsError(f"{source}, line {number}: more than {MAX_TIMEZONES} time zone "
                           "definitions.")
    elif kind == "VEVENT" and len(stack) == 2:
        index.events += 1
        if index.events > MAX_EVENTS:
            raise IcsError(f"{source}, line {number}: more than {MAX_EVENTS:,} events; the "
                           "limit is there to keep an import quick.")
        current = _EventLines(number)
        index.calendars[-1].append(current)
    return current


def _parse(text: str, source: str, expected: int) -> list[Calendar]:
    from icalendar import Calendar

    try:
        # Its warnings (a TZID it had to guess, ...) are about zones resolved here anyway, and
        # under a strict warnings filter would turn a readable file into an error.
        with warnings.catch_warnings(action="ignore"):
            calendars = Calendar.from_ical(text, multiple=True)
    # The file is untrusted: whatever the library raises on it is the file's fault.
    except Exception as error:
        raise IcsError(f"{source}: not a readable iCalendar file ({_reason(error)}).") from None
    if len(calendars) != expected or any(c.name != "VCALENDAR" for c in calendars):
        raise IcsError(f"{source}: the calendar could not be read as a whole.")
    return calendars


# ------------------------------------------------------------------ events

@dataclass
class _Reader:
    source: str
    user_zone: ZoneInfo
    lines: list[str]
    _zones: dict[str, tuple[tzinfo, str | None]] = field(default_factory=dict)
    _definitions: dict[str, Timezone] = field(default_factory=dict)
    _method: str = "PUBLISH"

    def calendar(self, calendar: Calendar, events: list[_EventLines]
                 ) -> list[tuple[Invitation, bool]]:
        """Each event, and whether it changes one occurrence of a series (RECURRENCE-ID)."""
        self._zones, self._method = {}, _method(calendar)
        self._definitions = {str(c["TZID"]): c for c in calendar.subcomponents
                             if c.name == "VTIMEZONE" and "TZID" in c}
        vevents = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        if len(vevents) != len(events):
            raise IcsError(f"{self.source}: the events could not be told apart.")
        return [self.event(e, lines) for e, lines in zip(vevents, events, strict=True)]

    def event(self, event: Event, lines: _EventLines) -> tuple[Invitation, bool]:
        where = _Where(self.source, lines)
        _check_errors(event, where, self.lines)
        try:
            invitation = self._invitation(event, where)
        except IcsError:
            raise
        # As in _parse: the library may raise anything on a hostile value.
        except Exception as error:
            raise IcsError(where.at("BEGIN", f"cannot be read ({_reason(error)})")) from None
        return invitation, "RECURRENCE-ID" in event

    def _invitation(self, event: Event, where: _Where) -> Invitation:
        start, end, zone, days, notes = self._times(event, where)
        organizer = _organizer(event, where)
        attendees = _attendees(event, where)
        if len(attendees) + (organizer is not None) > MAX_PEOPLE:
            raise IcsError(where.at("ATTENDEE", f"more than {MAX_PEOPLE} people invited"))
        summary = _text(event, "SUMMARY", SUMMARY_LIMIT, where)
        status = str(_single(event, "STATUS", where) or "").upper()
        uid, uid_note = _uid(event, start, summary, organizer, where)
        return Invitation(
            uid=uid, sequence=_sequence(event, where),
            cancelled=self._method == "CANCEL" or status == "CANCELLED",
            start=start, end=end, zone=zone, summary=summary,
            location=_text(event, "LOCATION", LOCATION_LIMIT, where),
            description=_text(event, "DESCRIPTION", DESCRIPTION_LIMIT, where, plain=False),
            organizer=organizer, attendees=attendees,
            recurring=any(n in event for n in ("RRULE", "RDATE", "RECURRENCE-ID")),
            method=self._method, all_day_days=days, line=where.lines.begin,
            notes=tuple(notes + uid_note + _recurrence_note(event)))

    # -------------------------------------------------------------- times

    def _times(self, event: Event, where: _Where
               ) -> tuple[datetime, datetime, str, int, list[str]]:
        start_prop = _single(event, "DTSTART", where)
        if start_prop is None:
            raise IcsError(where.at("BEGIN", "the event has no start (DTSTART)"))
        if isinstance(start_prop.dt, date) and not isinstance(start_prop.dt, datetime):
            return self._all_day(event, start_prop.dt, where)
        start, zone = self._instant(start_prop, "DTSTART", where)
        end, notes = self._end(event, start, where)
        return start, end, zone, 0, notes

    def _instant(self, prop: Any, name: str, where: _Where) -> tuple[datetime, str]:
        value = prop.dt
        if not isinstance(value, datetime):
            raise IcsError(where.at(name, "expected a date and time"))
        tzid = _param(prop, "TZID")
        if tzid:
            zone, zone_name = self._zone(tzid, name, where)
            local = value.replace(tzinfo=zone)
        elif value.tzinfo is not None:  # a UTC time ("Z")
            local, zone_name = value, "UTC"
        else:  # floating: the same wall-clock time wherever the reader is
            local, zone_name = value.replace(tzinfo=self.user_zone), self.user_zone.key
        instant = _utc(local, name, where)
        if zone_name is None:  # a zone the file defines itself: name it only if it is ours
            zone_name = _same_zone(zone, self.user_zone, instant)
        return instant, zone_name

    def _end(self, event: Event, start: datetime, where: _Where
             ) -> tuple[datetime, list[str]]:
        end_prop = _single(event, "DTEND", where)
        duration = _single(event, "DURATION", where)
        if end_prop is not None:
            if type(end_prop.dt) is date:
                raise IcsError(where.at("DTEND", "is a date, but the start has a time"))
            end = self._instant(end_prop, "DTEND", where)[0]
        elif duration is not None:
            if not isinstance(duration.dt, timedelta):
                raise IcsError(where.at("DURATION", "is not a length of time"))
            end = _utc_plus(start, duration.dt, "DURATION", where)
        else:
            end = start
        if end < start:
            raise IcsError(where.at("DTEND" if end_prop is not None else "DURATION",
                                    "the event ends before it starts"))
        if end == start:  # RFC 5545: no end means it ends when it starts; an interview can't
            return start + ASSUMED_LENGTH, ["The invitation gives no end time; assumed one "
                                            "hour."]
        return end, []

    def _all_day(self, event: Event, day: date, where: _Where
                 ) -> tuple[datetime, datetime, str, int, list[str]]:
        if day.year not in check.YEARS:
            raise IcsError(where.at("DTSTART", f"{day.isoformat()} is outside the years "
                                               f"{check.YEARS[0]}-{check.YEARS[-1]}"))
        end_prop, duration = _single(event, "DTEND", where), _single(event, "DURATION", where)
        if end_prop is not None:
            last = end_prop.dt
        elif duration is not None and isinstance(duration.dt, timedelta):
            last = day + timedelta(days=max(duration.dt.days, 1))
        else:
            last = day + timedelta(days=1)
        if isinstance(last, datetime) or not isinstance(last, date):
            raise IcsError(where.at("DTEND", "has a time, but the start is a date"))
        if last < day:
            raise IcsError(where.at("DTEND", "the event ends before it starts"))
        days = max((last - day).days, 1)
        local = datetime.combine(day, ALL_DAY_START, tzinfo=self.user_zone)
        start = _utc(local, "DTSTART", where)
        note = (f"An all-day event on {day.isoformat()}: imported at "
                f"{ALL_DAY_START:%H:%M} for an hour ({self.user_zone.key}); correct the time "
                "if you know it.")
        return start, start + ASSUMED_LENGTH, self.user_zone.key, days, [note]

    # -------------------------------------------------------------- zones

    def _zone(self, tzid: str, name: str, where: _Where) -> tuple[tzinfo, str | None]:
        """The zone a TZID names, and its IANA name (None for a zone the file defines)."""
        if tzid not in self._zones:
            definition = self._definitions.get(tzid)
            iana = _iana_name(tzid, definition)
            if iana is not None:
                self._zones[tzid] = (ZoneInfo(iana), iana)
            elif definition is not None:
                self._zones[tzid] = (_defined_zone(definition, tzid, name, where), None)
            else:
                raise IcsError(where.at(name, f"unknown time zone {_quote(tzid)}, and the file "
                                              "does not define it (no VTIMEZONE)"))
        return self._zones[tzid]


@dataclass(frozen=True)
class _Where:
    source: str
    lines: _EventLines

    def at(self, name: str, problem: str) -> str:
        line = self.lines.begin if name == "BEGIN" else self.lines.line_of(name)
        return f"{self.source}, line {line} (event at line {self.lines.begin}): {problem}."


def _method(calendar: Calendar) -> str:
    value = calendar.get("METHOD", "PUBLISH")
    if isinstance(value, list):  # repeated: the first counts
        value = value[0]
    return str(value).strip().upper()


def _check_errors(event: Event, where: _Where, lines: list[str]) -> None:
    """icalendar keeps reading an event past a bad value and lists it in `errors`; a bad value
    of a property this import uses, or a line it could not read at all, is fatal."""
    for name, message in event.errors:
        if name is None:
            number = _unreadable_line(where.lines, lines)
            raise IcsError(f"{where.source}, line {number} (event at line {where.lines.begin}): "
                           f"the line cannot be read ({_quote(message, 80, bare=True)}).")
        if name.upper() in USED_PROPERTIES:
            raise IcsError(where.at(name.upper(), f"{name.upper()} cannot be read "
                                                  f"({_quote(message, 80, bare=True)})"))


def _unreadable_line(event: _EventLines, lines: list[str]) -> int:
    """The first line of the event icalendar cannot split into name, parameters and value."""
    from icalendar.parser import Contentline

    for number in sorted(n for numbers in event.properties.values() for n in numbers):
        logical = lines[number - 1]
        for rest in lines[number:]:
            if not rest or rest[0] not in " \t":
                break
            logical += rest[1:]
        try:
            Contentline(logical).parts()
        except ValueError:
            return number
    return event.begin


def _single(event: Event, name: str, where: _Where) -> Any:
    value = event.get(name)
    if isinstance(value, list):
        raise IcsError(where.at(name, f"{name} appears {len(value)} times"))
    return value


def _param(prop: Any, name: str) -> str:
    value = getattr(prop, "params", {}).get(name, "")
    if isinstance(value, list):  # a repeated parameter: the first counts
        value = value[0] if value else ""
    return str(value).strip()


def _utc(local: datetime, name: str, where: _Where) -> datetime:
    try:
        instant = local.astimezone(UTC)
    except (OverflowError, ValueError):
        instant = None
    if instant is None or instant.year not in check.YEARS:
        raise IcsError(where.at(name, f"{local.replace(tzinfo=None).isoformat(' ')} is outside "
                                      f"the years {check.YEARS[0]}-{check.YEARS[-1]}"))
    return instant


def _utc_plus(start: datetime, length: timedelta, name: str, where: _Where) -> datetime:
    try:
        return _utc(start + length, name, where)
    except OverflowError:
        raise IcsError(where.at(name, "the event would end outside the calendar")) from None


def _iana_name(tzid: str, definition: Timezone | None) -> str | None:
    """The IANA zone a TZID stands for: its own name, the definition's X-LIC-LOCATION
    (Thunderbird, Evolution), a Windows name (Outlook), or the Olson name at the end of a
    "globally unique" TZID such as /mozilla.org/20050126_1/Europe/Berlin."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    candidates = [tzid.strip().strip('"').strip("/")]
    if definition is not None and "X-LIC-LOCATION" in definition:
        candidates.append(str(definition["X-LIC-LOCATION"]).strip())
    candidates.append(WINDOWS_TO_OLSON.get(candidates[0], ""))
    parts = candidates[0].split("/")
    candidates += ["/".join(parts[n:]) for n in range(1, len(parts))]
    return next((name for name in candidates if name in _iana_zones()), None)


@cache
def _iana_zones() -> frozenset[str]:
    # "localtime" would be whatever this machine says, not what the sender meant
    return frozenset(available_timezones() - {"localtime", "Factory"})


def _defined_zone(definition: Timezone, tzid: str, name: str, where: _Where) -> tzinfo:
    """A zone from the file's own VTIMEZONE ("Customized Time Zone"), its rules honoured."""
    from icalendar.timezone import tzp

    problem = _unsafe_rules(definition)
    if problem:
        raise IcsError(where.at(name, f"the time zone {_quote(tzid)} cannot be used: {problem}"))
    try:
        # lookup_tzid=False: built from this definition, never from one cached by TZID
        return definition.to_tz(tzp, lookup_tzid=False)
    # The definition is untrusted input; any failure to build it is the file's.
    except Exception as error:
        raise IcsError(where.at(name, f"the time zone {_quote(tzid)} cannot be used "
                                      f"({_reason(error)})")) from None


def _unsafe_rules(definition: Timezone) -> str:
    parts = definition.subcomponents
    if not parts or len(parts) > MAX_TIMEZONE_PARTS:
        return f"it needs 1 to {MAX_TIMEZONE_PARTS} STANDARD or DAYLIGHT parts"
    dates = 0
    for part in parts:
        if part.name not in ("STANDARD", "DAYLIGHT") or "DTSTART" not in part \
                or "TZOFFSETTO" not in part:
            return "a part is not STANDARD or DAYLIGHT with DTSTART and TZOFFSETTO"
        rule = part.get("RRULE")
        if isinstance(rule, list) or (rule is not None and _unsafe_rule(rule)):
            return "only one yearly rule per part is supported"
        rdates = part.get("RDATE", [])
        dates += sum(len(r.dts) for r in (rdates if isinstance(rdates, list) else [rdates]))
    return f"more than {MAX_TIMEZONE_DATES} dates" if dates > MAX_TIMEZONE_DATES else ""


def _unsafe_rule(rule: Any) -> bool:
    keys = {str(k).upper() for k in rule}
    return (not keys <= RULE_KEYS or rule.get("FREQ") != ["YEARLY"]
            or rule.get("INTERVAL", [1]) != [1] or len(rule.get("BYMONTH", [])) > 1
            or len(rule.get("BYDAY", [])) > 7 or len(rule.get("BYMONTHDAY", [])) > 7)


def _same_zone(zone: tzinfo, user_zone: ZoneInfo, instant: datetime) -> str:
    """A zone the file defines has no IANA name; it is the user's zone if the offsets agree
    at the event and half a year either side of it, else the event is kept in UTC."""
    half_year = timedelta(days=182)
    for moment in (instant - half_year, instant, instant + half_year):
        if moment.astimezone(zone).utcoffset() != moment.astimezone(user_zone).utcoffset():
            return "UTC"
    return user_zone.key


# ------------------------------------------------------------------ people and text

def _organizer(event: Event, where: _Where) -> Person | None:
    value = _single(event, "ORGANIZER", where)
    return None if value is None else _person(value, "organizer", where, "ORGANIZER")


def _attendees(event: Event, where: _Where) -> tuple[Person, ...]:
    values = event.get("ATTENDEE", [])
    values = values if isinstance(values, list) else [values]
    if len(values) > MAX_PEOPLE:
        raise IcsError(where.at("ATTENDEE", f"more than {MAX_PEOPLE} people invited"))
    people = (_person(v, _param(v, "ROLE").lower() or "req-participant", where, "ATTENDEE")
              for v in values)
    return tuple(p for p in people if p is not None)


def _person(value: Any, role: str, where: _Where, name: str) -> Person | None:
    cutype = _param(value, "CUTYPE").upper()
    if cutype in SKIPPED_CUTYPES:  # a meeting room or a projector is nobody to thank
        return None
    address = str(value).strip()
    email = address[7:].strip() if address.lower().startswith("mailto:") else ""
    try:
        email = check.email(email, "e-mail")
        display = check.text(_param(value, "CN"), "name")
    except ValidationError as error:
        raise IcsError(where.at(name, f"{name} {_quote(address)}: {error.where} "
                                      f"{error.problem}")) from None
    if display.casefold() == email.casefold():
        display = ""  # Google repeats the address when it knows no name
    return Person(display.strip(), email, "group" if cutype == "GROUP" else role,
                  _param(value, "PARTSTAT").lower(), _param(value, "ROLE").upper() == "CHAIR")


def _text(event: Event, name: str, limit: int, where: _Where, plain: bool = True) -> str:
    value = _single(event, name, where)
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise IcsError(where.at(name, f"{name} is {len(text):,} characters long; the limit is "
                                      f"{limit:,}"))
    if plain:
        try:
            check.text(text, name, limit)
        except ValidationError as error:
            raise IcsError(where.at(name, f"{name} {error.problem}")) from None
    return text


def _uid(event: Event, start: datetime, summary: str, organizer: Person | None,
         where: _Where) -> tuple[str, list[str]]:
    uid = _text(event, "UID", UID_LIMIT, where).strip()
    if uid:
        return uid, []
    # Without a UID a second import could not recognise the event: derive a stable one.
    key = f"{start.isoformat()}\n{summary}\n{organizer.email if organizer else ''}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return f"no-uid-{digest}", ["The invitation has no UID; it is recognised by its start, "
                                "title and organizer."]


def _sequence(event: Event, where: _Where) -> int:
    value = _single(event, "SEQUENCE", where)
    if value is None:
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise IcsError(where.at("SEQUENCE", "SEQUENCE is not a whole number")) from None
    if not 0 <= number < 2**31:
        raise IcsError(where.at("SEQUENCE", f"SEQUENCE {number} is out of range"))
    return number


def _recurrence_note(event: Event) -> list[str]:
    if "RRULE" in event or "RDATE" in event:
        return ["A repeating event: only its first occurrence is imported."]
    return []


def _without_overridden(read: list[tuple[Invitation, bool]]) -> list[Invitation]:
    """An event that changes one occurrence of a series (RECURRENCE-ID) is dropped when the
    series itself is in the file; alone, the earliest one stands for the series."""
    series = {invitation.uid for invitation, override in read if not override}
    kept: dict[str, Invitation] = {}
    out: list[Invitation] = []
    for invitation, override in read:
        if not override:
            out.append(invitation)
        elif invitation.uid not in series:
            earlier = kept.get(invitation.uid)
            if earlier is None or invitation.start < earlier.start:
                kept[invitation.uid] = invitation
    for invitation in kept.values():
        note = "Changes one occurrence of a repeating event; imported as that occurrence."
        out.append(replace(invitation, recurring=True, notes=(*invitation.notes, note)))
    return sorted(out, key=lambda i: i.line)


def _quote(text: str, limit: int = 60, bare: bool = False) -> str:
    """Data inside a message: shortened, with line breaks and controls escaped."""
    short = text if len(text) <= limit else text[:limit] + "…"
    quoted = repr(short)
    return quoted[1:-1] if bare else quoted


def _reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return _quote(text, 120, bare=True)


