"""Faults: a refused password, a server that is down, one that answers 500 or cut-off XML. Each
is one clear message (exit status 2 from the command), nothing local is lost or half-written,
and the next sync resumes where the last one stopped, without duplicates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup_desktop.services import actions
from followup_desktop.services.sync.account import SyncAccount, save_account
from followup_desktop.services.sync.server import SyncError
from followup_desktop.services.sync.syncing import sync
from followup_desktop.storage.models import Action, SyncItem
from helpers.backends import db_file, table_rows
from helpers.dav_stub import CUT_OFF_XML, DavStub
from helpers.radicale import Radicale
from helpers.sync_world import (
    THANK_YOU_DUE,
    Phone,
    World,
    connect,
    pending,
    run,
    thank_you,
    uid_of,
)


def test_a_wrong_password_is_one_clear_message_and_changes_nothing(
        world: World, radicale: Radicale):
    backend = world.backend
    connect(backend, radicale)
    before = table_rows(db_file(backend.data_dir))
    with pytest.raises(SyncError) as refused:
        sync(backend, password="not-the-password")
    assert str(refused.value) == (
        f"the calendar server {radicale.url} refused the user name 'jo' or its password while "
        "looking for the calendars; check them (`sync account add` again, or "
        "--password-file).")
    assert table_rows(db_file(backend.data_dir)) == before
    assert radicale.requests("PUT") == 0


def test_a_server_stopped_between_syncs_loses_nothing_and_the_next_sync_resumes(
        world: World, radicale: Radicale):
    backend = world.backend
    connect(backend, radicale)
    run(backend, radicale)
    phone = Phone(radicale)
    bob = thank_you(backend, world.bob)
    snoozed_until = THANK_YOU_DUE + timedelta(hours=4)
    actions.snooze(backend, bob.id, snoozed_until)
    radicale.stop()
    before = table_rows(db_file(backend.data_dir))
    with pytest.raises(SyncError) as down:
        run(backend, radicale)
    assert str(down.value).startswith(f"the calendar server {radicale.url} cannot be reached "
                                      "while looking for the calendars (")
    assert str(down.value).endswith("); the next sync tries again.")
    assert table_rows(db_file(backend.data_dir)) == before
    assert Action.get_by_id(bob.id).snoozed_until_utc == snoozed_until

    radicale.start()
    resumed = run(backend, radicale)
    assert resumed.updated == 1 and resumed.created == 0
    assert phone.items()[uid_of(bob)]["due"].dt == snoozed_until
    assert run(backend, radicale).written == 0


def test_a_sync_killed_after_its_writes_resumes_by_recording_not_duplicating(
        world: World, radicale: Radicale):
    """The PUTs reached the server but the ledger entries did not (the process was killed in
    between): the next sync finds its own UIDs there and only records them."""
    backend = world.backend
    connect(backend, radicale)
    run(backend, radicale)
    with backend.write():
        SyncItem.delete().execute()
    puts = radicale.requests("PUT")
    resumed = run(backend, radicale)
    assert (resumed.recorded, resumed.written) == (3, 0)
    assert radicale.requests("PUT") == puts
    assert SyncItem.select().count() == 3
    assert set(Phone(radicale).items()) == {uid_of(a) for a in pending(backend)}


def test_removed_on_the_phone_is_kept_here_and_not_sent_again_until_it_changes(
        world: World, radicale: Radicale):
    backend = world.backend
    connect(backend, radicale)
    run(backend, radicale)
    phone = Phone(radicale)
    ada = thank_you(backend, world.ada)
    with phone.calendar() as calendar:
        calendar.object_by_uid(uid_of(ada)).delete()
    result = run(backend, radicale)
    assert result.removed_there == 1 and result.written == 0
    assert Action.get_by_id(ada.id).state == "planned"
    assert uid_of(ada) not in phone.items()
    assert run(backend, radicale).written == 0
    actions.snooze(backend, ada.id, THANK_YOU_DUE + timedelta(hours=1))
    assert run(backend, radicale).created == 1
    assert uid_of(ada) in phone.items()


@pytest.mark.parametrize(("status", "body", "message"), [
    (500, b"Internal Server Error", "answered 500 (an error on the server) while looking for "
                                    "the calendars; the next sync tries again."),
    (207, CUT_OFF_XML, "sent an answer that is not WebDAV XML while looking for the calendars "
                       "("),
    (403, b"Forbidden", "refused looking for the calendars (403 Forbidden): the user may not "
                        "do that there; check the account's rights on the server."),
], ids=["500", "cut-off-xml", "403"])
def test_a_server_answering_nonsense_is_one_clear_message_and_changes_nothing(
        world: World, status: int, body: bytes, message: str):
    backend = world.backend
    with DavStub(status, body) as stub:
        save_account(backend, SyncAccount(stub.url, "jo"))
        before = table_rows(db_file(backend.data_dir))
        with pytest.raises(SyncError) as failed:
            sync(backend, password="secret")
        assert str(failed.value).startswith(f"the calendar server {stub.url} {message}")
        assert table_rows(db_file(backend.data_dir)) == before
        assert "PUT" not in stub.requests


def test_a_server_that_stops_answering_is_given_up_with_one_message(
        world: World, monkeypatch: pytest.MonkeyPatch):
    """Accepted, read, never answered: the sync gives up after its time-out (here 1 s instead
    of 30) with one line, and nothing here changed."""
    from followup_desktop.services.sync import server

    monkeypatch.setattr(server, "TIMEOUT_SECONDS", 1)
    backend = world.backend
    with DavStub(207, stall=True) as stub:
        save_account(backend, SyncAccount(stub.url, "jo"))
        before = table_rows(db_file(backend.data_dir))
        with pytest.raises(SyncError) as failed:
            sync(backend, password="secret")
        assert str(failed.value) == (f"the calendar server {stub.url} did not answer within 1 s "
                                     "while looking for the calendars; the next sync tries "
                                     "again.")
        assert table_rows(db_file(backend.data_dir)) == before
        assert stub.requests  # it was asked


def test_an_item_the_app_cannot_read_is_left_alone_and_said(world: World, radicale: Radicale):
    """A client replaced one of our items with a journal entry of the same UID: neither a task
    nor an event, nothing the app can take."""
    backend = world.backend
    connect(backend, radicale)
    run(backend, radicale)
    phone = Phone(radicale)
    ada = thank_you(backend, world.ada)
    foreign = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\n"
               f"BEGIN:VJOURNAL\r\nUID:{uid_of(ada)}\r\nDTSTAMP:20260316T070000Z\r\n"
               "SUMMARY:Not a follow-up\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n")
    with phone.calendar() as calendar:
        item = calendar.object_by_uid(uid_of(ada))
        answer = calendar.client.put(str(item.url), foreign,
                                     headers={"Content-Type": "text/calendar"})
        assert answer.status in (201, 204)
    before = table_rows(db_file(backend.data_dir))
    result = run(backend, radicale)
    assert len(result.unreadable) == 1 and result.written == 0
    assert "1 item on the server could not be read: left alone" in result.describe()
    assert table_rows(db_file(backend.data_dir)) == before
    assert run(backend, radicale).written == 0
    with phone.calendar() as calendar:
        assert "VJOURNAL" in calendar.object_by_uid(uid_of(ada)).data
