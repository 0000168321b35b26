"""Follow-ups out: the calendar found or made, every pending follow-up written as a task (or a
short event) with its due time, an alarm and words saying what to do, to whom and how; a
re-plan updates the item, a cancelled follow-up is removed; a second sync writes nothing."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.domain.model import ActionKind, ApplicationStatus, Channel
from followup_desktop.services import actions, records
from followup_desktop.storage.models import Action
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


def test_as_events_each_follow_up_is_a_short_event_with_an_alarm(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav, as_events=True)
    run(backend, dav)
    items = phone.items()
    ada = items[uid_of(thank_you(backend, world.ada))]
    assert ada.name == "VEVENT"
    assert ada["dtstart"].dt == THANK_YOU_DUE
    assert ada["dtend"].dt == THANK_YOU_DUE + timedelta(minutes=15)
    assert str(ada["transp"]) == "TRANSPARENT"
    (alarm,) = ada.subcomponents
    assert alarm["trigger"].dt == timedelta(0) and "RELATED" not in alarm["trigger"].params
    assert {c.name for c in items.values()} == {"VEVENT"}


def test_a_re_planned_follow_up_is_updated_and_a_cancelled_one_removed(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    ada = thank_you(backend, world.ada)
    later = THANK_YOU_DUE + timedelta(hours=3)
    actions.snooze(backend, ada.id, later)  # the item is due when the snooze ends
    moved = run(backend, dav)
    assert (moved.updated, moved.created, moved.removed) == (1, 0, 0)
    assert phone.items()[uid_of(ada)]["due"].dt == later

    records.set_status(backend, world.application, ApplicationStatus.REJECTED)
    assert pending(backend) == []
    removed = run(backend, dav)
    assert removed.removed == 3
    assert phone.items() == {}
    assert removed.describe() == (f"Synced with {dav.url}: sent 3 removed; nothing new "
                                  "from it.")


def test_a_follow_up_planned_away_is_removed_and_its_successor_written(
        world: World, dav: DavServer, phone: Phone):
    """A new decision date: the old check's plan key goes, a new one comes."""
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    before = {uid_of(a) for a in pending(backend)}
    records.set_decision_date(backend, world.application, DECISION_DATE + timedelta(days=7))
    after = {uid_of(a) for a in pending(backend)}
    assert len(before - after) == 1 and after - before
    result = run(backend, dav)
    assert (result.created, result.removed) == (len(after - before), 1)
    assert set(phone.items()) == after


def test_a_follow_up_planned_by_hand_gets_a_uid_of_its_own(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    action_id, _warnings = actions.plan_by_hand(
        backend, world.application, ActionKind.KEEP_IN_TOUCH, THANK_YOU_DUE + timedelta(days=5),
        Channel.PHONE, world.bob, "Ask about the motor test bench.")
    hand = Action.get_by_id(action_id)
    assert hand.plan_key is None
    result = run(backend, dav)
    assert result.created == 1
    item = phone.items()[uid_of(hand)]
    assert str(item["summary"]) == "Keep in touch: Bob Byte (Engineer), Acme Robotics · Phone call"
    assert "Ask about the motor test bench." in str(item["description"])
    assert run(backend, dav).written == 0


def test_items_the_app_did_not_write_are_left_alone(world: World, dav: DavServer,
                                                     phone: Phone):
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    phone.add_own()
    records.set_status(backend, world.application, ApplicationStatus.WITHDRAWN)
    run(backend, dav)
    assert list(phone.items()) == ["phone-own-1@example.org"]


def test_switching_to_events_replaces_the_tasks_without_copies(
        world: World, dav: DavServer, phone: Phone):
    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    connect(backend, dav, as_events=True)
    switched = run(backend, dav)
    assert switched.updated == 3 and switched.created == 0
    items = phone.items()
    assert {c.name for c in items.values()} == {"VEVENT"}
    assert set(items) == {uid_of(a) for a in pending(backend)}
    assert run(backend, dav).written == 0


def test_an_interview_moved_re_plans_and_its_thank_yous_are_updated_in_place(
        world: World, dav: DavServer, phone: Phone):
    from followup_desktop.services.records import InterviewDraft
    from helpers.sync_world import INTERVIEW_END, INTERVIEW_START

    backend = world.backend
    connect(backend, dav)
    run(backend, dav)
    uid = uid_of(thank_you(backend, world.ada))
    later = timedelta(days=2, hours=18)  # Monday 10:00: thanked on Tuesday at 11:00
    records.update_interview(backend, world.interview, InterviewDraft(
        world.application, INTERVIEW_START + later, INTERVIEW_END + later, "Europe/Berlin",
        (world.ada, world.bob)))
    moved = thank_you(backend, world.ada)
    assert uid_of(moved) == uid and moved.due_utc != THANK_YOU_DUE
    result = run(backend, dav)
    assert result.updated >= 2 and result.created == 0
    assert phone.items()[uid]["due"].dt == moved.due_utc
    assert run(backend, dav).written == 0


def test_another_server_gets_every_follow_up_written_afresh(world: World, tmp_path):
    from helpers.radicale import Radicale

    backend = world.backend
    with Radicale(tmp_path / "first") as first, Radicale(tmp_path / "second") as second:
        connect(backend, first)
        assert run(backend, first).created == 3
        connect(backend, second)  # the user moves to another server
        result = run(backend, second)
        assert result.created == 3 and result.removed_there == 0
        assert set(Phone(second).items()) == {uid_of(a) for a in pending(backend)}
        connect(backend, second)  # saved again unchanged: the ledger stays
        assert run(backend, second).written == 0
