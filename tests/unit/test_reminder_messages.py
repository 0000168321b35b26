"""The words of a reminder: who, where, when, and which buttons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.domain.guard import Timeliness
from followup_desktop.domain.model import ActionKind, ActionState, Person, Role
from followup_desktop.domain.reminders import Batch, Reason
from followup_desktop.services.reminder_messages import DONE, OPEN, SNOOZE, message_for
from followup_desktop.services.reminders import Announcement
from followup_desktop.services.views.due import DueItem

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Berlin


def item(action_id: int, name: str = "Ada Lovelace", title: str = "CTO",
         company: str = "Acme Robotics", note: str = "", due: datetime = NOW,
         channel: str = "email") -> DueItem:
    return DueItem(id=action_id, kind=ActionKind.THANK_YOU, due=due, zone="Europe/Berlin",
                   state=ActionState.PLANNED, timeliness=Timeliness.ON_TIME, channel=channel,
                   note=note, contact=Person(7, name, title, Role.INTERVIEWER, 3), company_id=3,
                   company=company, application_id=11, position="Engineer")


def announce(reason: Reason, *items: DueItem):
    return message_for(Announcement(Batch(reason, tuple(i.id for i in items)), list(items)),
                       BERLIN, NOW)


def test_one_follow_up_names_person_title_company_and_time() -> None:
    message = announce(Reason.DUE, item(1, note="Mention   the\ngripper demo"))
    assert message.summary == "Thank-you: Ada Lovelace (CTO)"
    assert message.body.splitlines() == ["Acme Robotics · Engineer",
                                         "By e-mail, due Tue 24 Nov, 10:00",
                                         "Mention the gripper demo"]
    assert [key for key, _ in message.buttons] == [DONE, SNOOZE, OPEN]
    assert (message.action_ids, message.application_id, message.overdue) == ((1,), 11, False)


def test_one_missed_follow_up_keeps_its_buttons_and_says_why() -> None:
    message = announce(Reason.QUIET_HOURS,
                       item(1, channel="card", due=NOW - timedelta(days=1)))
    assert message.body.splitlines()[1:] == ["A handwritten card, due Mon 23 Nov, 10:00",
                                             "It became due during quiet hours."]
    assert message.overdue
    assert [key for key, _ in message.buttons] == [DONE, SNOOZE, OPEN]


def test_a_group_lists_five_and_counts_the_rest() -> None:
    items = [item(n, name=f"Person {n}") for n in range(1, 8)]
    message = announce(Reason.AWAY, *items)
    assert message.summary == "7 follow-ups became due while you were away"
    lines = message.body.splitlines()
    assert lines[0] == "Thank-you: Person 1 (CTO), Acme Robotics"
    assert lines[-1] == "and 2 more"
    assert len(lines) == 6
    assert [key for key, _ in message.buttons] == [SNOOZE, OPEN]
    assert message.application_id is None


def test_long_notes_are_shortened_and_missing_titles_left_out() -> None:
    message = announce(Reason.DUE, item(1, title="", note="word " * 100))
    assert message.summary == "Thank-you: Ada Lovelace"
    assert len(message.body.splitlines()[-1]) == 160
    assert message.body.endswith("…")


def test_nothing_to_say_when_the_actions_are_gone() -> None:
    assert message_for(Announcement(Batch(Reason.DUE, (1,)), []), BERLIN, NOW) is None
