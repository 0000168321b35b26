"""Writing interviews with their panel (new people included): the one writer every editor,
import and the debrief go through, so each interview is checked the same way."""

from __future__ import annotations

from datetime import datetime

from followup_desktop.domain import fields
from followup_desktop.domain import validation as check
from followup_desktop.domain.model import ActionKind, InterviewFormat
from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing
from followup_desktop.services.planning import replan
from followup_desktop.services.records.applications import advance_status
from followup_desktop.services.records.drafts import InterviewDraft
from followup_desktop.services.records.replanning import all_exist, replan_all
from followup_desktop.services.records.rows import interview_row, new_people_rows
from followup_desktop.storage.models import (
    Action,
    Application,
    Contact,
    Interview,
    InterviewContact,
    Touch,
)


def create_interview(backend: Backend, draft: InterviewDraft) -> int:
    """Record an interview with its panel and plan its follow-ups."""
    row = interview_row(draft)
    new_people = new_people_rows(draft.new_interviewers)
    with backend.write():
        app = existing(Application, draft.application_id, "application")
        panel = interview_panel(backend, app.company_id, draft.interviewer_ids, new_people)
        interview = Interview.create(application=app.id, created_utc=backend.clock.now(), **row)
        set_panel(interview.id, panel)
        advance_status(backend, app.id)
        replan(backend, app.id)
    return interview.id


def add_interview(backend: Backend, application_id: int, start: datetime, end: datetime,
                  zone: str, interviewer_ids: list[int], *, round: int = 1,
                  format: InterviewFormat = InterviewFormat.ONSITE, location: str = "",
                  discussed: str = "") -> int:
    """`create_interview` with the panel of people already known, as the sample data, the
    invitations and the tests give it."""
    return create_interview(backend, InterviewDraft(
        application_id, start, end, zone, tuple(interviewer_ids), round=round, format=format,
        location=location, discussed=discussed))


def update_interview(backend: Backend, interview_id: int, draft: InterviewDraft) -> None:
    """Change an interview and replace its panel; untouched planned follow-ups move with it,
    done ones stay as they were."""
    row = interview_row(draft)
    new_people = new_people_rows(draft.new_interviewers)
    with backend.write():
        old = existing(Interview, interview_id, "interview")
        app = existing(Application, draft.application_id, "application")
        panel = interview_panel(backend, app.company_id, draft.interviewer_ids, new_people)
        Interview.update(application=app.id, **row).where(Interview.id == interview_id).execute()
        if old.application_id != app.id:
            _move_follow_ups(interview_id, app.id)
        set_panel(interview_id, panel)
        advance_status(backend, app.id)
        replan_all(backend, {old.application_id, app.id})


def link_invitation(backend: Backend, interview_id: int, uid: str, sequence: int) -> None:
    """Remember the calendar invitation (its UID and SEQUENCE) an interview was made from, so
    that a later version of it changes this interview instead of adding another."""
    with backend.write():
        Interview.update(ical_uid=uid, ical_sequence=sequence).where(
            Interview.id == interview_id).execute()


def reschedule_from_invitation(backend: Backend, interview_id: int, start: datetime,
                               end: datetime, zone: str, location: str, uid: str,
                               sequence: int, interviewer_ids: list[int]) -> int:
    """A newer version of its invitation: the interview's new times and place (checked as an
    editor's are), no longer cancelled; new interviewers join the panel, no one leaves it (the
    user may have added people the invitation does not name). The plan follows. Returns the
    interview's application."""
    start, end = check.moment(start, "start"), check.moment(end, "end")
    check.interval(start, end, "interview")
    columns: dict[str, object] = {
        "start_utc": start, "end_utc": end, "zone": check.zone(zone, "zone"),
        "ical_uid": uid, "ical_sequence": sequence, "cancelled_utc": None}
    if location:  # an invitation without a place keeps the one the user wrote down
        columns["location"] = fields.LOCATION.check(location)
    with backend.write():
        interview = existing(Interview, interview_id, "interview")
        Interview.update(**columns).where(Interview.id == interview.id).execute()
        join_panel(interview.id, interviewer_ids)
        replan(backend, interview.application_id)
    return int(interview.application_id)


def cancel_from_invitation(backend: Backend, interview_id: int, uid: str, sequence: int,
                           at: datetime) -> None:
    """Its invitation was cancelled: the interview stays, marked cancelled at `at`, so its
    history is kept and an older version of the invitation cannot bring it back."""
    with backend.write():
        interview = existing(Interview, interview_id, "interview")
        Interview.update(cancelled_utc=at, ical_uid=uid,
                         ical_sequence=max(sequence, interview.ical_sequence or 0)).where(
            Interview.id == interview.id).execute()


def join_panel(interview_id: int, contact_ids: list[int]) -> None:
    """Add the people not on the panel yet (inside a transaction); no one is removed."""
    present = {c for (c,) in InterviewContact.select(InterviewContact.contact).where(
        InterviewContact.interview == interview_id).tuples()}
    new = [c for c in dict.fromkeys(contact_ids) if c not in present]
    if new:
        InterviewContact.insert_many([(interview_id, c) for c in new],
                                     fields=[InterviewContact.interview,
                                             InterviewContact.contact]).execute()


def interview_panel(backend: Backend, company_id: int, interviewer_ids: tuple[int, ...],
                    new_people: list[dict[str, object]]) -> list[int]:
    """The interviewers' ids, creating the new ones at the company; inside a transaction."""
    all_exist(Contact, interviewer_ids, "contact")
    now = backend.clock.now()
    created = [Contact.create(company=company_id, created_utc=now, **row).id
               for row in new_people]
    return list(dict.fromkeys([*interviewer_ids, *created]))


def set_panel(interview_id: int, contact_ids: list[int]) -> None:
    InterviewContact.delete().where(InterviewContact.interview == interview_id).execute()
    if contact_ids:
        InterviewContact.insert_many([(interview_id, c) for c in contact_ids],
                                     fields=[InterviewContact.interview,
                                             InterviewContact.contact]).execute()


def _move_follow_ups(interview_id: int, application_id: int) -> None:
    """An interview moved to another application takes its follow-ups and their history along
    (their plan keys name the interview, so they cannot be planned twice). The old
    application's decision check stays with it."""
    moved = Action.select(Action.id).where((Action.interview == interview_id)
                                           & (Action.kind != ActionKind.DECISION_CHECK))
    Touch.update(application=application_id).where(Touch.action << moved).execute()
    Action.update(application=application_id).where(Action.id << moved).execute()
