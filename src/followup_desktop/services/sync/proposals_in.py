"""The proposals a sync held from the user's calendars (services/sync/interviews_in.py), for
the user to accept or reject: listed with what importing each would do (the invitation import's
own proposal, guessed afresh against the data as it is now), accepted through the import's own
`apply` (the interview and its plan, in one transaction, after a backup), or rejected for good.
None of this needs the server: the event is kept in the ledger as the server had it, and the
next sync takes any later change of it."""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.io.ics_import.errors import IcsError
from followup_desktop.io.ics_import.reader import read_invitations
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.invitations.applying import apply
from followup_desktop.services.exchange.invitations.proposal import (
    Choice,
    ImportResult,
    Proposal,
)
from followup_desktop.services.exchange.invitations.proposing import propose
from followup_desktop.services.sync import interviews_ledger as seen_ledger
from followup_desktop.services.sync.interviews_in import attends, own_addresses
from followup_desktop.services.sync.interviews_ledger import Seen, settled


@dataclass(frozen=True)
class Held:
    seen: Seen
    proposal: Proposal

    @property
    def id(self) -> str:
        return self.seen.short_id


def held(backend: Backend) -> list[Held]:
    """Every proposal waiting, soonest first."""
    own = own_addresses()
    out = []
    for seen in seen_ledger.load().values():
        if seen.state != "pending":
            continue
        try:
            invitations = read_invitations(seen.ics.encode(), seen.calendar,
                                           backend.rules().zone.key)
        except IcsError:
            continue  # it was read when held; a later version of the reader refuses it
        mine = [i for i in invitations if attends(i, own)] or invitations[:1]
        proposal = propose(backend, mine[:1])[0] if mine else None
        # Imported from its file meanwhile: nothing left to confirm (the next sync links it).
        if proposal is not None and proposal.action in ("create", "update"):
            out.append(Held(seen, proposal))
    return sorted(out, key=lambda h: (h.proposal.invitation.start, h.id))


def _find(backend: Backend, wanted: str) -> Held:
    waiting = held(backend)
    hits = [h for h in waiting if h.id == wanted.strip().lower()]
    if not hits:
        ids = ", ".join(h.id for h in waiting) or "none is waiting"
        raise UserError(f"No proposal {wanted!r} is waiting (`sync proposals` lists them: "
                        f"{ids}).")
    return hits[0]


def accept(backend: Backend, wanted: str, choice: Choice | None = None) -> ImportResult:
    """The interview made (or the interview recorded by hand for that time linked to it) and
    planned, as importing the invitation would; the proposal is then settled."""
    found = _find(backend, wanted)
    proposal = found.proposal
    choices = {proposal.invitation.uid: choice} if choice is not None else None
    result = apply(backend, [proposal], choices)
    seen_ledger.record(backend, settled(found.seen, "linked"), backend.clock.now())
    return result


def reject(backend: Backend, wanted: str) -> Seen:
    """Not an interview: never proposed again, whatever becomes of the event."""
    found = _find(backend, wanted)
    seen_ledger.record(backend, settled(found.seen, "rejected"), backend.clock.now())
    return found.seen
