"""A follow-up completed on the phone that the app has skipped (or cancelled) meanwhile stays on
the server, completed, and is recorded: the next sync reads nothing (it used to read that item
again on every sync). Undoing the skip makes it pending again, and the completion on the
phone then applies as any other."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.domain.model import ActionState, ApplicationStatus
from followup_desktop.services import actions, records, undo
from followup_desktop.storage.models import Action
from helpers.backends import clock_of
from helpers.dav_server import DavServer
from helpers.sync_world import THANK_YOU_DUE, Phone, World, connect, run, thank_you, uid_of


def test_completed_there_and_skipped_here_is_read_once(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    ada = thank_you(backend, world.ada)
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=1))
    phone.complete(uid_of(ada), THANK_YOU_DUE + timedelta(minutes=10))
    actions.skip(backend, ada.id)
    first = run(backend, dav)
    assert first.removed == 0 and first.applied.completed == 0
    assert str(phone.items()[uid_of(ada)]["status"]) == "COMPLETED"  # left there
    reads, puts = dav.requests("REPORT"), dav.requests("PUT")
    second = run(backend, dav)
    assert second.written == 0
    assert dav.requests("REPORT") == reads  # nothing fetched: only the ETags listed
    assert dav.requests("PUT") == puts
    assert Action.get_by_id(ada.id).state == ActionState.SKIPPED

    undo.undo_last(backend)  # the skip undone: pending again, and done on the phone wins
    assert Action.get_by_id(ada.id).state == ActionState.PLANNED
    third = run(backend, dav)
    assert third.applied.completed == 1
    assert Action.get_by_id(ada.id).state == ActionState.DONE
    assert run(backend, dav).written == 0


def test_completed_there_and_cancelled_here_is_read_once(
        world: World, dav: DavServer, phone: Phone):
    """A rejection cancels the pending follow-ups; one the phone had completed stays there."""
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    bob = thank_you(backend, world.bob)
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=1))
    phone.complete(uid_of(bob), THANK_YOU_DUE + timedelta(minutes=10))
    records.set_status(backend, world.application, ApplicationStatus.REJECTED)
    assert Action.get_by_id(bob.id).state == ActionState.CANCELLED
    first = run(backend, dav)
    assert first.removed >= 1  # the other pending follow-ups go from the server
    assert uid_of(bob) in phone.items()
    reads = dav.requests("REPORT")
    assert run(backend, dav).written == 0
    assert dav.requests("REPORT") == reads
