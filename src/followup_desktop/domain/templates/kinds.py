"""Note kinds, and the template, the facts that fill it and the draft it becomes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from followup_desktop.domain.model import ActionKind, Channel


class NoteKind(StrEnum):
    THANK_YOU = "thank_you"
    SECOND_ROUND_THANKS = "second_round_thanks"
    KEEP_IN_TOUCH = "keep_in_touch"
    DECISION_CHECK = "decision_check"
    ASK_ABOUT_DECISION = "ask_about_decision"


def note_kind(action_kind: ActionKind, interview_round: int | None) -> NoteKind:
    """The note an action calls for; thanks after a later round say so."""
    if action_kind == ActionKind.THANK_YOU and interview_round is not None and interview_round >= 2:
        return NoteKind.SECOND_ROUND_THANKS
    return NoteKind(action_kind.value)


def template_key(kind: NoteKind, channel: Channel) -> str:
    """How a template is stored, e.g. ``thank_you/email``."""
    return f"{kind}/{channel}"


@dataclass(frozen=True)
class Template:
    kind: NoteKind
    channel: Channel
    subject: str  # "" for card, letter and phone
    body: str

    @property
    def key(self) -> str:
        return template_key(self.kind, self.channel)


@dataclass(frozen=True)
class NoteFacts:
    kind: NoteKind
    channel: Channel
    name: str
    title: str
    company: str
    position: str
    interview_day: str  # e.g. "Tuesday" or "": the caller formats it
    specific: str  # one specific from the interview notes, "" if none
    idea: str  # something to bring (keep-in-touch), "" if none
    idea_kind: str  # "input" | "feedback" | "idea" | ""
    sender: str  # the user's name, "" if unknown


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
