"""What the sync remembers of the events it read in the user's picked calendars: one row of the
sync ledger (storage/schema_sync.py, no schema of its own) per event on the server, under the
key "interviews-in:<href>", with the server's ETag when last read (the same ETag again: the
event is not read again) and, in the digest column, a small JSON record of what became of it:

- "pending": the user attends it and it is no interview yet: a proposal held for the user to
  accept or reject (`sync proposals`); the event's iCalendar is kept so that accepting needs
  no server;
- "linked": it is the invitation of an interview (accepted, or matched by its UID): its changes
  move or cancel that interview;
- "rejected": the user said it is no interview; never proposed again (by its UID);
- "ignored": the user is not an attendee, or it cannot be an interview (too long, a reply);
- "unreadable": not iCalendar the app can read; said once, read again when it changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from followup_desktop.services.backend import Backend
from followup_desktop.storage.instants import format_instant, parse_instant
from followup_desktop.storage.models import SyncItem

PREFIX = "interviews-in:"
State = Literal["pending", "linked", "rejected", "ignored", "unreadable"]
STATES: tuple[State, ...] = ("pending", "linked", "rejected", "ignored", "unreadable")


@dataclass(frozen=True)
class Seen:
    """One event of a picked calendar, as the ledger keeps it."""

    href: str  # the event's path on the server
    etag: str | None
    state: State
    uid: str = ""  # the event's UID ("" when unreadable)
    summary: str = ""
    start: datetime | None = None  # UTC; where it was last seen (to tell "gone" from "moved out")
    calendar: str = ""  # the calendar's name, for the user
    ics: str = ""  # pending only: the event as the server had it

    @property
    def key(self) -> str:
        return key_of(self.href)

    @property
    def short_id(self) -> str:
        """What the user types to accept or reject it: short, and the same at every sync."""
        return hashlib.sha256(self.href.encode()).hexdigest()[:8]

    def to_json(self) -> str:
        return json.dumps({"state": self.state, "uid": self.uid, "summary": self.summary,
                           "start": format_instant(self.start) if self.start else None,
                           "calendar": self.calendar, "ics": self.ics})


def key_of(href: str) -> str:
    return f"{PREFIX}{href}"


def _from_row(row: SyncItem) -> Seen | None:
    try:
        kept = json.loads(row.written_hash)
        state = kept["state"]
        if state not in STATES:
            return None
        start = parse_instant(kept["start"]) if kept.get("start") else None
        return Seen(row.href or row.uid.removeprefix(PREFIX), row.etag, state,
                    str(kept.get("uid", "")), str(kept.get("summary", "")), start,
                    str(kept.get("calendar", "")), str(kept.get("ics", "")))
    except (ValueError, KeyError, TypeError):
        return None  # a row this version cannot read is read again from the server


def load() -> dict[str, Seen]:
    """href -> what was seen there."""
    rows = SyncItem.select().where(SyncItem.uid.startswith(PREFIX))
    return {seen.href: seen for row in rows if (seen := _from_row(row)) is not None}


def record(backend: Backend, seen: Seen, now: datetime) -> None:
    with backend.write():
        SyncItem.replace(uid=seen.key, href=seen.href, etag=seen.etag,
                         written_hash=seen.to_json(), synced_utc=now).execute()


def forget(backend: Backend, hrefs: list[str]) -> None:
    if hrefs:
        with backend.write():
            SyncItem.delete().where(SyncItem.uid.in_([key_of(h) for h in hrefs])).execute()


def settled(seen: Seen, state: State) -> Seen:
    """The same event in another state; what is only kept for a proposal goes."""
    return replace(seen, state=state, ics=seen.ics if state == "pending" else "")
