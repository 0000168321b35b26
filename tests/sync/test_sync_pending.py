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
