"""What comes back from the server, applied in one transaction (each use case inside it is a
savepoint: all or nothing). The rules (docs/sync.md):

- completed on the server (a phone, another machine): done here, with a touch, unless it is no
  longer pending here; done anywhere wins over any other change;
- moved on the server while unchanged here: moved here (by hand, so the planner leaves it);
- changed on both sides otherwise: the app's version wins and is written back;
- one of our UIDs with no ledger entry (a sync killed after its PUT, another machine's item, a
  second machine's first sync): only recorded, unless it is completed;
- an item the app does not know is left alone.

Each item gets a verdict that the outgoing step follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from followup_desktop.domain.model import ActionState, Channel
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import actions
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.sync.items import Incoming
from followup_desktop.services.sync.ledger import Entry
from followup_desktop.services.sync.outgoing import AppState
from followup_desktop.storage.models import Action

DONE_ON_SERVER = "Marked done on the calendar server (sync)"


class Verdict(StrEnum):
    ACCEPT = "accept"  # the server's version stands; the ledger takes its ETag
    RECORD = "record"  # ours, but unknown to the ledger: recorded as it is
    OURS = "ours"  # changed on both sides: the app's version is written over it
    KEEP = "keep"  # done on the server, not pending here: left there, ledger entry dropped


@dataclass
class Applied:
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    completed: int = 0
    moved: int = 0
    conflicts: int = 0
    refused: int = 0  # a change the app's rules refuse (a date out of range): ours is kept


def apply_incoming(backend: Backend, state: AppState, ledger: dict[str, Entry],
                   incoming: dict[str, Incoming]) -> Applied:
    applied = Applied()
    now = backend.clock.now()
    with backend.write():
        for uid in sorted(incoming):
            known = state.known.get(uid)
            if known is None:
                continue
            try:  # each use case is a savepoint: a refused one leaves the others applied
                _apply(backend, uid, known.action_id, known.state, state, ledger.get(uid),
                       incoming[uid], now, applied)
            except (UserError, ValidationError):
                applied.verdicts[uid] = Verdict.OURS
                applied.refused += 1
    return applied


def _apply(backend: Backend, uid: str, action_id: int, action_state: ActionState,
           state: AppState, entry: Entry | None, item: Incoming, now: datetime,
           applied: Applied) -> None:
    # An earlier item of this sync may have re-planned this one: judge it as it is now.
    current = Action.get_or_none(Action.id == action_id)
    if current is None:
        return
    pending = ActionState(current.state).is_pending
    if not pending:
        if item.completed and action_state is not ActionState.DONE:
            applied.verdicts[uid] = Verdict.KEEP
        return  # done here: the outgoing step marks it done there
    if item.completed:
        at = min(item.completed_at or now, now)
        actions.complete(backend, action_id, DONE_ON_SERVER, at)
        applied.verdicts[uid] = Verdict.ACCEPT
        applied.completed += 1
        return
    if entry is None:
        applied.verdicts[uid] = Verdict.RECORD
        return
    outgoing = state.outgoing.get(uid)
    if outgoing is not None and (entry.href is None or entry.digest != outgoing.digest):
        applied.verdicts[uid] = Verdict.OURS
        applied.conflicts += 1
        return
    if outgoing is not None and item.due is not None and not _same_second(item.due,
                                                                           outgoing.due):
        actions.edit(backend, action_id, due=item.due, channel=Channel(current.channel),
                     contact_id=current.contact_id, note=current.note)
        applied.moved += 1
    applied.verdicts[uid] = Verdict.ACCEPT


def _same_second(a: datetime, b: datetime) -> bool:
    return int(a.timestamp()) == int(b.timestamp())
