"""Back in: a follow-up completed on the phone is done in the app with a touch; one moved on
the phone moves in the app; when both sides changed, done anywhere wins and otherwise the
app's version is written back, and the summary says so. Nothing loops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.domain.model import ActionState
from followup_desktop.services import actions
from followup_desktop.services.sync.incoming import DONE_ON_SERVER
from followup_desktop.storage.models import Action, Touch
from helpers.backends import clock_of
from helpers.dav_server import DavServer
from helpers.sync_world import (
    THANK_YOU_DUE,
    Phone,
    World,
    connect,
    run,
    thank_you,
    uid_of,
)


def synced(world: World, dav: DavServer) -> None:
    connect(world.backend, dav)
    run(world.backend, dav)


def test_completed_on_the_phone_is_done_in_the_app_with_a_touch(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    synced(world, dav)
    ada = thank_you(backend, world.ada)
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=2))
    phone.complete(uid_of(ada), THANK_YOU_DUE + timedelta(minutes=20))
    result = run(backend, dav)
    done = Action.get_by_id(ada.id)
    assert done.state == ActionState.DONE
    assert done.done_utc == THANK_YOU_DUE + timedelta(minutes=20)
    (touch,) = Touch.select().where(Touch.action == ada.id)
    assert (touch.summary, touch.channel, touch.contact_id) == (DONE_ON_SERVER, "email",
                                                                world.ada)
    assert result.applied.completed == 1
    assert "from the server: 1 done on the server" in result.describe()
    item = phone.items()[uid_of(ada)]
    assert str(item["status"]) == "COMPLETED"  # it stays there, done
    puts = dav.requests("PUT")
    assert run(backend, dav).written == 0
    assert dav.requests("PUT") == puts


def test_a_phone_completion_in_the_future_of_the_app_clock_is_done_now(
        world: World, dav: DavServer, phone: Phone):
    """A phone's clock ahead of ours: the touch is not dated after the app's now."""
    backend = world.backend
    synced(world, dav)
    ada = thank_you(backend, world.ada)
    now = THANK_YOU_DUE + timedelta(hours=1)
    clock_of(backend).set(now)
    phone.complete(uid_of(ada), now + timedelta(days=3))
    run(backend, dav)
    assert Action.get_by_id(ada.id).done_utc == now


def test_moved_on_the_phone_moves_in_the_app_and_is_not_written_back(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    synced(world, dav)
    bob = thank_you(backend, world.bob)
    later = THANK_YOU_DUE + timedelta(days=1, hours=2)
    phone.move(uid_of(bob), later)
    puts = dav.requests("PUT")
    result = run(backend, dav)
    moved = Action.get_by_id(bob.id)
    assert (moved.due_utc, moved.state, moved.edited) == (later, ActionState.PLANNED, True)
    assert result.applied.moved == 1 and result.written == 0
    assert dav.requests("PUT") == puts
    assert "1 moved on the server" in result.describe()
    assert run(backend, dav).written == 0
    assert phone.items()[uid_of(bob)]["due"].dt == later


def test_changed_on_both_sides_the_apps_version_wins_and_the_user_is_told(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    synced(world, dav)
    bob = thank_you(backend, world.bob)
    phone.move(uid_of(bob), THANK_YOU_DUE + timedelta(days=2))
    snoozed_until = THANK_YOU_DUE + timedelta(hours=5)
    actions.snooze(backend, bob.id, snoozed_until)
    result = run(backend, dav)
    assert result.applied.conflicts == 1 and result.updated == 1
    assert "1 follow-up changed on both sides: this app's version was kept" in \
        result.describe()
    assert Action.get_by_id(bob.id).snoozed_until_utc == snoozed_until
    assert phone.items()[uid_of(bob)]["due"].dt == snoozed_until
    assert run(backend, dav).written == 0


def test_done_on_the_phone_wins_over_a_change_in_the_app(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    synced(world, dav)
    bob = thank_you(backend, world.bob)
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=1))
    actions.snooze(backend, bob.id, THANK_YOU_DUE + timedelta(hours=6))
    phone.complete(uid_of(bob), THANK_YOU_DUE + timedelta(minutes=30))
    result = run(backend, dav)
    assert Action.get_by_id(bob.id).state == ActionState.DONE
    assert result.applied.completed == 1 and result.applied.conflicts == 0
    assert str(phone.items()[uid_of(bob)]["status"]) == "COMPLETED"


def test_done_in_the_app_wins_over_a_move_on_the_phone_and_stays_there_completed(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    synced(world, dav)
    ada = thank_you(backend, world.ada)
    phone.move(uid_of(ada), THANK_YOU_DUE + timedelta(days=3))
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=1))
    actions.complete(backend, ada.id, "Sent the thank-you.")
    result = run(backend, dav)
    assert result.marked_done == 1 and result.removed == 0
    item = phone.items()[uid_of(ada)]
    assert str(item["status"]) == "COMPLETED"
    assert item["completed"].dt == THANK_YOU_DUE + timedelta(hours=1)
    assert "VALARM" not in {c.name for c in item.subcomponents}
    assert Action.get_by_id(ada.id).state == ActionState.DONE
    assert run(backend, dav).written == 0


def test_done_in_the_app_is_marked_done_on_the_server(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    synced(world, dav)
    ada = thank_you(backend, world.ada)
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=1))
    actions.complete(backend, ada.id, "Sent.")
    result = run(backend, dav)
    assert result.marked_done == 1
    assert str(phone.items()[uid_of(ada)]["status"]) == "COMPLETED"
    assert run(backend, dav).written == 0


def test_a_move_the_app_refuses_keeps_the_apps_version_and_the_rest_applies(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    synced(world, dav)
    ada, bob = thank_you(backend, world.ada), thank_you(backend, world.bob)
    phone.move(uid_of(ada), datetime(3001, 1, 4, 9, 0, tzinfo=UTC))  # past the years it reckons
    phone.move(uid_of(bob), THANK_YOU_DUE + timedelta(days=1))
    result = run(backend, dav)
    assert Action.get_by_id(ada.id).due_utc == THANK_YOU_DUE
    assert Action.get_by_id(bob.id).due_utc == THANK_YOU_DUE + timedelta(days=1)
    assert (result.applied.refused, result.applied.moved, result.updated) == (1, 1, 1)
    assert "1 change on the server could not be taken" in result.describe()
    assert phone.items()[uid_of(ada)]["due"].dt == THANK_YOU_DUE
    assert run(backend, dav).written == 0
