"""The sync's items without a server: UIDs derived (never random), the digest blind to when an
item was written, and what is read back from items other clients wrote (floating times, dates
without a time, a task un-done, text that is not iCalendar)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.validation import ValidationError
from followup_desktop.services.sync.address import check_url
from followup_desktop.services.sync.items import (
    Outgoing,
    UnreadableItem,
    hand_uid,
    plan_uid,
    read_item,
    uid_of_href,
)

BERLIN = ZoneInfo("Europe/Berlin")
DUE = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)


def outgoing(**changes) -> Outgoing:
    fields = {"uid": plan_uid("thank_you:1:2"), "action_id": 1,
              "summary": "Thank-you: Ada Lovelace (CTO), Acme · E-mail",
              "description": "How: E-mail", "due": DUE, "as_event": False, **changes}
    return Outgoing(**fields)


def task(body: str, uid: str | None = None) -> str:
    uid = uid or plan_uid("thank_you:1:2")
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VTODO\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260316T070000Z\r\n{body}END:VTODO\r\nEND:VCALENDAR\r\n")


def test_uids_are_derived_from_what_two_copies_of_the_data_share():
    assert plan_uid("thank_you:1:2") == plan_uid("thank_you:1:2")
    assert plan_uid("thank_you:1:2") != plan_uid("thank_you:1:3")
    created = datetime(2026, 3, 9, 8, tzinfo=UTC)
    assert hand_uid(7, created) == hand_uid(7, created) != hand_uid(7, created +
                                                                     timedelta(seconds=1))
    uid = plan_uid("decision_check:1:2026-03-23")
    assert uid_of_href(f"/jo/cal/{uid}.ics") == uid
    assert uid_of_href("/jo/cal/some-phone-task.ics") is None


def test_the_digest_follows_what_is_said_not_when():
    item = outgoing()
    assert item.digest == outgoing().digest
    assert item.digest != outgoing(due=DUE + timedelta(minutes=1)).digest
    assert item.digest != outgoing(as_event=True).digest
    first = item.to_ical(DUE - timedelta(days=2))
    later = item.to_ical(DUE - timedelta(days=1))
    assert first != later  # DTSTAMP differs; the digest does not look at it


def test_a_floating_due_is_read_in_the_users_zone_and_a_date_keeps_the_apps_time():
    floating = read_item(plan_uid("thank_you:1:2"), task("DUE:20260317T090000\r\n"), BERLIN,
                         DUE)
    assert floating.due == datetime(2026, 3, 17, 8, 0, tzinfo=UTC)
    dated = read_item(plan_uid("thank_you:1:2"), task("DUE;VALUE=DATE:20260318\r\n"), BERLIN,
                      DUE)
    assert dated.due == datetime.combine(date(2026, 3, 18), DUE.astimezone(BERLIN).time(),
                                         BERLIN).astimezone(UTC)
    assert not floating.completed and not dated.completed


def test_completed_is_the_status_or_the_completion_instant():
    by_status = read_item(plan_uid("thank_you:1:2"), task("STATUS:COMPLETED\r\n"), BERLIN, DUE)
    by_time = read_item(plan_uid("thank_you:1:2"), task("COMPLETED:20260316T101500Z\r\n"),
                        BERLIN, DUE)
    undone = read_item(plan_uid("thank_you:1:2"), task("STATUS:NEEDS-ACTION\r\n"), BERLIN, DUE)
    assert by_status.completed and by_status.completed_at is None
    assert by_time.completed and by_time.completed_at == datetime(2026, 3, 16, 10, 15,
                                                                   tzinfo=UTC)
    assert not undone.completed


@pytest.mark.parametrize("data", ["this is not a calendar", task("", uid="someone-else")],
                         ids=["not-ical", "other-uid"])
def test_an_item_that_is_not_ours_or_not_ical_is_unreadable(data: str):
    with pytest.raises(UnreadableItem):
        read_item(plan_uid("thank_you:1:2"), data, BERLIN, DUE)


@pytest.mark.parametrize("url", ["https://cloud.example.org/remote.php/dav",
                                 "http://localhost:5232/", "http://127.0.0.1:8080/dav/",
                                 "http://[::1]:5232/"])
def test_https_anywhere_and_http_only_on_this_machine(url: str):
    assert check_url(url, "--url") == url


@pytest.mark.parametrize(("url", "problem"), [
    ("http://192.168.1.20:5232/", "allowed only for this machine"),
    ("https://a:b@cloud.example.org/", "must not hold a user name or password"),
    ("https://cloud.example.org/dav#x", "has a #fragment"),
    ("https://", "names no server"),
    ("https://cloud.example.org:99999/", "is not a web address"),
    ("https://bad host/", "is not a server name"),
    ("", "must not be empty"),
])
def test_addresses_that_would_leak_the_password_or_go_nowhere_are_refused(url: str,
                                                                         problem: str):
    with pytest.raises(ValidationError, match=problem):
        check_url(url, "--url")


def test_a_settings_file_cannot_set_what_the_command_refuses():
    from followup_desktop.services import settings

    settings.validate({"sync_url": "https://cloud.example.org/dav", "sync_user": "jo",
                       "sync_as_events": True})
    with pytest.raises(ValidationError, match=r"settings\.sync_url"):
        settings.validate({"sync_url": "http://cloud.example.org/dav"})
    with pytest.raises(ValidationError, match=r"settings\.sync_as_events"):
        settings.validate({"sync_as_events": "yes"})
