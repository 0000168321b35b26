"""The only writers of companies, people, applications and interviews. Each checks all of its
input against the field rules (domain/fields.py) before it writes, so a ValidationError names
the field and nothing is stored, and re-plans what it touched in the same transaction."""

from followup_desktop.services.records.applications import (
    add_application,
    advance_status,
    set_decision_date,
    set_status,
    update_application,
)
from followup_desktop.services.records.companies import add_company, update_company
from followup_desktop.services.records.contacts import add_contact, update_contact
from followup_desktop.services.records.drafts import ContactDraft, InterviewDraft
from followup_desktop.services.records.interviews import (
    add_interview,
    create_interview,
    update_interview,
)
from followup_desktop.services.records.rows import new_interviewer_prefix

__all__ = [
    "ContactDraft", "InterviewDraft", "add_application", "add_company", "add_contact",
    "add_interview", "advance_status", "create_interview", "new_interviewer_prefix",
    "set_decision_date", "set_status", "update_application", "update_company",
    "update_contact", "update_interview",
]
