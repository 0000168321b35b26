"""One follow-up as a calendar item: its UID, what the app writes (a VTODO with DUE and an
alarm, or a short VEVENT with an alarm for phones that show no tasks) and what the app reads
back from the server (done? due when?).

UIDs are derived, never random, so two data folders with the same data write the same item:
from the plan key for a planned follow-up, from the id and creation instant (both kept by the
JSON transfer) for one planned by hand. The digest covers what the app says of a follow-up,
not when it said it (DTSTAMP), so an unchanged follow-up is never written again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import icalendar

from followup_desktop import APP_NAME, APP_SLUG, __version__
from followup_desktop.storage.instants import format_instant

UID_PREFIX = "followup-"
UID_DOMAIN = "@followup-desktop"
EVENT_LENGTH = timedelta(minutes=15)
DONE_DIGEST = "done"  # what the ledger holds once the server has the item as completed
PRODID = f"-//{APP_NAME}//{APP_SLUG} {__version__}//EN"


def plan_uid(plan_key: str) -> str:
    return _uid(f"plan:{plan_key}")


def hand_uid(action_id: int, created: datetime) -> str:
    return _uid(f"hand:{action_id}:{format_instant(created)}")


def _uid(source: str) -> str:
    return f"{UID_PREFIX}{hashlib.sha256(source.encode()).hexdigest()[:32]}{UID_DOMAIN}"


def file_name(uid: str) -> str:
    """The item's name in the calendar collection (UIDs are plain ASCII, safe in a path)."""
    return f"{uid}.ics"


def uid_of_href(href: str) -> str | None:
    """The UID an item of ours was written under, from its href; None for anyone else's."""
    name = unquote(href.rstrip("/").rsplit("/", 1)[-1])  # some servers send "@" as %40
    if name.startswith(UID_PREFIX) and name.endswith(f"{UID_DOMAIN}.ics"):
        return name.removesuffix(".ics")
    return None


@dataclass(frozen=True)
class Outgoing:
    """What the app says of one pending follow-up."""

    uid: str
    action_id: int
    summary: str
    description: str
    due: datetime  # UTC: when it is due now (the snooze end for a snoozed one)
    as_event: bool

    @property
    def digest(self) -> str:
        fields = [self.uid, self.summary, self.description, format_instant(self.due),
                  self.as_event, 1]
        return hashlib.sha256(json.dumps(fields).encode()).hexdigest()

    def to_ical(self, now: datetime) -> bytes:
        calendar = _calendar()
        component = icalendar.Event() if self.as_event else icalendar.Todo()
        component.add("uid", self.uid)
        component.add("dtstamp", now.astimezone(UTC))
        component.add("summary", self.summary)
        component.add("description", self.description)
        due = self.due.astimezone(UTC)
        if self.as_event:
            component.add("dtstart", due)
            component.add("dtend", due + EVENT_LENGTH)
            component.add("transp", "TRANSPARENT")  # a reminder, not time taken
        else:
            component.add("due", due)
            component.add("status", "NEEDS-ACTION")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", self.summary)
        # At the due time: relative to DUE (END) for a task, to the start for an event.
        related = {} if self.as_event else {"related": "END"}
        alarm.add("trigger", timedelta(0), parameters=related)
        component.add_component(alarm)
        calendar.add_component(component)
        return calendar.to_ical()


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


class UnreadableItem(ValueError):
    """A server item that is not iCalendar, or holds none of our components."""


@dataclass(frozen=True)
class Incoming:
    """What the server holds of one of our items."""

    uid: str
    completed: bool
    completed_at: datetime | None
    due: datetime | None  # UTC; None when it has none the app can read
    raw: bytes


def read_item(uid: str, data: bytes | str, zone: ZoneInfo, app_due: datetime | None
              ) -> Incoming:
    """The item's state. A floating time is read in the user's zone; a date without a time
    keeps the app's time of day (a phone that moves a task to another day)."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except (ValueError, IndexError, KeyError) as error:
        raise UnreadableItem(f"not iCalendar ({error})") from None
    for component in calendar.walk():
        if component.name in ("VTODO", "VEVENT") and str(component.get("uid", "")) == uid:
            return _incoming(uid, component, zone, app_due, raw)
    raise UnreadableItem("holds no task or event with its own UID")


def _incoming(uid: str, component: icalendar.cal.Component, zone: ZoneInfo,
              app_due: datetime | None, raw: bytes) -> Incoming:
    status = str(component.get("status", "")).upper()
    completed_at = _instant(component.get("completed"), zone, app_due)
    completed = component.name == "VTODO" and (status == "COMPLETED" or completed_at is not None)
    when = component.get("due" if component.name == "VTODO" else "dtstart")
    return Incoming(uid, completed, completed_at, _instant(when, zone, app_due), raw)


def _instant(prop: object, zone: ZoneInfo, app_due: datetime | None) -> datetime | None:
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(UTC)
    if isinstance(value, date):
        at = app_due.astimezone(zone).time() if app_due is not None else time(9)
        return datetime.combine(value, at, zone).astimezone(UTC)
    return None


def completed_version(incoming: Incoming, at: datetime, now: datetime) -> bytes:
    """The server's own item marked done (its text and any change a phone made kept), without
    its alarms: what is done needs no reminder."""
    calendar = icalendar.Calendar.from_ical(incoming.raw)
    for component in calendar.walk():
        if component.name in ("VTODO", "VEVENT") and str(component.get("uid")) == incoming.uid:
            component.subcomponents = [c for c in component.subcomponents
                                       if c.name != "VALARM"]
            for name in ("dtstamp", "status", "completed", "percent-complete"):
                component.pop(name, None)
            component.add("dtstamp", now.astimezone(UTC))
            if component.name == "VTODO":
                component.add("status", "COMPLETED")
                component.add("completed", at.astimezone(UTC))
                component.add("percent-complete", 100)
    return calendar.to_ical()
