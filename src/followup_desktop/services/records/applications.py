"""Writing applications: a new one (at a company by id or by name), a change, a status change
with its history, the decision date."""

from __future__ import annotations

from datetime import date

from followup_desktop.domain import fields
from followup_desktop.domain import validation as check
from followup_desktop.domain.model import ApplicationStatus
from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing
from followup_desktop.services.planning import replan
from followup_desktop.services.records.companies import company_id, new_company_name
from followup_desktop.services.records.rows import application_row
from followup_desktop.storage.models import Application, StatusChange


def add_application(backend: Backend, company: int | str, position: str, *,
                    status: ApplicationStatus = ApplicationStatus.APPLIED,
                    posting_url: str = "", decision_date: date | None = None,
                    second_round_expected: bool | None = None, notes: str = "") -> int:
    """A new application at an existing company (its id) or at a new one (its name)."""
    row = application_row(position, posting_url, decision_date, second_round_expected, notes)
    status = check.choice(status, ApplicationStatus, "status")
    new_company = new_company_name(company)
    now = backend.clock.now()
    with backend.write():
        found = company_id(backend, company, new_company)
        app = Application.create(company=found, status=status, created_utc=now, **row)
        StatusChange.create(application=app.id, old_status=None, new_status=status, at_utc=now)
        replan(backend, app.id)
    return app.id


def update_application(backend: Backend, application_id: int, company: int | str,
                       position: str, *, posting_url: str = "",
                       decision_date: date | None = None,
                       second_round_expected: bool | None = None, notes: str = "") -> None:
    """Change an application (its status changes go through `set_status`)."""
    row = application_row(position, posting_url, decision_date, second_round_expected, notes)
    new_company = new_company_name(company)
    with backend.write():
        existing(Application, application_id, "application")
        found = company_id(backend, company, new_company)
        Application.update(company=found, **row).where(
            Application.id == application_id).execute()
        replan(backend, application_id)


def set_status(backend: Backend, application_id: int, status: ApplicationStatus,
               note: str = "") -> None:
    """Record a status change; an offer, rejection or withdrawal cancels what is pending."""
    new = check.choice(status, ApplicationStatus, "status")
    note = fields.STATUS_NOTE.check(note)
    with backend.write():
        change_status(backend, existing(Application, application_id, "application"), new, note)


def change_status(backend: Backend, app: Application, new: ApplicationStatus,
                  note: str = "") -> None:
    """Inside a transaction, with the row already read."""
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
            change_status(backend, app, ApplicationStatus.INTERVIEWING)
