"""Interviews in: events of the calendars the user picked, where the user is an attendee, are
held as proposals; accepted, they are interviews with a plan, as an imported invitation is;
moved on the server they move here, cancelled there they are cancelled here; the same events
again change nothing. On Radicale and Xandikos (`dav`), against the real servers; the data
folder's clock is pinned (tests/helpers/backends.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup_desktop.domain.model import ActionKind, ActionState
from followup_desktop.services import settings
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.invitations.proposal import Choice
from followup_desktop.services.sync import proposals_in
from followup_desktop.services.sync.interviews_ledger import load
from followup_desktop.storage.models import Action, Application, Company, Interview
from helpers.backends import clock_of
from helpers.calendar_invites import (
    END,
    GRACE,
    NOW,
    START,
    UID,
    Calendars,
    invitation,
    pick,
    set_me,
)
from helpers.dav_server import DavServer
from helpers.sync_world import connect, pending, run


def ready(backend, dav: DavServer, calendars: Calendars) -> None:
    clock_of(backend).set(NOW)
    connect(backend, dav)
    set_me(backend)
    calendars.make("Work")
    calendars.make("Personal")
    pick(backend, "Work")


def test_an_invitation_in_a_picked_calendar_is_one_proposal_and_accepting_plans_it(
        backend, dav: DavServer):
    calendars = Calendars(dav)
    ready(backend, dav, calendars)
    calendars.put("Work", UID, invitation(UID, START, END))
    result = run(backend, dav)
    assert result.interviews.proposed == 1 and result.interviews.waiting == 1
    assert "1 interview from your calendars to confirm (1 new, `followup-desktop sync " \
        "proposals`)" in result.describe()
    assert Interview.select().count() == 0
    (held,) = proposals_in.held(backend)
    assert held.proposal.action == "create"
    assert held.proposal.company_name == "Globex"
    assert held.seen.calendar == "Work"
    again = run(backend, dav)
    assert again.interviews.proposed == 0 and again.written == 0
    assert len(proposals_in.held(backend)) == 1
    made = proposals_in.accept(backend, held.id)
    assert made.created == 1
    interview = Interview.get()
    assert (interview.start_utc, interview.end_utc, interview.ical_uid) == (START, END, UID)
    assert Company.get_by_id(Application.get_by_id(interview.application_id).company_id
                             ).name == "Globex"
    thanks = [a for a in pending(backend) if a.kind == ActionKind.THANK_YOU]
    assert [a.contact.email for a in thanks] == [GRACE]
    assert proposals_in.held(backend) == []
    after = run(backend, dav)  # the plan goes out; the event is not proposed again
    assert after.interviews.proposed == 0 and after.created == len(pending(backend))
    assert run(backend, dav).written == 0
    assert Interview.select().count() == 1


def accepted(backend, dav: DavServer, calendars: Calendars) -> Interview:
    ready(backend, dav, calendars)
    calendars.put("Work", UID, invitation(UID, START, END))
    run(backend, dav)
    (held,) = proposals_in.held(backend)
    proposals_in.accept(backend, held.id)
    run(backend, dav)
    return Interview.get()


def test_not_an_attendee_an_unpicked_calendar_and_declined_are_ignored(
        backend, dav: DavServer):
    calendars = Calendars(dav)
    ready(backend, dav, calendars)
    calendars.put("Work", "theirs@x", invitation("theirs@x", START, END,
                                                  attendees=(GRACE,)))
    calendars.put("Personal", "personal@x", invitation("personal@x", START, END))
    declined = invitation("declined@x", START, END).replace(
        "PARTSTAT=NEEDS-ACTION;CN=jo", "PARTSTAT=DECLINED;CN=jo")
    calendars.put("Work", "declined@x", declined)
    result = run(backend, dav)
    assert result.interviews.proposed == 0 and proposals_in.held(backend) == []
    assert "to confirm" not in result.describe()
    assert {s.state for s in load().values()} == {"ignored"}  # both of Work, read once
    reports = dav.requests("REPORT")
    assert run(backend, dav).interviews.proposed == 0
    # The second sync asks for the ETags of Work's events only: nothing is read again.
    assert dav.requests("REPORT") == reports + 1
    assert Interview.select().count() == 0


def test_the_apps_own_calendar_is_never_read_as_interviews(backend, dav: DavServer):
    calendars = Calendars(dav)
    ready(backend, dav, calendars)
    pick(backend, "Follow-ups", "Work")
    run(backend, dav)  # the app's calendar is made
    calendars.put("Follow-ups", UID, invitation(UID, START, END))
    result = run(backend, dav)
    assert result.interviews.proposed == 0 and proposals_in.held(backend) == []
    assert "the picked calendar 'Follow-ups' is where this app writes the follow-ups: never " \
        "read as interviews" in result.describe()


def test_moved_on_the_server_moves_the_interview_and_re_plans_it(backend, dav: DavServer):
    calendars = Calendars(dav)
    interview = accepted(backend, dav, calendars)
    (thanks,) = [a for a in pending(backend) if a.kind == ActionKind.THANK_YOU]
    later = START + timedelta(days=2)
    calendars.put("Work", UID, invitation(UID, later, later + timedelta(hours=1), sequence=1))
    result = run(backend, dav)
    assert result.interviews.moved == 1
    assert "from your calendars: 1 interview moved" in result.describe()
    moved = Interview.get_by_id(interview.id)
    assert (moved.start_utc, moved.ical_sequence) == (later, 1)
    assert Action.get_by_id(thanks.id).due_utc > thanks.due_utc  # re-planned, same follow-up
    assert result.updated >= 1  # and what went out to the phone follows in the same sync
    assert Interview.select().count() == 1 and proposals_in.held(backend) == []
    again = run(backend, dav)
    assert (again.interviews.moved, again.written) == (0, 0)


def test_cancelled_on_the_server_cancels_the_interview(backend, dav: DavServer):
    calendars = Calendars(dav)
    interview = accepted(backend, dav, calendars)
    calendars.put("Work", UID, invitation(UID, START, END, sequence=1, status="CANCELLED"))
    result = run(backend, dav)
    assert result.interviews.cancelled == 1
    assert Interview.get_by_id(interview.id).cancelled_utc == NOW
    assert not [a for a in pending(backend) if a.interview_id == interview.id]
    assert ActionState.CANCELLED in {Action.get_by_id(a.id).state for a in Action.select().where(
        Action.interview == interview.id)}
    assert result.removed >= 1  # its thank-yous leave the phone
    assert "1 interview cancelled" in result.describe()
    assert run(backend, dav).interviews.cancelled == 0


def test_malformed_icalendar_is_skipped_with_a_line_and_the_rest_is_taken(
        backend, dav: DavServer):
    calendars = Calendars(dav)
    ready(backend, dav, calendars)
    bad = invitation("bad@x", START, END).replace("SEQUENCE:0", "SEQUENCE:many")
    calendars.put("Work", "bad@x", bad, file="broken.ics")
    zone = invitation("zone@x", START, END).replace(
        "DTSTART:20260318T130000Z", "DTSTART;TZID=Mars/Olympus:20260318T140000").replace(
        "DTEND:20260318T140000Z", "DTEND;TZID=Mars/Olympus:20260318T150000")
    calendars.put("Work", "zone@x", zone, file="zone.ics")
    ends_first = invitation("ends@x", START, END).replace("DTEND:20260318T140000Z",
                                                          "DTEND:20260318T120000Z")
    calendars.put("Work", "ends@x", ends_first, file="ends.ics")
    calendars.put("Work", UID, invitation(UID, START, END))
    result = run(backend, dav)
    assert result.interviews.proposed == 1
    line, ends, unknown = sorted(result.interviews.unreadable)
    assert line.startswith("Work: broken.ics, line ") and "SEQUENCE" in line
    assert ends.startswith("Work: ends.ics, line 7 (event at line 4): the event ends before")
    assert unknown.startswith("Work: zone.ics, line 6 (event at line 4): unknown time zone "
                              "'Mars/Olympus'")
    assert f"{line.rstrip('.')}: skipped" in result.describe()
    assert len(proposals_in.held(backend)) == 1
    assert run(backend, dav).interviews.unreadable == []  # said once, until it changes


def test_rejected_is_never_proposed_again_even_when_the_event_changes(backend, dav: DavServer):
    calendars = Calendars(dav)
    ready(backend, dav, calendars)
    calendars.put("Work", UID, invitation(UID, START, END))
    run(backend, dav)
    (held,) = proposals_in.held(backend)
    assert proposals_in.reject(backend, held.id).uid == UID
    later = START + timedelta(days=1)
    calendars.put("Work", UID, invitation(UID, later, later + timedelta(hours=1), sequence=1))
    result = run(backend, dav)
    assert result.interviews.proposed == 0 and proposals_in.held(backend) == []
    assert Interview.select().count() == 0


def test_gone_from_the_server_keeps_the_interview_and_withdraws_a_proposal(
        backend, dav: DavServer):
    calendars = Calendars(dav)
    interview = accepted(backend, dav, calendars)
    other = "interview-globex-2@globex.example"
    calendars.put("Work", other, invitation(other, END + timedelta(days=1),
                                            END + timedelta(days=1, hours=1)))
    assert run(backend, dav).interviews.proposed == 1
    calendars.delete("Work", UID)
    calendars.delete("Work", other)
    result = run(backend, dav)
    assert (result.interviews.gone, result.interviews.withdrawn) == (1, 1)
    assert "the event of 1 interview is no longer in your calendar" in result.describe()
    assert Interview.get_by_id(interview.id).cancelled_utc is None
    assert any(a.interview_id == interview.id for a in pending(backend))
    assert proposals_in.held(backend) == []
    quiet = run(backend, dav)
    assert (quiet.interviews.gone, quiet.interviews.withdrawn, quiet.written) == (0, 0, 0)


def test_an_interview_imported_from_its_file_follows_its_event_without_a_question(
        backend, radicale: DavServer, tmp_path):
    from followup_desktop.services.exchange.invitations.applying import import_ics

    calendars = Calendars(radicale)
    ready(backend, radicale, calendars)
    file = tmp_path / "invite.ics"
    file.write_text(invitation(UID, START, END))
    assert import_ics(backend, file).created == 1
    calendars.put("Work", UID, invitation(UID, START, END))
    first = run(backend, radicale)
    assert first.interviews.proposed == 0 and proposals_in.held(backend) == []
    later = START + timedelta(hours=3)
    calendars.put("Work", UID, invitation(UID, later, later + timedelta(hours=1)))
    assert run(backend, radicale).interviews.moved == 1  # the same SEQUENCE, another time
    assert [i.start_utc for i in Interview.select()] == [later]


def test_an_interview_typed_in_for_that_time_is_linked_not_doubled(backend, radicale: DavServer):
    from followup_desktop.services import records

    calendars = Calendars(radicale)
    ready(backend, radicale, calendars)
    company = records.add_company(backend, "Globex")
    application = records.add_application(backend, company, "Embedded Developer")
    typed = records.add_interview(backend, application, START, END, "Europe/Berlin", [])
    calendars.put("Work", UID, invitation(UID, START, END))
    run(backend, radicale)
    (held,) = proposals_in.held(backend)
    assert (held.proposal.action, held.proposal.interview_id) == ("update", typed)
    assert proposals_in.accept(backend, held.id).updated == 1
    assert [(i.id, i.ical_uid) for i in Interview.select()] == [(typed, UID)]


def test_without_an_address_of_the_user_nothing_is_read_and_the_line_says_why(
        backend, radicale: DavServer):
    calendars = Calendars(radicale)
    ready(backend, radicale, calendars)
    with backend.write():
        settings.save("own_addresses", [])
    calendars.put("Work", UID, invitation(UID, START, END))
    reports = radicale.requests("REPORT")
    result = run(backend, radicale)
    assert result.interviews.no_address and proposals_in.held(backend) == []
    assert "none of your e-mail addresses is known: add them (`sync calendars --me " \
        "ADDRESS`)" in result.describe()
    assert radicale.requests("REPORT") == reports  # not a single event asked for


def test_accepting_needs_no_server_and_the_next_sync_takes_what_changed_meanwhile(
        backend, radicale: DavServer):
    calendars = Calendars(radicale)
    ready(backend, radicale, calendars)
    calendars.put("Work", UID, invitation(UID, START, END))
    run(backend, radicale)
    later = START + timedelta(days=1)
    calendars.put("Work", UID, invitation(UID, later, later + timedelta(hours=1), sequence=1))
    radicale.stop()
    (held,) = proposals_in.held(backend)
    assert proposals_in.accept(backend, held.id).created == 1  # as it was when held
    assert Interview.get().start_utc == START
    radicale.start()
    result = run(backend, radicale)
    assert result.interviews.moved == 1 and Interview.get().start_utc == later
    assert Interview.select().count() == 1


def test_a_picked_calendar_the_server_refuses_is_said_and_the_rest_goes_on(
        backend, radicale: DavServer, monkeypatch):
    """No real server is made to refuse one calendar's query; the refusal is the library's
    own answer to a 403, raised where the query is made, and everything else is real."""
    from followup_desktop.services.sync import interviews_in
    from followup_desktop.services.sync.server import SyncError

    calendars = Calendars(radicale)
    ready(backend, radicale, calendars)
    pick(backend, "Personal", "Work")
    calendars.put("Work", UID, invitation(UID, START, END))
    real = interviews_in.etags_between

    def refusing(server, calendar, start, end):
        if calendar.name == "Personal":
            raise SyncError("the calendar server answered 403 Forbidden when listing the "
                            "events of the calendar 'Personal'; the next sync tries again.")
        return real(server, calendar, start, end)

    monkeypatch.setattr(interviews_in, "etags_between", refusing)
    result = run(backend, radicale)
    assert result.interviews.failed == [
        "the calendar server answered 403 Forbidden when listing the events of the calendar "
        "'Personal'; the next sync tries again"]
    assert result.interviews.proposed == 1
    assert "403 Forbidden when listing the events of the calendar 'Personal'" in \
        result.describe()


def test_a_proposal_with_no_company_to_tell_is_accepted_with_the_users_choice(
        backend, radicale: DavServer):
    calendars = Calendars(radicale)
    ready(backend, radicale, calendars)
    data = invitation(UID, START, END, attendees=("jo@example.org",)).replace(
        "rita.recruiter@globex.example", "rita.r@gmail.com")
    calendars.put("Work", UID, data)
    run(backend, radicale)
    (held,) = proposals_in.held(backend)
    assert held.proposal.company_name == ""
    with pytest.raises(UserError, match="no company could be told from the invitation"):
        proposals_in.accept(backend, held.id)
    assert Interview.select().count() == 0 and len(proposals_in.held(backend)) == 1
    made = proposals_in.accept(backend, held.id, Choice(company_name="Initech",
                                                        position="Firmware Engineer"))
    assert made.created == 1 and made.companies_created == 1
    assert Application.get().position == "Firmware Engineer"


def test_a_proposal_imported_from_its_file_meanwhile_is_no_longer_waiting(
        backend, radicale: DavServer, tmp_path):
    from followup_desktop.services.exchange.invitations.applying import import_ics

    calendars = Calendars(radicale)
    ready(backend, radicale, calendars)
    calendars.put("Work", UID, invitation(UID, START, END))
    run(backend, radicale)
    (held,) = proposals_in.held(backend)
    file = tmp_path / "invite.ics"
    file.write_text(invitation(UID, START, END))
    assert import_ics(backend, file).created == 1
    assert proposals_in.held(backend) == []
    with pytest.raises(UserError, match=f"No proposal '{held.id}' is waiting"):
        proposals_in.accept(backend, held.id)
    later = START + timedelta(hours=2)
    calendars.put("Work", UID, invitation(UID, later, later + timedelta(hours=1), sequence=1))
    assert run(backend, radicale).interviews.moved == 1
    assert Interview.select().count() == 1
