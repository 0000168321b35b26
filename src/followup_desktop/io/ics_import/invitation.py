"""What reading a calendar file gives: plain `Invitation`s with UTC instants, and the
`Person`s on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
