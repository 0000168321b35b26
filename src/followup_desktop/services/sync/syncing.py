"""One sync with the user's CalDAV server, in the order that loses nothing:

1. read the server outside any transaction (the calendar, its ETags, the data of what changed
   there or is unknown to the ledger);
2. apply what came back in one transaction (services/sync/incoming.py);
3. write what the app changed, one conditional PUT or DELETE at a time, each followed by its
   ledger entry, so a sync that stops half-way (a server gone, a killed process) resumes at the
   next one without duplicates.

A second sync with nothing changed on either side reads the ETags and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followup_desktop.domain.counts import counted
from followup_desktop.domain.model import ActionState
from followup_desktop.services import secrets
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.sync import ledger
from followup_desktop.services.sync.account import SyncAccount, load_account, no_account_error
from followup_desktop.services.sync.contacts import ContactsResult, enabled, sync_contacts
from followup_desktop.services.sync.incoming import Applied, Verdict, apply_incoming
from followup_desktop.services.sync.interviews_in import InterviewsIn, take_in
from followup_desktop.services.sync.items import (
    DONE_DIGEST,
    Incoming,
    UnreadableItem,
    completed_version,
    read_item,
    uid_of_href,
)
from followup_desktop.services.sync.outgoing import AppState, app_state
from followup_desktop.services.sync.server import Server, WriteConflict

# The ledger's digest for an item completed on the server whose follow-up was skipped or
# cancelled here: it is left there, and recorded so that the next sync does not read it again.
KEPT_DIGEST = "completed-there-kept"


@dataclass
class SyncResult:
    url: str
    calendar_made: bool = False
    created: int = 0
    updated: int = 0
    marked_done: int = 0
    removed: int = 0
    removed_there: int = 0  # removed on the server by someone else: kept here, not re-sent
    recorded: int = 0
    deferred: int = 0  # changed on the server while this sync wrote: the next one sees it
    unreadable: list[str] = field(default_factory=list)
    applied: Applied = field(default_factory=Applied)
    contacts: ContactsResult | None = None  # None: the contacts are not synced
    interviews: InterviewsIn = field(default_factory=InterviewsIn)  # from the picked calendars

    @property
    def written(self) -> int:
        return self.created + self.updated + self.marked_done + self.removed

    def describe(self) -> str:
        """One line: what went out, what came in, and anything the user should know."""
        out = [f"{self.created} new", f"{self.updated} updated",
               f"{self.marked_done} marked done", f"{self.removed} removed"]
        sent = ", ".join(part for part in out if not part.startswith("0 "))
        parts = [f"sent {sent}" if sent else "nothing to send"]
        if self.recorded:
            parts.append(f"{self.recorded} already there")
        came = [counted(self.applied.completed, "done on the server"),
                counted(self.applied.moved, "moved on the server")]
        came = [part for part in came if not part.startswith("0 ")]
        parts.append(f"from the server: {', '.join(came)}" if came else "nothing new from it")
        if self.applied.refused:
            parts.append(f"{counted(self.applied.refused, 'change')} on the server could not "
                         "be taken (a date out of range): this app's version was kept")
        if self.applied.conflicts:
            parts.append(f"{counted(self.applied.conflicts, 'follow-up')} changed on both "
                         "sides: this app's version was kept")
        if self.removed_there:
            parts.append(f"{counted(self.removed_there, 'follow-up')} removed on the server: "
                         "kept here, not sent again")
        if self.deferred:
            parts.append(f"{self.deferred} changed on the server meanwhile: the next sync "
                         "takes them")
        if self.unreadable:
            parts.append(f"{counted(len(self.unreadable), 'item')} on the server could not "
                         "be read: left alone")
        if self.contacts is not None:
            parts.append(self.contacts.describe())
        parts += self.interviews.describe_parts()
        made = " (made the calendar \"Follow-ups\")" if self.calendar_made else ""
        return f"Synced with {self.url}{made}: " + "; ".join(parts) + "."


def sync(backend: Backend, password: str | None = None,
         account: SyncAccount | None = None) -> SyncResult:
    account = account or load_account()
    if account is None:
        raise no_account_error()
    password = password if password is not None else stored_password(account)
    result = SyncResult(account.url)
    with Server(account, password) as server:
        if enabled():  # first: a title that came back is in this sync's follow-ups
            result.contacts = sync_contacts(backend, server)
        result.calendar_made = server.open_calendar()
        listing = server.etags()
        ours = {uid: (href, etag) for href, etag in listing.items()
                if (uid := uid_of_href(href)) is not None}
        entries = ledger.load()
        state = app_state(backend, account.as_events)
        incoming = _read_changed(backend, server, ours, entries, state, result)
        result.applied = apply_incoming(backend, state, entries, incoming)
        # Before the follow-ups go out: an interview moved here re-plans what is sent now.
        result.interviews = take_in(backend, server)
        state = app_state(backend, account.as_events)
        for uid in sorted(set(state.outgoing) | set(entries) | set(ours)):
            _send(backend, server, uid, state, entries.get(uid), ours.get(uid),
                  incoming.get(uid), result)
    return result


def stored_password(account: SyncAccount) -> str:
    password = secrets.read_password(account.secret)
    if password is None:
        raise UserError(f"No password is stored for {account.user} on {account.url}: pass "
                        "--password-file FILE, or set the account up again (`sync account "
                        "add`).")
    return password


def _read_changed(backend: Backend, server: Server, ours: dict[str, tuple[str, str | None]],
                  entries: dict[str, ledger.Entry], state: AppState,
                  result: SyncResult) -> dict[str, Incoming]:
    """The data of our items that changed on the server or that the ledger does not know, and
    of those done here that the server does not have as done yet."""
    wanted: dict[str, str] = {}
    for uid, (href, etag) in ours.items():
        entry = entries.get(uid)
        known = state.known.get(uid)
        if known is None:
            continue  # another machine's follow-up this data folder does not have: not ours
        changed = entry is None or entry.etag != etag or entry.href != href
        done_here = (known is not None and known.state is ActionState.DONE
                     and (entry is None or entry.digest != DONE_DIGEST))
        # A skip or cancel undone here: the item completed there is read and applied again.
        kept_pending = (entry is not None and entry.digest == KEPT_DIGEST
                        and known.state.is_pending)
        if changed or done_here or kept_pending:
            wanted[href] = uid
    zone = backend.rules().zone
    found: dict[str, Incoming] = {}
    for href, (data, _etag) in server.fetch(sorted(wanted)).items():
        uid = wanted.get(href)
        if uid is None:
            continue
        outgoing = state.outgoing.get(uid)
        try:
            found[uid] = read_item(uid, data, zone, outgoing.due if outgoing else None)
        except UnreadableItem:
            result.unreadable.append(href)
    return found


def _send(backend: Backend, server: Server, uid: str, state: AppState,
          entry: ledger.Entry | None, there: tuple[str, str | None] | None,
          incoming: Incoming | None, result: SyncResult) -> None:
    now = backend.clock.now()
    verdict = result.applied.verdicts.get(uid)
    known = state.known.get(uid)
    if there is not None and there[0] in result.unreadable:
        return
    outgoing = state.outgoing.get(uid)
    if outgoing is not None:
        if there is None:
            if entry is not None and entry.digest == outgoing.digest:
                if entry.href is not None:
                    ledger.record(backend, uid, None, None, entry.digest, now)
                    result.removed_there += 1
                return  # removed on the server: not sent again until it changes here
            _put(backend, server, uid, outgoing.to_ical(now), None, None, outgoing.digest,
                 result, "created")
            return
        href, etag = there
        if verdict in (Verdict.ACCEPT, Verdict.RECORD):
            ledger.record(backend, uid, href, etag, outgoing.digest, now)
            result.recorded += verdict is Verdict.RECORD
        elif verdict is Verdict.OURS or (entry is not None and entry.digest != outgoing.digest):
            _put(backend, server, uid, outgoing.to_ical(now), href, etag, outgoing.digest,
                 result, "updated")
        return
    if known is not None and known.state is ActionState.DONE:
        _send_done(backend, server, uid, known.done_utc or now, entry, there, incoming, result)
        return
    if verdict is Verdict.KEEP and there is not None:
        ledger.record(backend, uid, there[0], there[1], KEPT_DIGEST, now)
        return  # done on the server stays there, recorded so it is not read again
    if entry is None:
        return  # another machine's item is not ours
    if there is None:
        ledger.forget(backend, uid)
        return
    if entry.digest == KEPT_DIGEST:
        return  # completed there, skipped or cancelled here: left alone
    try:
        server.delete(there[0], there[1])
    except WriteConflict:
        result.deferred += 1
        return
    ledger.forget(backend, uid)
    result.removed += 1


def _send_done(backend: Backend, server: Server, uid: str, done_at, entry: ledger.Entry | None,
               there: tuple[str, str | None] | None, incoming: Incoming | None,
               result: SyncResult) -> None:
    """Done here: the server's item is marked completed (done anywhere wins), never
    removed, and never made for a follow-up the server does not have."""
    now = backend.clock.now()
    if there is None:
        if entry is not None:
            ledger.forget(backend, uid)
        return
    href, etag = there
    if entry is not None and entry.digest == DONE_DIGEST and entry.etag == etag:
        return
    if incoming is None:
        return
    if incoming.completed:
        ledger.record(backend, uid, href, etag, DONE_DIGEST, now)
        return
    _put(backend, server, uid, completed_version(incoming, done_at, now), href, etag,
         DONE_DIGEST, result, "marked_done")


def _put(backend: Backend, server: Server, uid: str, body: bytes, href: str | None,
         etag: str | None, digest: str, result: SyncResult, counter: str) -> None:
    try:
        written = server.put(uid, body, href, etag)
    except WriteConflict:
        result.deferred += 1
        return
    ledger.record(backend, uid, written.href, written.etag, digest, backend.clock.now())
    setattr(result, counter, getattr(result, counter) + 1)
