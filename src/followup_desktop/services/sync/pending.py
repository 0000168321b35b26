"""What the next sync would write from what the app holds, read from the database alone (no
server): the window asks it after a change, so that a change that leaves the plan as the
server has it (a note, the sync's own ledger writes) costs no request. With the contacts on
(services/sync/contacts.py), the cards it would write or remove count too: a new phone or
e-mail goes out after the window's settle, not at the next period's sync.

There is no queue of changes besides this: the ledger says what the server was last given, and
whatever differs from it goes out at the next sync that reaches the server, however many syncs
failed in between. The rules are those of syncing._send, read without the server's side.
"""

from __future__ import annotations

from followup_desktop.domain.model import ActionState
from followup_desktop.services.backend import Backend
from followup_desktop.services.sync import card_ledger, ledger
from followup_desktop.services.sync.account import SyncAccount
from followup_desktop.services.sync.contacts import enabled
from followup_desktop.services.sync.contacts_out import wanted_cards
from followup_desktop.services.sync.items import DONE_DIGEST
from followup_desktop.services.sync.outgoing import app_state
from followup_desktop.services.sync.syncing import KEPT_DIGEST


def to_send(backend: Backend, account: SyncAccount) -> int:
    """How many items the next sync would create, update, mark done or remove, and with the
    contacts on, how many cards it would write or remove."""
    return items_to_send(backend, account) + (cards_to_send() if enabled() else 0)


def items_to_send(backend: Backend, account: SyncAccount) -> int:
    """The follow-ups' part of to_send."""
    state = app_state(backend, account.as_events)
    entries = ledger.load()
    count = 0
    for uid in set(state.outgoing) | set(entries):
        entry, outgoing = entries.get(uid), state.outgoing.get(uid)
        if outgoing is not None:
            count += entry is None or entry.digest != outgoing.digest
            continue
        if entry is None or entry.href is None:
            continue  # never written, or removed on the server: nothing to do there
        known = state.known.get(uid)
        if known is not None and known.state is ActionState.DONE:
            count += entry.digest != DONE_DIGEST  # to be marked done there
        else:
            count += entry.digest != KEPT_DIGEST  # skipped, cancelled or gone: removed there
    return count


def cards_to_send() -> int:
    """How many cards the next sync would write or remove, by the rules of contacts._send read
    without the server: a card the ledger does not know or whose digest differs is written; one
    in the ledger, still on the server as far as it knows and no longer sent, is removed."""
    cards, entries = wanted_cards(), card_ledger.load()
    count = 0
    for uid in set(cards) | set(entries):
        card, entry = cards.get(uid), entries.get(uid)
        if card is not None:
            count += entry is None or entry.digest != card.digest
        elif entry is not None and entry.href is not None:
            count += 1
    return count
