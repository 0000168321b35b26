"""Follow-ups out: the calendar found or made, every pending follow-up written as a task (or a
short event) with its due time, an alarm and words saying what to do, to whom and how; a
re-plan updates the item, a cancelled follow-up is removed; a second sync writes nothing."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.domain.model import ActionKind
from helpers.dav_server import DavServer
from helpers.sync_world import (
    DECISION_DATE,
    THANK_YOU_DUE,
    Phone,
    World,
    connect,
    pending,
    run,
    thank_you,
    uid_of,
)


def test_every_pending_follow_up_is_written_as_a_task_with_an_alarm(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav)
    result = run(backend, dav)
    assert result.calendar_made
    expected = {uid_of(a): a for a in pending(backend)}
    assert len(expected) == 3  # two thank-yous, one decision check
    items = phone.items()
    assert set(items) == set(expected)
    ada = items[uid_of(thank_you(backend, world.ada))]
    assert ada.name == "VTODO"
    assert ada["due"].dt == THANK_YOU_DUE
    assert str(ada["status"]) == "NEEDS-ACTION"
    assert str(ada["summary"]) == "Thank-you: Ada Lovelace (CTO), Acme Robotics · E-mail"
    assert "How: E-mail" in str(ada["description"])
    assert "Firmware Engineer at Acme Robotics" in str(ada["description"])
    (alarm,) = ada.subcomponents
    assert (alarm.name, str(alarm["action"])) == ("VALARM", "DISPLAY")
    assert alarm["trigger"].dt == timedelta(0)
    assert alarm["trigger"].params["RELATED"] == "END"
    check = next(c for uid, c in items.items()
                 if expected[uid].kind == ActionKind.DECISION_CHECK)
    assert check["due"].dt.date() == DECISION_DATE + timedelta(days=1)
    assert str(check["summary"]).startswith("Decision check: ")
    assert result.created == 3 and result.written == 3
    assert result.describe() == (f"Synced with {dav.url} (made the calendar \"Follow-ups\"): "
                                 "sent 3 new; nothing new from it.")


def test_a_second_sync_with_nothing_changed_writes_nothing(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    etags, puts = phone.etags(), dav.requests("PUT")
    again = run(backend, dav)
    assert again.written == 0 and not again.calendar_made
    assert dav.requests("PUT") == puts and dav.requests("DELETE") == 0
    assert phone.etags() == etags
    assert again.describe() == f"Synced with {dav.url}: nothing to send; nothing new from it."
