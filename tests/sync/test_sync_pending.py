"""What the next sync would send, read from the database alone (services/sync/pending.py): it
agrees with what a sync then writes, so the window's sync after a change asks the server only
when there is something to send, and changes made while the server was down go out at the
first sync that reaches it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup_desktop.services import actions
from followup_desktop.services.sync.account import load_account
from followup_desktop.services.sync.pending import to_send
from helpers.backends import clock_of
from helpers.dav_server import DavServer
from helpers.sync_world import THANK_YOU_DUE, Phone, World, connect, pending, run, thank_you


def test_what_would_be_sent_is_what_a_sync_writes(world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav)
    account = load_account()
    assert to_send(backend, account) == len(pending(backend)) == 3
    assert run(backend, dav).created == 3
    assert to_send(backend, account) == 0
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=1))
    ada, bob = thank_you(backend, world.ada), thank_you(backend, world.bob)
    actions.snooze(backend, ada.id, THANK_YOU_DUE + timedelta(hours=5))
    actions.complete(backend, bob.id, "Sent.")
    assert to_send(backend, account) == 2
    result = run(backend, dav)
    assert (result.updated, result.marked_done, result.written) == (1, 1, 2)
    assert to_send(backend, account) == 0


def test_changes_made_while_the_server_is_down_go_out_when_it_is_back(
        world: World, dav: DavServer, phone: Phone):
    from followup_desktop.services.sync.server import SyncError

    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=1))
    dav.stop()
    actions.skip(backend, thank_you(backend, world.ada).id)
    with pytest.raises(SyncError, match="cannot be reached"):
        run(backend, dav)
    assert to_send(backend, load_account()) == 1  # still to go: the ledger is the queue
    dav.start()
    assert run(backend, dav).removed == 1
    assert to_send(backend, load_account()) == 0


def test_with_the_contacts_on_a_contact_edit_is_something_to_send(world: World, dav: DavServer,
                                                                    phone: Phone):
    """The cards count too: a new phone number goes out at the window's settle sync, a note
    (not on the card) does not ask the server, and a contact no longer sent counts as the card
    to remove; with the contacts off, none of it counts."""
    from followup_desktop.domain.model import Role
    from followup_desktop.services import records
    from followup_desktop.services.records import ContactDraft
    from followup_desktop.services.sync.contacts import save_enabled
    from followup_desktop.services.sync.pending import cards_to_send
    from helpers.card_phone import edit, first_sync

    backend = world.backend
    connect(backend, dav)
    assert cards_to_send() == 2 and to_send(backend, load_account()) == 3  # contacts off
    first_sync(world, dav)
    account = load_account()
    assert to_send(backend, account) == cards_to_send() == 0
    edit(backend, world.ada, notes="Prefers mornings.")  # not on the card
    assert to_send(backend, account) == 0
    edit(backend, world.ada, phone="+49 30 1234")
    edit(backend, world.bob, phone="+1 555 0199")
    assert to_send(backend, account) == cards_to_send() == 2
    result = run(backend, dav)
    assert result.contacts.updated == 2 and result.written == 0
    assert to_send(backend, account) == 0
    desk = records.add_contact(backend, world.company, ContactDraft(
        "Rita Reception", role=Role.RECEPTIONIST, phone="+49 30 555 0100"))
    assert to_send(backend, account) == 1  # her new card
    assert run(backend, dav).contacts.created == 1
    elsewhere = records.add_company(backend, "Not Applied Ltd")
    records.update_contact(backend, desk, elsewhere, ContactDraft(
        "Rita Reception", role=Role.RECEPTIONIST, phone="+49 30 555 0100"))
    assert to_send(backend, account) == 1  # no longer sent: her card is removed
    assert run(backend, dav).contacts.removed == 1
    assert to_send(backend, account) == 0
    edit(backend, world.ada, phone="+49 30 9999")
    save_enabled(backend, False)
    assert to_send(backend, account) == 0
