"""Writing interviews with their panel (new people included): the one writer every editor,
import and the debrief go through, so each interview is checked the same way."""

from __future__ import annotations

from datetime import datetime

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
