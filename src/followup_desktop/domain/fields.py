"""Each field a user enters, declared once: how an error names it, the label a form shows, its
length limit and its check; and the words for every choice (channels, formats, roles, states).

The writers in services/records, the editors, the imports and the exports all read these, so a
website's limit or the label of "On site" cannot disagree between two screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import (
    ActionState,
    ApplicationStatus,
    Channel,
    InterviewFormat,
    Role,
)

ADDRESS_TEXT = 1_000  # a postal address, a location
URL_TEXT = 2_000  # a web address


@dataclass(frozen=True)
class Field:
    where: str  # how a ValidationError names it: "company name"
    label: str  # what a form shows beside it: "Name"
    limit: int = check.SHORT_TEXT
    required: bool = False
    email: bool = False

    def check(self, value: object, prefix: str = "") -> str:
        """The value if it is allowed here, else a ValidationError naming the field;
        `prefix` tells apart several people in one form ("new interviewer 2: ")."""
        if self.email:
            return check.email(value, prefix + self.where)
        return check.text(value, prefix + self.where, self.limit, self.required)

    @property
    def multiline(self) -> bool:
        return self.limit > check.SHORT_TEXT


# --- companies
COMPANY_NAME = Field("company name", "Name", required=True)
WEBSITE = Field("website", "Website", URL_TEXT)
POSTAL_ADDRESS = Field("postal address", "Postal address", ADDRESS_TEXT)
REACH_NOTES = Field("how to reach them", "How to reach them", check.LONG_TEXT)

# --- people
CONTACT_NAME = Field("contact name", "Name", required=True)
TITLE = Field("title", "Title")
EMAIL = Field("e-mail", "E-mail", email=True)
PHONE = Field("phone", "Phone")
VERIFIED_SOURCE = Field("verified from", "Verified from")
NOTES = Field("notes", "Notes", check.LONG_TEXT)

# --- applications
POSITION = Field("position", "Position", required=True)
POSTING_URL = Field("posting URL", "Posting URL", URL_TEXT)
STATUS_NOTE = Field("note", "Note", check.LONG_TEXT)

# --- interviews
LOCATION = Field("location", "Location", ADDRESS_TEXT)
DISCUSSED = Field("what was discussed", "What was discussed", check.LONG_TEXT)
MAX_ROUND = 20

# --- the words for each choice
CHANNEL_LABELS: dict[Channel, str] = {
    Channel.EMAIL: "E-mail", Channel.PHONE: "Phone call", Channel.CARD: "Handwritten card",
    Channel.LETTER: "Letter",
}
FORMAT_LABELS: dict[InterviewFormat, str] = {
    InterviewFormat.ONSITE: "On site", InterviewFormat.VIDEO: "Video call",
    InterviewFormat.PHONE: "Phone call",
}
ROLE_LABELS: dict[Role, str] = {
    Role.INTERVIEWER: "Interviewer", Role.HIRING_MANAGER: "Hiring manager",
    Role.RECRUITER: "Recruiter", Role.RECEPTIONIST: "Receptionist / front desk",
    Role.OTHER: "Contact",  # reads as "Contact at Northwind" on the Contacts page
}
STATUS_LABELS: dict[ApplicationStatus, str] = {
    ApplicationStatus.APPLIED: "Applied", ApplicationStatus.INTERVIEWING: "Interviewing",
    ApplicationStatus.OFFER: "Offer", ApplicationStatus.REJECTED: "Rejected",
    ApplicationStatus.WITHDRAWN: "Withdrawn",
}
STATE_LABELS: dict[ActionState, str] = {
    ActionState.PLANNED: "Planned", ActionState.SNOOZED: "Snoozed", ActionState.DONE: "Done",
    ActionState.SKIPPED: "Skipped", ActionState.CANCELLED: "Cancelled",
}
_LABELS: dict[type[StrEnum], dict] = {
    Channel: CHANNEL_LABELS, InterviewFormat: FORMAT_LABELS, Role: ROLE_LABELS,
    ApplicationStatus: STATUS_LABELS, ActionState: STATE_LABELS,
}


def label(value: StrEnum) -> str:
    """The words a user reads for a choice: label(Channel.CARD) == "Handwritten card"."""
    return _LABELS[type(value)][value]


def labelled(enum: type[StrEnum]) -> list[tuple[str, StrEnum]]:
    """(label, member) for a choice box, in the enumeration's order."""
    return [(_LABELS[enum][member], member) for member in enum]
