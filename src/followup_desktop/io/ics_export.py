"""The calendar file (RFC 5545): interviews and pending follow-ups as events of one VCALENDAR.

Plain conversion: events come in as the dataclasses below and bytes go out; reading the database
is services/exchange/exports.py's job. The icalendar library folds lines at 75 octets and
ends every line
with CRLF; text is escaped here (`Text`), as the library's own escaping first turns a literal
"\\N" into a line break (a location "C:\\Nordic" read back as "C:", a break, "ordic").

Choices, and why (so that they are not undone by accident):
- Times are UTC ("Z"). An interview and a follow-up are instants, not wall-clock rules, so UTC
  is exact, needs no VTIMEZONE, and every calendar app shows it in the viewer's own zone.
- UIDs are always ours (`interview-<id>@followup-desktop`), even for an interview that came from
  an invitation: the organizer's UID names the organizer's event. Calendar apps treat one UID as
  one event, so reusing it would make our read-only copy replace, hide or fight with the real
  invitation (with its attendees and SEQUENCE) when both end up in the same calendar store.
- A follow-up is a task due at an instant; it is shown as a short, transparent (not busy) event
  because many calendar apps ignore VTODO in subscribed calendars.
- Text reads back exactly, but for line breaks: RFC 5545 has one escape for a break ("\\n"), so
  CRLF and a lone CR are written as one, and read back as LF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vText

from followup_desktop import APP_NAME, APP_SLUG, __version__
from followup_desktop.domain.model import ActionKind

PRODID = f"-//{APP_NAME}//{APP_SLUG} {__version__}//EN"
ACTION_SLOT = timedelta(minutes=15)  # long enough to be drawn on a day or week view
INTERVIEW_WARNING = timedelta(hours=1)  # time to get there or to open the video call
# Only our own stamps start a line like this: the icalendar library never folds a line this short.
_STAMP_LINE = re.compile(rb"^DTSTAMP:[^\r\n]*\r\n", re.MULTILINE)
_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
_SUMMARY = {
    ActionKind.THANK_YOU: "Thank-you to {who}",
    ActionKind.KEEP_IN_TOUCH: "Keep in touch with {who}",
    ActionKind.DECISION_CHECK: "Decision check: {who}",
    ActionKind.ASK_ABOUT_DECISION: "Ask about the decision: {who}",
}


class Text(vText):
    """A TEXT value escaped as RFC 5545 says, each character once: backslash, semicolon, comma
    and line break (CRLF and a lone CR are one break)."""

    def to_ical(self) -> bytes:
        one_break = str(self).replace("\r\n", "\n").replace("\r", "\n")
        return one_break.translate(_ESCAPES).encode("utf-8")


@dataclass(frozen=True)
class InterviewEvent:
    id: int
    start: datetime  # timezone-aware
    end: datetime
    company: str
    position: str
    round: int = 1
    format: str = ""  # a label such as "Video call"
    location: str = ""
    interviewers: tuple[str, ...] = ()  # "Ada Lovelace, Head of Robotics"


@dataclass(frozen=True)
class ActionEvent:
    id: int
    kind: ActionKind
    due: datetime  # timezone-aware; the snooze end for a snoozed action
    channel: str  # a label such as "E-mail"
    company: str
    position: str
    contact: str = ""  # the person's name, empty when the action names nobody
    contact_title: str = ""
    note: str = ""  # the task, e.g. "ask when they will decide"


def interview_uid(interview_id: int) -> str:
    return f"interview-{interview_id}@{APP_SLUG}"


def action_uid(action_id: int) -> str:
    return f"action-{action_id}@{APP_SLUG}"


def interview_summary(event: InterviewEvent) -> str:
    which = "Interview" if event.round <= 1 else f"Interview (round {event.round})"
    return f"{which}: {event.company} – {event.position}"


def action_summary(event: ActionEvent) -> str:
    who = f"{event.contact} ({event.company})" if event.contact else event.company
    return _SUMMARY[event.kind].format(who=who)


def calendar_bytes(interviews: Sequence[InterviewEvent], actions: Sequence[ActionEvent],
                   stamp: datetime) -> bytes:
    """One VCALENDAR with every event; `stamp` (the export time) is each event's DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", APP_NAME)  # the name Apple, Google and Outlook show
    for interview in interviews:
        calendar.add_component(_interview(interview, stamp))
    for action in actions:
        calendar.add_component(_action(action, stamp))
    return calendar.to_ical()


def without_stamps(data: bytes) -> bytes:
    """The calendar without its DTSTAMP lines: what must differ before a feed is rewritten."""
    return _STAMP_LINE.sub(b"", data)


def _interview(interview: InterviewEvent, stamp: datetime) -> Event:
    summary = interview_summary(interview)
    event = _event(interview_uid(interview.id), summary, stamp, interview.start, interview.end)
    event.add("description", Text(_interview_description(interview)))
    if interview.location:
        event.add("location", Text(interview.location))
    event.add("categories", [APP_NAME, "Interview"])
    event.add("transp", "OPAQUE")
    event.add_component(_alarm(summary, -INTERVIEW_WARNING))
    return event


def _action(action: ActionEvent, stamp: datetime) -> Event:
    summary = action_summary(action)
    event = _event(action_uid(action.id), summary, stamp, action.due, action.due + ACTION_SLOT)
    event.add("description", Text(_action_description(action)))
    event.add("categories", [APP_NAME, action.kind.label])
    event.add("transp", "TRANSPARENT")  # a reminder to do something, not a busy slot
    event.add_component(_alarm(summary, timedelta(0)))
    return event


def _event(uid: str, summary: str, stamp: datetime, start: datetime, end: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", Text(summary))
    return event


def _alarm(summary: str, before_start: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", Text(summary))  # required for DISPLAY alarms
    alarm.add("trigger", before_start)  # relative to DTSTART
    return alarm


def _interview_description(interview: InterviewEvent) -> str:
    lines = [f"{interview.position} at {interview.company}"]
    if interview.format:
        lines.append(f"Format: {interview.format}")
    if interview.interviewers:
        lines.append("With: " + "; ".join(interview.interviewers))
    return "\n".join(lines)


def _action_description(action: ActionEvent) -> str:
    lines = [f"{action.kind.label} by {action.channel}"]
    if action.contact:
        person = ", ".join(part for part in (action.contact, action.contact_title) if part)
        lines.append(f"To: {person}")
    lines.append(f"Application: {action.position} at {action.company}")
    if action.note:
        lines += ["", action.note]
    return "\n".join(lines)
