"""Hearing back: what a message in the user's own mailbox means for their follow-ups.

- A reply from someone at the company is an incoming touch. When it came after the latest
  interview (and after the latest decision call) it waits for the user to say what it said
  (`ReplyAnswer.WAITING`), and while one waits the decision call is held: the planner does not
  plan it. Nothing about the application changes until the user answers; the answers are the
  decision call's outcomes (domain/decision.py), plus "no news" for a reply that said nothing
  about the decision: then the date the user knew stays, and the call comes back where the
  decision loop puts it, but not sooner than `Rules.recheck_every` after the answer (they just
  wrote; calling at once to ask would pester).
- A message the user sent to a contact is the thank-you, keep-in-touch note or question about
  the decision planned for that person, whatever channel it was planned for (the user chose
  e-mail after all): the earliest one still to do that it may be, that is due at most
  `SENT_EARLY` after the message and follows an interview that had ended when it was sent.
- An automatic answer with a return date moves the next follow-up to that person to the first
  working morning after the return date (the return day itself goes to their backlog). It is
  not hearing back: no touch, nothing held.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from followup_desktop.domain.decision import DecisionOutcome
from followup_desktop.domain.model import ActionKind
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.workcal import local_instant, next_working_day

# A note sent this long before its follow-up was due still counts as that follow-up.
SENT_EARLY = timedelta(days=3)
# What a sent message can be. Not the decision check: its outcome must come from the user.
SENT_KINDS = (ActionKind.THANK_YOU, ActionKind.KEEP_IN_TOUCH, ActionKind.ASK_ABOUT_DECISION)
# A return date further away than this is a misreading (or a sabbatical): nothing is moved.
AWAY_AT_MOST = timedelta(days=366)


class TouchDirection(StrEnum):
    """Who made a touch: the user (a note, a call), or them (a reply read from the mailbox)."""

    OUT = "out"
    IN = "in"


class ReplyAnswer(StrEnum):
    """Where a reply stands: waiting for the user, or what the user said it said."""

    WAITING = "waiting"
    OPEN = "open"  # still open, with the date they will decide by
    NO_NEWS = "no_news"  # it said nothing about the decision
    FILLED = "filled"
    OFFER = "offer"
    REJECTED = "rejected"

    @classmethod
    def of(cls, outcome: DecisionOutcome, next_date: date | None) -> ReplyAnswer:
        if outcome == DecisionOutcome.OPEN:
            return cls.OPEN if next_date is not None else cls.NO_NEWS
        return cls(outcome.value)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {ReplyAnswer.WAITING: "Waiting for your answer",
           ReplyAnswer.OPEN: "Still open, with a date", ReplyAnswer.NO_NEWS: "No news",
           ReplyAnswer.FILLED: "Position filled", ReplyAnswer.OFFER: "Offer",
           ReplyAnswer.REJECTED: "Rejected"}


def sent_fulfils(due: datetime, interview_end: datetime | None, sent: datetime) -> bool:
    """Whether a message sent at `sent` can be the follow-up due at `due` (its snooze end,
    when snoozed) after an interview that ended at `interview_end`: sent after the interview
    and at most `SENT_EARLY` before it was due. A late one (sent days after it was due) still
    is it."""
    if interview_end is not None and sent < interview_end:
        return False
    return sent >= due - SENT_EARLY


def reply_waits(at: datetime, since: datetime | None) -> bool:
    """A reply waits for the user's answer only when it came after `since` (the latest
    interview's end, or the latest decision call): older mail is history, not news."""
    return since is None or at > since


def morning_after(return_day: date, rules: Rules) -> datetime:
    """The start of the first working day after the return date, in the user's zone."""
    return local_instant(next_working_day(return_day, rules), rules.day_start, rules)


def away_plausible(return_day: date, sent_on: date) -> bool:
    """A return date on or after the day the answer was sent, and not absurdly far."""
    return sent_on <= return_day <= sent_on + AWAY_AT_MOST
