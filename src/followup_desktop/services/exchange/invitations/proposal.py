"""What importing invitations would do, what the user chose where it guessed wrong, and what
the import did: what `propose` hands to `apply`, and what `apply` hands back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from followup_desktop.domain.counts import counted
from followup_desktop.domain.model import InterviewFormat, Role
from followup_desktop.io.ics_import.invitation import Invitation

ProposedAction = Literal["create", "update", "cancel", "unchanged", "outdated", "skip"]
NO_POSITION = "(position not named in the invitation)"


@dataclass(frozen=True)
class PersonProposal:
    """Someone from the invitation who would be a contact."""

    name: str
    email: str
    role: Role
    interviewer: bool  # on the interview's panel, so thanked afterwards
    existing_contact_id: int | None = None
    title: str = ""  # written next to the name in the description; for a new contact


@dataclass(frozen=True)
class Proposal:
    """What importing one invitation would do."""

    invitation: Invitation
    action: ProposedAction
    reason: str = ""  # why, for unchanged, outdated and skip; what changes, for update
    interview_id: int | None = None  # the interview it updates or cancels
    company_name: str = ""
    existing_company_id: int | None = None
    company_domain: str = ""  # where the name came from, kept as the company's website
    position: str = ""
    existing_application_id: int | None = None
    people: tuple[PersonProposal, ...] = ()
    needs_own_addresses: bool = False  # nobody said which attendee is the user
    own_addresses: tuple[str, ...] = ()
    format: InterviewFormat = InterviewFormat.ONSITE
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """The user's answer for one invitation (by UID) where the proposal guessed wrong."""

    skip: bool = False
    company_id: int | None = None
    company_name: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class Skipped:
    uid: str
    summary: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    interview_ids: tuple[int, ...] = ()
    created_ids: tuple[int, ...] = ()  # the interviews this import added
    companies_created: int = 0
    contacts_created: int = 0
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the user: what the import did."""
        parts = [counted(self.created, "new interview")] if self.created else []
        parts += [f"{count} {word}" for count, word in (
            (self.updated, "updated"), (self.cancelled, "cancelled"),
            (self.unchanged, "unchanged"), (len(self.skipped), "skipped")) if count]
        return ", ".join(parts) or "nothing to import"
