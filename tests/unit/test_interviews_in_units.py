"""Interviews in, without a server: how a pick names a calendar, the setting's checks, what the
ledger keeps of an event (and that the follow-ups' part of the sync never sees those rows),
who attends, and the sync line's words."""

from __future__ import annotations

import pytest

from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import.reader import read_invitations
from followup_desktop.services import settings
from followup_desktop.services.sync import interviews_ledger, ledger
from followup_desktop.services.sync.calendars_in import matches
from followup_desktop.services.sync.interviews_in import InterviewsIn, attends
from followup_desktop.services.sync.interviews_ledger import Seen
from helpers.backends import START
from helpers.calendar_invites import END, GRACE, ME, UID, invitation

URL = "https://cloud.example.org/remote.php/dav/calendars/jo/work%20stuff/"


@pytest.mark.parametrize("pick", [
    URL, URL.rstrip("/"), "/remote.php/dav/calendars/jo/work%20stuff/",
    "/remote.php/dav/calendars/jo/work stuff", "Work Stuff", "work stuff"])
def test_a_pick_names_a_calendar_by_address_path_or_name(pick: str):
    assert matches(pick, "Work Stuff", URL)


@pytest.mark.parametrize("pick", ["Work", "/remote.php/dav/calendars/jo/", "Personal"])
def test_a_pick_names_no_other_calendar(pick: str):
    assert not matches(pick, "Work Stuff", URL)


def test_the_setting_takes_a_list_of_names_and_refuses_the_rest():
    settings.validate({"sync_calendars": ["Work", URL]})
    with pytest.raises(ValidationError, match=r"settings\.sync_calendars\[1\]"):
        settings.validate({"sync_calendars": ["Work", " "]})
    with pytest.raises(ValidationError, match=r"settings\.sync_calendars\[0\]"):
        settings.validate({"sync_calendars": [3]})
    with pytest.raises(ValidationError, match=r"settings\.sync_calendars"):
        settings.validate({"sync_calendars": "Work"})


def test_the_ledger_keeps_an_event_under_its_own_keys_unseen_by_the_follow_ups(backend):
    seen = Seen("/jo/work/a.ics", '"e1"', "pending", UID, "Interview", START, "Work", "BEGIN…")
    interviews_ledger.record(backend, seen, START)
    ledger.record(backend, "followup-abc@followup-desktop", "/jo/f/x.ics", '"e2"', "d", START)
    assert interviews_ledger.load() == {seen.href: seen}
    assert list(ledger.load()) == ["followup-abc@followup-desktop"]
    assert len(seen.short_id) == 8 and seen.short_id == Seen(seen.href, None, "linked").short_id
    interviews_ledger.record(backend, interviews_ledger.settled(seen, "linked"), START)
    assert interviews_ledger.load()[seen.href].ics == ""  # only a proposal keeps the event


def test_the_user_attends_unless_declined_or_only_organising():
    def one(data: str):
        (read,) = read_invitations(data.encode(), "test", "Europe/Berlin")
        return read

    own = frozenset({ME})
    assert attends(one(invitation(UID, START, END)), own)
    assert attends(one(invitation(UID, START, END).replace(ME, ME.upper())), own)
    assert not attends(one(invitation(UID, START, END, attendees=(GRACE,))), own)
    declined = invitation(UID, START, END).replace("PARTSTAT=NEEDS-ACTION;CN=jo",
                                                   "PARTSTAT=DECLINED;CN=jo")
    assert not attends(one(declined), own)
    organiser = invitation(UID, START, END, attendees=(GRACE,)).replace(
        "rita.recruiter@globex.example", ME)
    assert not attends(one(organiser), own)


def test_the_line_says_nothing_when_nothing_was_picked_and_what_came_otherwise():
    assert InterviewsIn().describe_parts() == []
    parts = InterviewsIn(read=True, proposed=1, waiting=2, moved=1, cancelled=1,
                         missing=["Old"]).describe_parts()
    assert parts == ["the picked calendar 'Old' is not in the account: not read",
                     "from your calendars: 1 interview moved, 1 interview cancelled",
                     "2 interviews from your calendars to confirm (1 new, `followup-desktop "
                     "sync proposals`)"]


def test_removing_the_account_forgets_the_picks_and_what_was_seen(backend):
    from followup_desktop.services.sync.account import SyncAccount, remove_account, save_account

    save_account(backend, SyncAccount("https://cloud.example.org/dav", "jo"))
    with backend.write():
        settings.save("sync_calendars", ["Work"])
    interviews_ledger.record(backend, Seen("/jo/work/a.ics", None, "pending", UID), START)
    remove_account(backend)
    assert settings.load()["sync_calendars"] == [] and interviews_ledger.load() == {}
