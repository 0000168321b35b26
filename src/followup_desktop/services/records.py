"""Creating and changing companies, contacts, applications and interviews.

Every entry point validates its input (domain.validation) before it writes, and re-plans the
application it touched inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import ApplicationStatus, Channel, InterviewFormat, Role
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.lookup import existing
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import (
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
    StatusChange,
)


@dataclass(frozen=True)
class ContactDraft:
    name: str
    title: str = ""
    role: Role = Role.INTERVIEWER
    email: str = ""
    phone: str = ""
    postal_address: str = ""
    name_verified: bool = False
    title_verified: bool = False
    verified_source: str = ""
    notes: str = ""


def add_company(backend: Backend, name: str, *, website: str = "", postal_address: str = "",
                preferred_channel: Channel | None = None, reach_notes: str = "") -> int:
    row = {
        "name": check.text(name, "company name", required=True),
        "website": check.text(website, "website", limit=2000),
        "postal_address": check.text(postal_address, "postal address", limit=1000),
        "preferred_channel": None if preferred_channel is None
        else check.choice(preferred_channel, Channel, "preferred channel"),
        "reach_notes": check.text(reach_notes, "how to reach them", limit=check.LONG_TEXT),
    }
    with backend.write():
        return Company.create(created_utc=backend.clock.now(), **row).id


def add_contact(backend: Backend, company_id: int | None, draft: ContactDraft) -> int:
    row = {
        "name": check.text(draft.name, "contact name", required=True),
        "title": check.text(draft.title, "title"),
        "role": check.choice(draft.role, Role, "role"),
        "email": check.email(draft.email, "e-mail"),
        "phone": check.text(draft.phone, "phone"),
        "postal_address": check.text(draft.postal_address, "postal address", limit=1000),
        "verified_source": check.text(draft.verified_source, "verified from"),
        "notes": check.text(draft.notes, "notes", limit=check.LONG_TEXT),
    }
    with backend.write():
        _all_exist(Company, [] if company_id is None else [company_id], "company")
        return Contact.create(company=company_id, name_verified=draft.name_verified,
                              title_verified=draft.title_verified,
                              created_utc=backend.clock.now(), **row).id


def add_application(backend: Backend, company_id: int, position: str, *,
                    status: ApplicationStatus = ApplicationStatus.APPLIED,
                    posting_url: str = "", decision_date: date | None = None,
                    second_round_expected: bool | None = None, notes: str = "") -> int:
    row = {
        "position": check.text(position, "position", required=True),
        "status": check.choice(status, ApplicationStatus, "status"),
        "posting_url": check.text(posting_url, "posting URL", limit=2000),
        "notes": check.text(notes, "notes", limit=check.LONG_TEXT),
    }
    decision_date = check.day(decision_date, "decision date")
    now = backend.clock.now()
    with backend.write():
        _all_exist(Company, [company_id], "company")
        app = Application.create(company=company_id, decision_date=decision_date,
                                 second_round_expected=second_round_expected,
                                 created_utc=now, **row)
        StatusChange.create(application=app.id, old_status=None, new_status=row["status"],
                            at_utc=now)
    return app.id


def add_interview(backend: Backend, application_id: int, start: datetime, end: datetime,
                  zone: str, interviewer_ids: list[int], *, round: int = 1,
                  format: InterviewFormat = InterviewFormat.ONSITE, location: str = "",
                  discussed: str = "") -> int:
    """Record an interview and plan its follow-ups at once."""
    start, end = check.moment(start, "start"), check.moment(end, "end")
    check.interval(start, end, "interview")
    row = {
        "zone": check.zone(zone, "time zone"),
        "format": check.choice(format, InterviewFormat, "format"),
        "location": check.text(location, "location", limit=1000),
        "discussed": check.text(discussed, "what was discussed", limit=check.LONG_TEXT),
    }
    with backend.write():
        app = existing(Application, application_id, "application")
        _all_exist(Contact, interviewer_ids, "contact")
        interview = Interview.create(application=application_id, start_utc=start, end_utc=end,
                                     round=round, created_utc=backend.clock.now(), **row)
        InterviewContact.insert_many(
            [(interview.id, c) for c in dict.fromkeys(interviewer_ids)],
            fields=[InterviewContact.interview, InterviewContact.contact],
        ).execute()
        if app.status == ApplicationStatus.APPLIED:  # advance_status, the row already read
            _change_status(backend, app, ApplicationStatus.INTERVIEWING)
        replan(backend, application_id)
    return interview.id


def _all_exist(model: type[Company] | type[Contact], ids: list[int], what: str) -> None:
    """Like `existing` for each id, in one query that reads only ids."""
    found = {i for (i,) in model.select(model.id).where(model.id << ids).tuples()}
    for record_id in ids:
        if record_id not in found:
            raise UserError(f"There is no {what} {record_id}.")


def set_status(backend: Backend, application_id: int, status: ApplicationStatus,
               note: str = "") -> None:
    """Record a status change; an offer, rejection or withdrawal cancels what is pending."""
    new = check.choice(status, ApplicationStatus, "status")
    note = check.text(note, "note", limit=check.LONG_TEXT)
    with backend.write():
        _change_status(backend, existing(Application, application_id, "application"), new, note)


def _change_status(backend: Backend, app: Application, new: ApplicationStatus,
                   note: str = "") -> None:
    if app.status == new:
        return
    StatusChange.create(application=app.id, old_status=app.status, new_status=new,
                        at_utc=backend.clock.now(), note=note)
    Application.update(status=new).where(Application.id == app.id).execute()
    app.status = new
    replan(backend, app.id)


def set_decision_date(backend: Backend, application_id: int, decision: date | None) -> None:
    decision = check.day(decision, "decision date")
    with backend.write():
        existing(Application, application_id, "application")
        Application.update(decision_date=decision).where(
            Application.id == application_id).execute()
        replan(backend, application_id)


def advance_status(backend: Backend, application_id: int) -> None:
    """An interview moves an application from "applied" to "interviewing"."""
    app = Application.get_by_id(application_id)
    if app.status == ApplicationStatus.APPLIED:
        with backend.write():
            _change_status(backend, app, ApplicationStatus.INTERVIEWING)
