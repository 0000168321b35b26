"""Writing people: a new contact, a change (whom the planner writes to may change with it)."""

from __future__ import annotations

from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing, existing_or_none
from followup_desktop.services.records.drafts import ContactDraft
from followup_desktop.services.records.replanning import (
    all_exist,
    applications_of_companies,
    replan_all,
)
from followup_desktop.services.records.rows import contact_row
from followup_desktop.storage.models import Company, Contact, Interview, InterviewContact


def add_contact(backend: Backend, company_id: int | None, draft: ContactDraft) -> int:
    row = contact_row(draft)
    with backend.write():
        all_exist(Company, [] if company_id is None else [company_id], "company")
        return Contact.create(company=company_id, created_utc=backend.clock.now(), **row).id


def update_contact(backend: Backend, contact_id: int, company_id: int | None,
                   draft: ContactDraft) -> None:
    """Change a person; their role and company decide whom the planner writes to."""
    row = contact_row(draft)
    with backend.write():
        old = existing(Contact, contact_id, "contact")
        existing_or_none(Company, company_id, "company")
        Contact.update(company=company_id, **row).where(Contact.id == contact_id).execute()
        companies = [c for c in {old.company_id, company_id} if c is not None]
        met = (Interview.select(Interview.application).join(InterviewContact)
               .where(InterviewContact.contact == contact_id))
        replan_all(backend, applications_of_companies(companies)
                   | {i.application_id for i in met})
