"""An invitation's later versions change the interview through the records writer
(services/records/interviews.py), checked as the editors' changes are: new times, the panel
joined, a cancellation marked; nothing else writes the interview table."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.model import ActionKind, Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import records
from followup_desktop.services.exchange.invitations import applying
from followup_desktop.services.exchange.invitations.applying import apply, import_ics
from followup_desktop.services.exchange.invitations.proposing import propose, read
from followup_desktop.services.records import interviews
from followup_desktop.storage.models import Action, Interview, InterviewContact
from helpers.backends import START, db_file, table_rows, utc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
ME = ["jane.candidate@gmail.com", "jane.candidate@icloud.com"]
UID = "5s0v3q2rjq8o1c6l9k4bq7m2ab"  # google_request.ics and its update and cancellation


def test_an_imported_update_is_written_by_the_records_writer(backend, monkeypatch):
    import_ics(backend, FIXTURES / "google_request.ics", ME)
    interview = Interview.get(Interview.ical_uid.contains(UID))
    calls: list[tuple[int, int]] = []
    real = interviews.reschedule_from_invitation

    def spy(backend_, interview_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((interview_id, args[5]))  # the id and the new SEQUENCE
        return real(backend_, interview_id, *args, **kwargs)

    monkeypatch.setattr(applying, "reschedule_from_invitation", spy)
    [proposal] = propose(backend, read(backend, FIXTURES / "google_update.ics"), ME)
    assert apply(backend, [proposal]).updated == 1
    assert calls == [(interview.id, 1)]
    moved = Interview.get_by_id(interview.id)
    assert (moved.start_utc, moved.ical_sequence) == (utc("2026-03-11 20:00"), 1)


@pytest.fixture
def interview(backend) -> int:
    company = records.add_company(backend, "Acme Robotics")
    ada = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "Head of Robotics", Role.INTERVIEWER, email="ada@acme.example"))
    application = records.add_application(backend, company, "Robotics Engineer")
    start = START + timedelta(days=1)
    interview_id = records.add_interview(backend, application, start,
                                         start + timedelta(hours=1), "Europe/Berlin", [ada],
                                         location="Gear Street 1")
    interviews.link_invitation(backend, interview_id, "uid-1@example", 0)
    return interview_id


def panel(interview_id: int) -> list[int]:
    return sorted(c for (c,) in InterviewContact.select(InterviewContact.contact).where(
        InterviewContact.interview == interview_id).tuples())


def thank_you_due(interview_id: int) -> set:
    return {a.due_utc for a in Action.select().where(
        (Action.interview == interview_id) & (Action.kind == ActionKind.THANK_YOU))}


def test_rescheduling_moves_the_interview_joins_the_panel_and_replans(backend, interview):
    before = Interview.get_by_id(interview)
    company = records.add_company(backend, "Elsewhere")
    grace = records.add_contact(backend, company, records.ContactDraft("Grace Hopper", "CTO"))
    old_panel, old_due = panel(interview), thank_you_due(interview)
    start = before.start_utc + timedelta(days=2)
    application = interviews.reschedule_from_invitation(
        backend, interview, start, start + timedelta(hours=1), "Europe/Berlin", "", "uid-1@example",
        3, [*old_panel, grace])
    after = Interview.get_by_id(interview)
    assert application == before.application_id
    assert (after.start_utc, after.ical_sequence, after.cancelled_utc) == (start, 3, None)
    assert after.location == "Gear Street 1"  # an invitation without a place keeps it
    assert panel(interview) == sorted([*old_panel, grace])  # joined; no one left
    assert thank_you_due(interview) == {due + timedelta(days=2) for due in old_due}


def test_a_reschedule_is_checked_as_an_editor_change_and_writes_nothing(backend, interview,
                                                                        tmp_path):
    before = table_rows(db_file(tmp_path / "data"))
    start = Interview.get_by_id(interview).start_utc
    with pytest.raises(ValidationError) as caught:
        interviews.reschedule_from_invitation(backend, interview, start, start - timedelta(1),
                                              "Europe/Berlin", "", "uid-1@example", 1, [])
    assert caught.value.where == "interview"
    with pytest.raises(ValidationError) as caught:
        interviews.reschedule_from_invitation(backend, interview, start,
                                              start + timedelta(hours=1), "Mars/Olympus", "",
                                              "uid-1@example", 1, [])
    assert caught.value.where == "zone"
    assert table_rows(db_file(tmp_path / "data")) == before


def test_a_cancellation_is_marked_and_keeps_the_newest_sequence(backend, interview):
    interviews.link_invitation(backend, interview, "uid-1@example", 4)
    at = START + timedelta(hours=3)
    interviews.cancel_from_invitation(backend, interview, "uid-1@example", 2, at)
    cancelled = Interview.get_by_id(interview)
    assert (cancelled.cancelled_utc, cancelled.ical_sequence) == (at, 4)
    assert Interview.select().count() == 1  # kept, with its history
