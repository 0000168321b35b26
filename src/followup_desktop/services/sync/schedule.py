"""When the window syncs, as plain decisions (no Qt, no clock: the window's timers carry them
out, ui/sync/watch.py), so that the rules can be tested without waiting for any of them.

- A sync soon after start, then every `every_ms`; never two at once.
- After a change to the plan: one sync `settle_ms` after the last change of a burst. A change
  made while a sync runs is synced right after it (that sync may have read the plan before it).
- A network fault (the server down, a time-out, an error status): tried again after
  `first_retry_ms`, twice as long each time, never longer than `every_ms`.
- A refused password: no more automatic syncs (they would fail the same way, and repeated
  failed logins can lock the account) until the user changes the account or asks to sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple


@dataclass(frozen=True)
class Delays:
    start_ms: int = 20_000  # after the window is up and filled, like the mail check
    every_ms: int = 15 * 60_000
    settle_ms: int = 30_000  # after the last change of a burst of edits
    first_retry_ms: int = 60_000
    account_ms: int = 1_000  # after an account is set up while the window runs
    tick_ms: int = 60_000  # how often "Synced 2 min ago" is brought up to date


class Kind(Enum):
    FULL = "full"  # at start, on the period, a retry, or asked for: always talks to the server
    CHANGE = "change"  # after a change here: only when the app holds something to send


class Outcome(Enum):
    SYNCED = "synced"
    NOTHING_TO_SEND = "nothing to send"  # a change sync that found the ledger up to date
    OFFLINE = "offline"  # a fault that may pass: retried with backoff
    REFUSED = "refused"  # the password or the user name: the user has to act
    NO_PASSWORD = "no password"  # none stored and none typed this session: asked once
    NO_ACCOUNT = "no account"


class Next(NamedTuple):
    wait_ms: int | None  # the next automatic sync in this many ms; None: the timer as it is
    run_now: Kind | None  # a sync to start at once (one that waited for the last to end)
    retry_ms: int | None = None  # set after a network fault: when it is tried again
    stop: bool = False  # no automatic sync until the user acts (or the account changes)


class Turns:
    """Whose turn it is: at most one sync runs; what was asked meanwhile runs after it."""

    def __init__(self, delays: Delays) -> None:
        self.delays = delays
        self.running: Kind | None = None
        self.waiting: Kind | None = None  # asked while one ran
        self.halted = False  # after a refused password or a missing one
        self._retry_ms = delays.first_retry_ms

    def ask(self, kind: Kind, by_user: bool = False) -> bool:
        """A sync is wanted now; True when it is to start, False when it waits or is not to
        happen (halted, and not asked for by the user)."""
        if by_user:
            self.halted = False
        if self.halted:
            return False
        if self.running is not None:
            self.waiting = _stronger(self.waiting, kind)
            return False
        self.running = kind
        return True

    def changed(self) -> bool:
        """A change here: True when the settle timer is to (re)start."""
        return not self.halted

    def finished(self, outcome: Outcome) -> Next:
        self.running = None
        waiting, self.waiting = self.waiting, None
        delays = self.delays
        if outcome is Outcome.OFFLINE:
            wait = self._retry_ms
            self._retry_ms = min(self._retry_ms * 2, delays.every_ms)
            # What waited is not started now: it would meet the same fault; the retry is a
            # full sync and sends whatever the app holds by then.
            return Next(wait, None, wait)
        self._retry_ms = delays.first_retry_ms
        if outcome in (Outcome.REFUSED, Outcome.NO_PASSWORD, Outcome.NO_ACCOUNT):
            self.halted = outcome is not Outcome.NO_ACCOUNT
            return Next(None, None, stop=True)
        if outcome is Outcome.NOTHING_TO_SEND:  # the server was not asked: its turn stands
            return Next(None, waiting)
        return Next(delays.every_ms, waiting)

    def reset(self) -> None:
        """The account was set up or changed: start afresh."""
        self.halted = False
        self.waiting = None
        self._retry_ms = self.delays.first_retry_ms


def _stronger(a: Kind | None, b: Kind) -> Kind:
    return Kind.FULL if Kind.FULL in (a, b) else b


def synced_ago(seconds: float) -> str:
    """How long ago the last sync was, as the status bar says it."""
    minutes = int(max(seconds, 0) // 60)
    if minutes < 1:
        return "Synced just now"
    if minutes < 60:
        return f"Synced {minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"Synced {hours} h ago"
    days = hours // 24
    return f"Synced {days} day{'s' if days != 1 else ''} ago"


def in_minutes(ms: int) -> str:
    minutes = max(1, round(ms / 60_000))
    return f"{minutes} min"


_AFTERWORDS = ("; the next sync tries again", "; nothing here was changed by it")


def short_fault(text: str) -> str:
    """A SyncError's sentence for the status bar's one line: without the library's detail in
    brackets and the afterwords the line's own "retrying in" replaces (the tooltip has it all)."""
    if "timed out" in text.lower():  # reached, but slow: a big calendar being listed
        text = text.replace("cannot be reached", "did not answer in time", 1)
    text = _without_brackets(text.strip()).rstrip(".")
    for words in _AFTERWORDS:
        text = text.replace(words, "")
    return text


def failed_line(fault: str, retry_ms: int | None) -> str:
    retry = f" — retrying in {in_minutes(retry_ms)}" if retry_ms else ""
    return f"Sync failed: {short_fault(fault)}{retry}"


def _without_brackets(text: str) -> str:
    """Each " (…)" left out, nested ones inside it too; a detail cut short by SyncError's own
    limit (its inner brackets left open) ends at the last ")"."""
    while (start := text.find(" (")) >= 0:
        depth, end = 0, -1
        for index in range(start + 1, len(text)):
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            if depth == 0:
                end = index
                break
        if end < 0:
            end = text.rfind(")")
            if end < start:
                return text[:start]
        text = text[:start] + text[end + 1:]
    return text
