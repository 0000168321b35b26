"""Calendar export and feed (services.exports + io.ics_export), read back with icalendar."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from followup_desktop import APP_NAME, __version__
from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.io import ics_export
from followup_desktop.services import actions, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange import exports
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import Action, Interview
from helpers.backends import berlin, clock_of, make_backend

MONDAY = berlin("2026-03-09 09:00")
INTERVIEW_START = berlin("2026-03-10 14:00")
HOSTILE_COMPANY = 'Acme, Inc; "x" \\ y'
HOSTILE_TITLE = 'Head of <a href="https://evil.example">Robotics</a>'
HOSTILE_NOTE = ('Bring the paper, the one on soft actuators; say "thanks" \\ sign off.\n'
                'Second line <a href="https://evil.example">click</a>\r\n'
                + "Grüße, Łódź, 東京 — " * 12)
INVITATION_UID = "040000008200E00074C5B7101A82E008@organizer.example"


@dataclass(frozen=True)
class World:
    backend: Backend
    interview: int
    cancelled_interview: int
    ada: int
    bob: int
    hostile_action: int


@pytest.fixture
def backend_start() -> datetime:
    return MONDAY


@pytest.fixture
def world(backend: Backend):
    company = records.add_company(backend, HOSTILE_COMPANY)
    ada = records.add_contact(backend, company, ContactDraft("Ada Lovelace", HOSTILE_TITLE,
                                                             Role.HIRING_MANAGER))
    bob = records.add_contact(backend, company, ContactDraft("Bob Byte", "Engineer"))
    app = records.add_application(backend, company, "Robotics Engineer")
    interview = records.add_interview(
        backend, app, INTERVIEW_START, INTERVIEW_START + timedelta(hours=1), "Europe/Berlin",
        [ada, bob], location="Building 2\nRoom 3, floor 4; ask at the desk")
    later = INTERVIEW_START + timedelta(days=7)
    cancelled = records.add_interview(backend, app, later, later + timedelta(hours=1),
                                      "Europe/Berlin", [ada], round=2)
    Interview.update(cancelled_utc=MONDAY).where(
        Interview.id == cancelled).execute()
    hostile, _ = actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                                      berlin("2026-03-20 10:00"), Channel.LETTER, ada,
                                      note=HOSTILE_NOTE)
    return World(backend, interview, cancelled, ada, bob, hostile)


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def pending_actions() -> list[Action]:
    return list(Action.select().where(Action.state << [ActionState.PLANNED,
                                                       ActionState.SNOOZED]))


def thank_you(contact: int) -> Action:
    return Action.get((Action.kind == ActionKind.THANK_YOU) & (Action.contact == contact))


def test_the_calendar_holds_interviews_and_pending_actions(world, tmp_path):
    path = tmp_path / "out.ics"
    count = exports.export_calendar(world.backend, path)
    calendar = read_calendar(path)
    assert str(calendar["PRODID"]) == f"-//{APP_NAME}//followup-desktop {__version__}//EN"
    assert str(calendar["VERSION"]) == "2.0"
    found = events(calendar)
    expected = {f"interview-{world.interview}@followup-desktop"} | {
        f"action-{a.id}@followup-desktop" for a in pending_actions()}
    assert set(found) == expected and count == len(expected)
    interview = found[f"interview-{world.interview}@followup-desktop"]
    assert str(interview["SUMMARY"]) == f"Interview: {HOSTILE_COMPANY} – Robotics Engineer"
    assert interview.decoded("DTSTART") == INTERVIEW_START
    assert interview.decoded("DTEND") == INTERVIEW_START + timedelta(hours=1)
    assert interview.decoded("DTSTART").tzinfo is not None
    assert f"Ada Lovelace, {HOSTILE_TITLE}" in str(interview["DESCRIPTION"])
    assert str(interview["LOCATION"]) == "Building 2\nRoom 3, floor 4; ask at the desk"
    assert interview.categories == [APP_NAME, "Interview"]
    for event in found.values():
        assert isinstance(event.decoded("DTSTAMP"), datetime)


def test_each_action_is_an_event_at_its_due_time(world, tmp_path):
    path = tmp_path / "out.ics"
    exports.export_calendar(world.backend, path)
    found = events(read_calendar(path))
    for action in pending_actions():
        event = found[f"action-{action.id}@followup-desktop"]
        assert event.decoded("DTSTART") == action.due_utc
        assert event.decoded("DTEND") - event.decoded("DTSTART") == ics_export.ACTION_SLOT
        assert ActionKind(action.kind).label in event.categories
        assert str(event["TRANSP"]) == "TRANSPARENT"
    ada = found[f"action-{thank_you(world.ada).id}@followup-desktop"]
    assert str(ada["SUMMARY"]) == f"Thank-you to Ada Lovelace ({HOSTILE_COMPANY})"
    assert "By E-mail" not in str(ada["DESCRIPTION"])
    assert "Thank-you by E-mail" in str(ada["DESCRIPTION"])


def test_a_snoozed_action_is_due_at_the_end_of_its_snooze(world, tmp_path):
    action = thank_you(world.bob)
    until = action.due_utc + timedelta(days=1, hours=3)
    clock_of(world.backend).set(action.due_utc + timedelta(minutes=5))
    actions.snooze(world.backend, action.id, until)
    exports.export_calendar(world.backend, tmp_path / "out.ics")
    event = events(read_calendar(tmp_path / "out.ics"))[f"action-{action.id}@followup-desktop"]
    assert event.decoded("DTSTART") == until


def test_done_skipped_cancelled_actions_and_cancelled_interviews_are_left_out(world, tmp_path):
    done, skipped = thank_you(world.ada), thank_you(world.bob)
    clock_of(world.backend).set(done.due_utc)
    actions.complete(world.backend, done.id, "sent")
    actions.skip(world.backend, skipped.id)
    Action.update(state=ActionState.CANCELLED).where(
        Action.id == world.hostile_action).execute()
    exports.export_calendar(world.backend, tmp_path / "out.ics")
    data = (tmp_path / "out.ics").read_bytes()
    found = events(Calendar.from_ical(data))
    for gone in (done.id, skipped.id, world.hostile_action):
        assert f"action-{gone}@followup-desktop" not in found
    assert f"interview-{world.cancelled_interview}@followup-desktop" not in found
    assert set(found) == {f"interview-{world.interview}@followup-desktop"} | {
        f"action-{a.id}@followup-desktop" for a in pending_actions()}


def test_uids_are_stable_across_exports(world, tmp_path):
    exports.export_calendar(world.backend, tmp_path / "first.ics")
    clock_of(world.backend).set(MONDAY + timedelta(hours=5))
    exports.export_calendar(world.backend, tmp_path / "second.ics")
    first, second = (events(read_calendar(tmp_path / n)) for n in ("first.ics", "second.ics"))
    assert set(first) == set(second)
    stamps = {str(e["DTSTAMP"].to_ical()) for e in second.values()}
    assert stamps == {"b'20260309T130000Z'"}
    assert ics_export.without_stamps((tmp_path / "first.ics").read_bytes()) == \
        ics_export.without_stamps((tmp_path / "second.ics").read_bytes())


def test_an_interview_from_an_invitation_keeps_our_own_uid(world, tmp_path):
    Interview.update(ical_uid=INVITATION_UID).where(Interview.id == world.interview).execute()
    exports.export_calendar(world.backend, tmp_path / "out.ics")
    data = (tmp_path / "out.ics").read_bytes()
    assert f"interview-{world.interview}@followup-desktop" in events(Calendar.from_ical(data))
    assert INVITATION_UID.encode() not in data


def test_hostile_text_is_escaped_and_comes_back_literally(world, tmp_path):
    exports.export_calendar(world.backend, tmp_path / "out.ics")
    data = (tmp_path / "out.ics").read_bytes()
    unfolded = data.replace(b"\r\n ", b"")
    assert b'Acme\\, Inc\\; "x" \\\\ y' in unfolded
    assert b"<a href" in unfolded  # plain text: never declared or turned into HTML
    event = events(Calendar.from_ical(data))[f"action-{world.hostile_action}@followup-desktop"]
    assert str(event["SUMMARY"]) == f"Keep in touch with Ada Lovelace ({HOSTILE_COMPANY})"
    description = str(event["DESCRIPTION"])
    assert description.endswith(HOSTILE_NOTE.replace("\r\n", "\n"))
    assert "To: Ada Lovelace, " + HOSTILE_TITLE in description


def test_lines_end_with_crlf_and_are_folded_at_75_octets(world, tmp_path):
    exports.export_calendar(world.backend, tmp_path / "out.ics")
    data = (tmp_path / "out.ics").read_bytes()
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) > 5  # the long note was folded
    data.decode("utf-8")  # folding never splits a character


def test_every_event_has_a_display_alarm(world, tmp_path):
    exports.export_calendar(world.backend, tmp_path / "out.ics")
    for uid, event in events(read_calendar(tmp_path / "out.ics")).items():
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        alarm = alarms[0]
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
        before = timedelta(hours=-1) if uid.startswith("interview-") else timedelta(0)
        assert alarm.decoded("TRIGGER") == before


def test_the_export_is_owner_only_and_leaves_no_temporary_file(world, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    old_umask = os.umask(0)  # even where new files would be world-readable
    try:
        exports.export_calendar(world.backend, folder / "cal.ics")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((folder / "cal.ics").stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["cal.ics"]


def test_an_export_replaces_an_existing_file(world, tmp_path):
    path = tmp_path / "cal.ics"
    path.write_text("old")
    path.chmod(0o644)
    exports.export_calendar(world.backend, path)
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_that_cannot_be_written_is_a_user_error(world, tmp_path):
    missing = tmp_path / "no such folder" / "cal.ics"
    with pytest.raises(UserError, match=r"no such folder.*cannot be written"):
        exports.export_calendar(world.backend, missing)
    with pytest.raises(UserError, match="cannot be written"):
        exports.export_calendar(world.backend, tmp_path)  # a folder


def test_the_feed_is_kept_in_the_data_folder(world):
    path = exports.refresh_calendar_feed(world.backend)
    assert path == world.backend.data_dir / "calendar.ics"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"interview-{world.interview}@followup-desktop" in events(read_calendar(path))


def test_the_feed_is_not_rewritten_when_nothing_changed(world):
    path = exports.refresh_calendar_feed(world.backend)
    before = path.stat()
    data = path.read_bytes()
    clock_of(world.backend).set(MONDAY + timedelta(hours=2))  # a new DTSTAMP alone
    assert exports.refresh_calendar_feed(world.backend) == path
    after = path.stat()
    assert path.read_bytes() == data
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_the_feed_is_rewritten_when_an_event_changed(world):
    path = exports.refresh_calendar_feed(world.backend)
    old = path.read_bytes()
    clock_of(world.backend).set(MONDAY + timedelta(hours=2))
    actions.skip(world.backend, thank_you(world.bob).id)
    exports.refresh_calendar_feed(world.backend)
    new = path.read_bytes()
    assert ics_export.without_stamps(new) != ics_export.without_stamps(old)
    assert f"action-{thank_you(world.bob).id}@" not in new.decode()
    assert b"DTSTAMP:20260309T100000Z" in new


def test_a_feed_made_readable_by_others_is_made_private_again(world):
    path = exports.refresh_calendar_feed(world.backend)
    path.chmod(0o644)
    exports.refresh_calendar_feed(world.backend)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_empty_database_gives_a_valid_empty_calendar(tmp_path):
    with make_backend(tmp_path / "data", start=MONDAY) as backend:
        assert exports.export_calendar(backend, tmp_path / "empty.ics") == 0
    calendar = read_calendar(tmp_path / "empty.ics")
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == APP_NAME


def test_summaries_of_every_kind():
    due = datetime(2026, 3, 10, 9, tzinfo=UTC)
    made = {kind: ics_export.action_summary(ics_export.ActionEvent(
        1, kind, due, "Phone call", "Acme", "Engineer", contact="Ada")) for kind in ActionKind}
    assert made == {
        ActionKind.THANK_YOU: "Thank-you to Ada (Acme)",
        ActionKind.KEEP_IN_TOUCH: "Keep in touch with Ada (Acme)",
        ActionKind.DECISION_CHECK: "Decision check: Ada (Acme)",
        ActionKind.ASK_ABOUT_DECISION: "Ask about the decision: Ada (Acme)"}
    nobody = ics_export.ActionEvent(1, ActionKind.DECISION_CHECK, due, "Phone call", "Acme", "E")
    assert ics_export.action_summary(nobody) == "Decision check: Acme"
    second = ics_export.InterviewEvent(1, due, due + timedelta(hours=1), "Acme", "Engineer",
                                       round=2)
    assert ics_export.interview_summary(second) == "Interview (round 2): Acme – Engineer"
