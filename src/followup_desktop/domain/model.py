"""Vocabulary of the domain: the enumerations every layer shares and the planner's inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    CARD = "card"
    LETTER = "letter"


class Role(StrEnum):
    INTERVIEWER = "interviewer"
    HIRING_MANAGER = "hiring_manager"
    RECRUITER = "recruiter"
    RECEPTIONIST = "receptionist"
    OTHER = "other"


class ApplicationStatus(StrEnum):
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_closed(self) -> bool:
        """An offer, a rejection or a withdrawal ends the follow-up plan."""
        return self in CLOSED_STATUSES


CLOSED_STATUSES = frozenset(
    {ApplicationStatus.OFFER, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
)


class ActionKind(StrEnum):
    THANK_YOU = "thank_you"
    KEEP_IN_TOUCH = "keep_in_touch"
    DECISION_CHECK = "decision_check"
    ASK_ABOUT_DECISION = "ask_about_decision"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ActionKind.THANK_YOU: "Thank-you",
    ActionKind.KEEP_IN_TOUCH: "Keep in touch",
    ActionKind.DECISION_CHECK: "Decision check",
    ActionKind.ASK_ABOUT_DECISION: "Ask about the decision",
}


class ActionState(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    CANCELLED = "cancelled"

    @property
    def is_pending(self) -> bool:
        return self in (ActionState.PLANNED, ActionState.SNOOZED)


class IdeaKind(StrEnum):
    """What a keep-in-touch note brings."""

    INPUT = "input"  # an article, an answer to a question they asked
    FEEDBACK = "feedback"  # on their product or on the interview topics
    IDEA = "idea"


class InterviewFormat(StrEnum):
    ONSITE = "onsite"
    VIDEO = "video"
    PHONE = "phone"


@dataclass(frozen=True)
class Person:
    """A contact as the planner sees it."""

    id: int
    name: str
    title: str
    role: Role
    company_id: int | None = None


@dataclass(frozen=True)
class InterviewFacts:
    """One interview as the planner sees it; instants are timezone-aware."""

    id: int
    start: datetime
    end: datetime
    round: int
    interviewer_ids: tuple[int, ...]
    entered: datetime | None = None  # when it was entered or imported; None: before it ended


@dataclass(frozen=True)
class CheckFacts:
    """A decision check that was done or skipped, as the decision loop sees it."""

    key: str | None  # None: added by hand
    state: ActionState  # DONE or SKIPPED
    due: datetime  # when it was planned for
    at: datetime  # when it was done or skipped


@dataclass(frozen=True)
class ApplicationFacts:
    """Everything the planner needs to plan one application."""

    id: int
    company_id: int
    status: ApplicationStatus
    decision_date: date | None
    preferred_channel: Channel | None
    interviews: tuple[InterviewFacts, ...]
    people: dict[int, Person] = field(default_factory=dict)
    checks: tuple[CheckFacts, ...] = ()  # decision checks done or skipped
    # Hearing back (domain/hearing_back.py): a reply waits for the user's answer, which holds
    # the decision call; the last time the user answered a reply with "no news".
    reply_waiting: bool = False
    no_news_at: datetime | None = None


@dataclass(frozen=True)
class TouchFacts:
    """Something actually sent or said, used by the anti-pester guard."""

    at: datetime
    company_id: int | None
    contact_id: int | None
    kind: ActionKind | None = None
    interview_id: int | None = None
