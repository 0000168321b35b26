"""Two data folders syncing with one server stand for two machines. The second was made from
the first's JSON export (which keeps ids and plan keys, so both derive the same UIDs): its first
sync only records what is there, nobody writes duplicates, and a follow-up done on one is done
on the other."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.model import ActionState
from followup_desktop.services import actions
from followup_desktop.services.backend import Backend
from followup_desktop.services.exchange.transfer.exporting import export_file
from followup_desktop.services.exchange.transfer.importing import import_file
from followup_desktop.services.sync.incoming import DONE_ON_SERVER
from followup_desktop.storage.models import ALL_MODELS, Action, SyncItem, Touch
from helpers.backends import clock_of, make_backend
from helpers.dav_server import DavServer
from helpers.sync_world import (
    AFTER_INTERVIEW,
    THANK_YOU_DUE,
    Phone,
    World,
    connect,
    pending,
    run,
    thank_you,
    uid_of,
)


@pytest.fixture
def laptop(world: World, tmp_path: Path) -> Iterator[Backend]:
    """The second machine: an empty data folder that imported the first one's export."""
    export = tmp_path / "export.json"
    export_file(world.backend, export)
    with make_backend(tmp_path / "laptop", start=AFTER_INTERVIEW) as second:
        import_file(second, export)
        yield second


def use(backend: Backend) -> Backend:
    """The models read and write this machine's database (opening a backend binds them to its
    own; with two open in one process, the test switches between them)."""
    backend.db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    return backend


def on(backend: Backend, action_id: int) -> Action:
    return use(backend) and Action.get_by_id(action_id)


def test_two_machines_write_each_follow_up_once_and_share_what_is_done(
        world: World, laptop: Backend, dav: DavServer, phone: Phone):
    desktop = use(world.backend)
    connect(desktop, dav)
    assert run(desktop, dav).created == 3
    ada_id = thank_you(desktop, world.ada).id
    uids = {uid_of(a) for a in pending(desktop)}

    use(laptop)
    connect(laptop, dav)
    first = run(laptop, dav)
    assert {uid_of(a) for a in pending(laptop)} == uids  # the same plan keys, the same UIDs
    assert (first.created, first.recorded, first.written) == (0, 3, 0)
    assert SyncItem.select().count() == 3
    assert set(phone.items()) == uids

    use(desktop)
    clock_of(desktop).set(THANK_YOU_DUE + timedelta(hours=1))
    actions.complete(desktop, ada_id, "Sent from the desktop.")
    after_done = run(desktop, dav)
    assert after_done.marked_done == 1
    desktop_uids = {uid_of(a) for a in pending(desktop)}

    use(laptop)
    clock_of(laptop).set(THANK_YOU_DUE + timedelta(hours=2))
    second = run(laptop, dav)
    assert second.applied.completed == 1
    assert on(laptop, ada_id).state == ActionState.DONE
    (touch,) = Touch.select().where(Touch.action == ada_id)
    assert touch.summary == DONE_ON_SERVER
    # Both re-planned from the same data after the thank-you: the same follow-ups, no copies.
    assert {uid_of(a) for a in pending(laptop)} == desktop_uids
    assert second.created == 0
    items = phone.items()
    assert set(items) == desktop_uids | {uid_of(on(laptop, ada_id))}
    assert str(items[uid_of(on(laptop, ada_id))]["status"]) == "COMPLETED"

    for backend in (desktop, laptop):
        assert run(use(backend), dav).written == 0


def test_two_machines_write_each_contact_once_and_share_what_came_back(
        world: World, laptop: Backend, dav: DavServer):
    from followup_desktop.services.sync.contacts import save_enabled
    from followup_desktop.storage.models import Contact, SyncCard
    from helpers.card_phone import CardPhone, set_value, uid

    cards = CardPhone(dav)
    connect(use(world.backend), dav)
    save_enabled(world.backend, True)
    assert run(world.backend, dav).contacts.created == 2
    ada_uid = uid(world.ada)

    connect(use(laptop), dav)
    save_enabled(laptop, True)
    first = run(laptop, dav).contacts
    assert (first.created, first.recorded, first.written) == (0, 2, 0)
    assert SyncCard.select().count() == 2
    assert len(cards.etags()) == 2  # the same UIDs: no second card of anyone

    cards.change(ada_uid, lambda card: set_value(card, "tel", "+49 170 555 0001"))
    for backend in (world.backend, laptop):
        assert run(use(backend), dav).contacts.taken == 1
        assert Contact.get_by_id(world.ada).phone == "+49 170 555 0001"
    for backend in (world.backend, laptop):
        assert run(use(backend), dav).contacts.written == 0
    assert len(cards.etags()) == 2
