"""Reading calendar invitations (.ics) into plain data, within limits and with clear errors.

The `icalendar` library parses the file; this package checks the file's size and shape first
(so a hostile file costs seconds, not minutes), then turns each VEVENT into an `Invitation`
whose start and end are UTC instants. Every problem raises `IcsError` with one line naming
the file, the line and the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followup_desktop.domain import validation as check
from followup_desktop.io.ics_import.errors import IcsError, Where, quote, reason
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.io.ics_import.limits import (
    DESCRIPTION_LIMIT,
    LOCATION_LIMIT,
    MAX_PEOPLE,
    SUMMARY_LIMIT,
)
from followup_desktop.io.ics_import.properties import (
    param,
    read_attendees,
    read_organizer,
    read_sequence,
    read_text,
    read_uid,
    recurrence_note,
    single,
)
from followup_desktop.io.ics_import.shape import EventLines, decode, index_lines, parse
from followup_desktop.io.ics_import.zones import defined_zone, iana_name, same_zone

if TYPE_CHECKING:  # icalendar takes a tenth of a second to import: loaded on first use
    from icalendar import Calendar, Event, Timezone

# An all-day event has no time; an interview needs one. Imported at 09:00 for an hour in the
# user's zone, with a note asking to correct it.
ALL_DAY_START = time(9, 0)
ASSUMED_LENGTH = timedelta(hours=1)
USED_PROPERTIES = frozenset({"UID", "SEQUENCE", "DTSTART", "DTEND", "DURATION", "SUMMARY",
                             "LOCATION", "DESCRIPTION", "ORGANIZER", "ATTENDEE", "STATUS",
                             "RRULE", "RDATE", "RECURRENCE-ID"})


def read_invitations(data: bytes, source: str = "file",
                     user_zone: str = "UTC") -> list[Invitation]:
    """Every event of an iCalendar file; floating and all-day times are read in `user_zone`."""
    try:
        zone = ZoneInfo(user_zone)
    except (ValueError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
        raise IcsError(f"{user_zone!r} is not a known time zone.") from error
    text = decode(data, source)
    index = index_lines(text, source)
    calendars = parse(text, source, len(index.calendars))
    reader = _Reader(source, zone, index.lines)
    read: list[tuple[Invitation, bool]] = []
    for calendar, events in zip(calendars, index.calendars, strict=True):
        read += reader.calendar(calendar, events)
    return _without_overridden(read)


@dataclass
class _Reader:
    source: str
    user_zone: ZoneInfo
    lines: list[str]
    _zones: dict[str, tuple[tzinfo, str | None]] = field(default_factory=dict)
    _definitions: dict[str, Timezone] = field(default_factory=dict)
    _method: str = "PUBLISH"

    def calendar(self, calendar: Calendar, events: list[EventLines]
                 ) -> list[tuple[Invitation, bool]]:
        """Each event, and whether it changes one occurrence of a series (RECURRENCE-ID)."""
        self._zones, self._method = {}, _method(calendar)
        self._definitions = {str(c["TZID"]): c for c in calendar.subcomponents
                             if c.name == "VTIMEZONE" and "TZID" in c}
        vevents = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        if len(vevents) != len(events):
            raise IcsError(f"{self.source}: the events could not be told apart.")
        return [self.event(e, lines) for e, lines in zip(vevents, events, strict=True)]

    def event(self, event: Event, lines: EventLines) -> tuple[Invitation, bool]:
        where = Where(self.source, lines)
        _check_errors(event, where, self.lines)
        try:
            invitation = self._invitation(event, where)
        except IcsError:
            raise
        # As in shape.parse: the library may raise anything on a hostile value.
        except Exception as error:
            raise IcsError(where.at("BEGIN", f"cannot be read ({reason(error)})")) from None
        return invitation, "RECURRENCE-ID" in event

    def _invitation(self, event: Event, where: Where) -> Invitation:
        start, end, zone, days, notes = self._times(event, where)
        organizer = read_organizer(event, where)
        attendees = read_attendees(event, where)
        if len(attendees) + (organizer is not None) > MAX_PEOPLE:
            raise IcsError(where.at("ATTENDEE", f"more than {MAX_PEOPLE} people invited"))
        summary = read_text(event, "SUMMARY", SUMMARY_LIMIT, where)
        status = str(single(event, "STATUS", where) or "").upper()
        uid, uid_note = read_uid(event, start, summary, organizer, where)
        return Invitation(
            uid=uid, sequence=read_sequence(event, where),
            cancelled=self._method == "CANCEL" or status == "CANCELLED",
            start=start, end=end, zone=zone, summary=summary,
            location=read_text(event, "LOCATION", LOCATION_LIMIT, where),
            description=read_text(event, "DESCRIPTION", DESCRIPTION_LIMIT, where, plain=False),
            organizer=organizer, attendees=attendees,
            recurring=any(n in event for n in ("RRULE", "RDATE", "RECURRENCE-ID")),
            method=self._method, all_day_days=days, line=where.lines.begin,
            notes=tuple(notes + uid_note + recurrence_note(event)))

    # -------------------------------------------------------------- times

    def _times(self, event: Event, where: Where
               ) -> tuple[datetime, datetime, str, int, list[str]]:
        start_prop = single(event, "DTSTART", where)
        if start_prop is None:
            raise IcsError(where.at("BEGIN", "the event has no start (DTSTART)"))
        if isinstance(start_prop.dt, date) and not isinstance(start_prop.dt, datetime):
            return self._all_day(event, start_prop.dt, where)
        start, zone = self._instant(start_prop, "DTSTART", where)
        end, notes = self._end(event, start, where)
        return start, end, zone, 0, notes

    def _instant(self, prop: Any, name: str, where: Where) -> tuple[datetime, str]:
        value = prop.dt
        if not isinstance(value, datetime):
            raise IcsError(where.at(name, "expected a date and time"))
        tzid = param(prop, "TZID")
        if tzid:
            zone, zone_name = self._zone(tzid, name, where)
            local = value.replace(tzinfo=zone)
        elif value.tzinfo is not None:  # a UTC time ("Z")
            local, zone_name = value, "UTC"
        else:  # floating: the same wall-clock time wherever the reader is
            local, zone_name = value.replace(tzinfo=self.user_zone), self.user_zone.key
        instant = _utc(local, name, where)
        if zone_name is None:  # a zone the file defines itself: name it only if it is ours
            zone_name = same_zone(zone, self.user_zone, instant)
        return instant, zone_name

    def _end(self, event: Event, start: datetime, where: Where
             ) -> tuple[datetime, list[str]]:
        end_prop = single(event, "DTEND", where)
        duration = single(event, "DURATION", where)
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

    def _all_day(self, event: Event, day: date, where: Where
                 ) -> tuple[datetime, datetime, str, int, list[str]]:
        if day.year not in check.YEARS:
            raise IcsError(where.at("DTSTART", f"{day.isoformat()} is outside the years "
                                               f"{check.YEARS[0]}-{check.YEARS[-1]}"))
        end_prop, duration = single(event, "DTEND", where), single(event, "DURATION", where)
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

    def _zone(self, tzid: str, name: str, where: Where) -> tuple[tzinfo, str | None]:
        """The zone a TZID names, and its IANA name (None for a zone the file defines)."""
        if tzid not in self._zones:
            definition = self._definitions.get(tzid)
            iana = iana_name(tzid, definition)
            if iana is not None:
                self._zones[tzid] = (ZoneInfo(iana), iana)
            elif definition is not None:
                self._zones[tzid] = (defined_zone(definition, tzid, name, where), None)
            else:
                raise IcsError(where.at(name, f"unknown time zone {quote(tzid)}, and the file "
                                              "does not define it (no VTIMEZONE)"))
        return self._zones[tzid]


def _method(calendar: Calendar) -> str:
    value = calendar.get("METHOD", "PUBLISH")
    if isinstance(value, list):  # repeated: the first counts
        value = value[0]
    return str(value).strip().upper()


def _check_errors(event: Event, where: Where, lines: list[str]) -> None:
    """icalendar keeps reading an event past a bad value and lists it in `errors`; a bad value
    of a property this import uses, or a line it could not read at all, is fatal."""
    for name, message in event.errors:
        if name is None:
            number = _unreadable_line(where.lines, lines)
            raise IcsError(f"{where.source}, line {number} (event at line {where.lines.begin}): "
                           f"the line cannot be read ({quote(message, 80, bare=True)}).")
        if name.upper() in USED_PROPERTIES:
            raise IcsError(where.at(name.upper(), f"{name.upper()} cannot be read "
                                                  f"({quote(message, 80, bare=True)})"))


def _unreadable_line(event: EventLines, lines: list[str]) -> int:
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


def _utc(local: datetime, name: str, where: Where) -> datetime:
    try:
        instant = local.astimezone(UTC)
    except (OverflowError, ValueError):
        instant = None
    if instant is None or instant.year not in check.YEARS:
        raise IcsError(where.at(name, f"{local.replace(tzinfo=None).isoformat(' ')} is outside "
                                      f"the years {check.YEARS[0]}-{check.YEARS[-1]}"))
    return instant


def _utc_plus(start: datetime, length: timedelta, name: str, where: Where) -> datetime:
    try:
        return _utc(start + length, name, where)
    except OverflowError:
        raise IcsError(where.at(name, "the event would end outside the calendar")) from None


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
