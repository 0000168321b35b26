"""Interviews in: one step of a sync (services/sync/syncing.py) that reads the events of the
calendars the user picked, from 30 days ago to 180 days ahead, and keeps those where one of the
user's addresses (the setting `own_addresses`, the same the invitation import uses) is an
attendee who has not declined. Each goes through the invitation import's own path
(services/exchange/invitations: propose, then apply), never a second one:

- an event whose UID is an interview's (it was accepted, or imported from a file): its new
  time moves the interview and re-plans it, STATUS:CANCELLED cancels it, as a newer version of
  an imported invitation does; no question asked, the user confirmed that interview already;
- any other: a proposal held in the ledger (services/sync/interviews_ledger.py) for the user to
  accept or reject later (`sync proposals`), since a headless sync cannot ask;
- an event gone from a picked calendar is not taken as a cancellation (it may have been moved
  beyond the window, to another calendar, or tidied away): the interview is kept and the line
  says so once; a proposal not confirmed yet is withdrawn.

The same ETag again: the event is not read again, so a second sync does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import unquote

from followup_desktop.domain.counts import counted
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import.errors import IcsError
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.io.ics_import.reader import read_invitations
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.invitations.applying import apply
from followup_desktop.services.exchange.invitations.proposing import propose
from followup_desktop.services.sync import interviews_ledger as seen_ledger
from followup_desktop.services.sync.calendars_in import (
    Listed,
    etags_between,
    fetch,
    list_calendars,
    matches,
    picks,
)
from followup_desktop.services.sync.interviews_ledger import Seen, settled
from followup_desktop.services.sync.server import Server, SyncError
from followup_desktop.storage.models import Interview

PAST = timedelta(days=30)  # an interview just held may still be moved or cancelled
AHEAD = timedelta(days=180)  # invitations are rarely sent further ahead
MAX_EVENT_BYTES = 1_000_000  # one event; a bigger one is no invitation


@dataclass
class InterviewsIn:
    """What one sync took from the picked calendars."""

    read: bool = False  # some calendar was picked and read
    proposed: int = 0  # new proposals held for the user
    waiting: int = 0  # proposals held in all, after this sync
    moved: int = 0
    updated: int = 0  # a newer version at the same time
    cancelled: int = 0
    withdrawn: int = 0  # a proposal whose event was cancelled or went before it was confirmed
    gone: int = 0  # an interview's event no longer in the calendar: kept here
    unreadable: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # a change the app could not take
    failed: list[str] = field(default_factory=list)  # a picked calendar that could not be read
    missing: list[str] = field(default_factory=list)  # picks that name no calendar
    own: list[str] = field(default_factory=list)  # picks that name the app's own calendar
    no_address: bool = False

    def describe_parts(self) -> list[str]:
        parts = []
        if self.no_address:
            parts.append("calendars picked for interviews, but none of your e-mail addresses "
                         "is known: add them (`sync calendars --me ADDRESS`)")
        for pick in self.missing:
            parts.append(f"the picked calendar {pick!r} is not in the account: not read")
        for pick in self.own:
            parts.append(f"the picked calendar {pick!r} is where this app writes the "
                         "follow-ups: never read as interviews")
        done = [counted(self.moved, "interview") + " moved" if self.moved else "",
                counted(self.updated, "interview") + " updated" if self.updated else "",
                counted(self.cancelled, "interview") + " cancelled" if self.cancelled else ""]
        done = [part for part in done if part]
        if done:
            parts.append(f"from your calendars: {', '.join(done)}")
        if self.proposed or (self.read and self.waiting):
            new = f"{self.proposed} new, " if self.proposed else ""
            parts.append(f"{counted(self.waiting, 'interview')} from your calendars to confirm "
                         f"({new}`followup-desktop sync proposals`)")
        if self.withdrawn:
            parts.append(f"{counted(self.withdrawn, 'proposal')} withdrawn (cancelled or "
                         "removed in the calendar)")
        if self.gone:
            events = "the event of 1 interview is" if self.gone == 1 else \
                f"the events of {self.gone} interviews are"
            parts.append(f"{events} no longer in your calendar within {PAST.days} days back "
                         f"and {AHEAD.days} ahead: kept here as they are (cancel in the app "
                         "what is off)")
        parts += [f"{line.rstrip('.')}: skipped" for line in self.unreadable]
        parts += [f"{line.rstrip('.')}: not taken, tried again at the next sync"
                  for line in self.refused]
        parts += self.failed
        return parts


def own_addresses() -> frozenset[str]:
    return frozenset(a.strip().casefold() for a in settings.load()["own_addresses"])


def attends(invitation: Invitation, own: frozenset[str]) -> bool:
    """One of the user's addresses is an attendee that has not declined (an event the user
    only organises is theirs, not an invitation)."""
    return any(person.email.casefold() in own and person.partstat != "declined"
               for person in invitation.attendees)


def take_in(backend: Backend, server: Server) -> InterviewsIn:
    """The step; no request at all when no calendar is picked."""
    result = InterviewsIn()
    chosen = picks()
    if not chosen:
        return result
    own = own_addresses()
    if not own:
        result.no_address = True
        return result
    listed = list_calendars(server, chosen)
    result.own = [p for p in chosen if any(c.own and _names(p, c) for c in listed)]
    result.missing = [p for p in chosen if p not in result.own and not any(
        c.picked and _names(p, c) for c in listed)]
    now = backend.clock.now()
    step = _Step(backend, server, own, seen_ledger.load(), result, now)
    for calendar in listed:
        if calendar.picked:
            result.read = True
            try:
                step.calendar(calendar, now - PAST, now + AHEAD)
            except SyncError as error:  # one calendar refused (rights, a REPORT it lacks):
                result.failed.append(str(error).rstrip("."))  # the others and the follow-ups go on
    result.waiting = sum(s.state == "pending" for s in seen_ledger.load().values())
    return result


def _names(pick: str, calendar: Listed) -> bool:
    return matches(pick, calendar.name, calendar.url)


@dataclass
class _Step:
    backend: Backend
    server: Server
    own: frozenset[str]
    entries: dict[str, Seen]
    result: InterviewsIn
    now: datetime

    @property
    def rejected(self) -> set[str]:
        return {s.uid for s in self.entries.values() if s.state == "rejected"}

    def calendar(self, calendar: Listed, start: datetime, end: datetime) -> None:
        listing = etags_between(self.server, calendar, start, end)
        changed = sorted(href for href, etag in listing.items()
                         if (s := self.entries.get(href)) is None or s.etag != etag)
        # Kept under the listing's spelling of each href (a server may send "@" as %40 in
        # one answer and not in the other), so that the next listing finds it.
        spelled = {unquote(href): href for href in changed}
        for path, (raw, etag) in fetch(self.server, calendar, changed).items():
            href = spelled.get(unquote(path), path)
            self.event(calendar, href, raw, etag or listing.get(href))
        for href, seen in list(self.entries.items()):
            if href.startswith(calendar.path) and href not in listing:
                self.gone(seen, start, end)

    def event(self, calendar: Listed, href: str, raw: bytes, etag: str | None) -> None:
        previous = self.entries.get(href)
        base = Seen(href, etag, "ignored", calendar=calendar.name)
        source = f"{calendar.name}: {unquote(href.rstrip('/').rsplit('/', 1)[-1])}"
        if len(raw) > MAX_EVENT_BYTES:
            self.result.unreadable.append(f"{source}: larger than an invitation can be")
            self.keep(replace(base, state="unreadable"))
            return
        try:
            invitations = read_invitations(raw, source, self.backend.rules().zone.key)
        except IcsError as error:
            self.result.unreadable.append(str(error))
            self.keep(replace(base, state="unreadable"))
            return
        mine = [i for i in invitations if attends(i, self.own)]
        if not mine:
            self.keep(base)
            self.withdraw(previous)
            return
        invitation = mine[0]  # CalDAV keeps one event (and its overrides) per resource
        seen = replace(base, uid=invitation.uid, summary=invitation.summary,
                       start=invitation.start)
        stored = Interview.get_or_none(Interview.ical_uid == invitation.uid)
        if stored is not None:
            self.follow(invitation, stored, seen)
        elif invitation.uid in self.rejected:
            self.keep(settled(seen, "rejected"))
        else:
            self.propose(invitation, seen, previous, raw)

    def follow(self, invitation: Invitation, stored: Interview, seen: Seen) -> None:
        """The event of an interview: a newer version moves or cancels it, through the import."""
        try:
            (proposal,) = propose(self.backend, [invitation])
            if proposal.action in ("update", "cancel"):
                apply(self.backend, [proposal])
                if proposal.action == "cancel":
                    self.result.cancelled += 1
                elif (stored.start_utc, stored.end_utc) != (invitation.start, invitation.end):
                    self.result.moved += 1
                else:
                    self.result.updated += 1
        except (UserError, ValidationError) as error:  # not recorded: tried again next time
            self.result.refused.append(f"{seen.calendar}: {invitation.summary!r}: {error}")
            return
        self.keep(settled(seen, "linked"))

    def propose(self, invitation: Invitation, seen: Seen, previous: Seen | None,
                raw: bytes) -> None:
        (proposal,) = propose(self.backend, [invitation])
        if proposal.action not in ("create", "update"):  # cancelled before confirmed, too long
            self.keep(seen)
            self.withdraw(previous)
            return
        self.keep(replace(seen, state="pending", ics=raw.decode("utf-8", "replace")))
        if previous is None or previous.state != "pending":
            self.result.proposed += 1

    def withdraw(self, previous: Seen | None) -> None:
        if previous is not None and previous.state == "pending":
            self.result.withdrawn += 1

    def gone(self, seen: Seen, start: datetime, end: datetime) -> None:
        """An event no longer listed: inside the window, it was removed or moved away."""
        if seen.state == "rejected":
            return  # still no interview, should it come back
        if seen.state in ("pending", "linked") and (
                seen.start is None or not start <= seen.start < end):
            return  # it left the window (moved far ahead, or long past): not gone
        self.withdraw(seen)
        if seen.state == "linked":
            self.result.gone += 1
        seen_ledger.forget(self.backend, [seen.href])
        del self.entries[seen.href]

    def keep(self, seen: Seen) -> None:
        seen_ledger.record(self.backend, seen, self.now)
        self.entries[seen.href] = seen
