"""What the writers take: a person or an interview as a form, an import or a test enters it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_desktop.domain.model import InterviewFormat, Role


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


@dataclass(frozen=True)
class InterviewDraft:
    """An interview as an editor enters it: existing interviewers by id, new ones as drafts
    (created at the application's company)."""

    application_id: int
    start: datetime
    end: datetime
    zone: str
    interviewer_ids: tuple[int, ...] = ()
    new_interviewers: tuple[ContactDraft, ...] = ()
    round: int = 1
    format: InterviewFormat = InterviewFormat.ONSITE
    location: str = ""
    discussed: str = ""
